-- Schema version 5: the goals of the Integrationskonzept and series breaks.
-- A Leitziel (guiding goal) holds Handlungsziele (operational goals); each Handlungsziel has indicator targets.
CREATE TABLE goals (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER NULL REFERENCES goals (id),
    kind        TEXT    NOT NULL CHECK (kind IN ('Leitziel','Handlungsziel')),
    title       TEXT    NOT NULL,
    field       TEXT    NOT NULL,            -- field of action, as in the indicator catalog
    description TEXT    NULL,
    is_demo     INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
    CHECK ((kind = 'Leitziel' AND parent_id IS NULL) OR (kind = 'Handlungsziel' AND parent_id IS NOT NULL))
);

CREATE TABLE goal_targets (
    id              INTEGER PRIMARY KEY,
    goal_id         INTEGER NOT NULL REFERENCES goals (id),
    indicator_code  TEXT    NOT NULL REFERENCES indicators (code),
    area_id         INTEGER NOT NULL REFERENCES areas (id),
    baseline_year   INTEGER NOT NULL,
    target_year     INTEGER NOT NULL,
    target_value    REAL    NULL,              -- NULL: a direction only
    direction       TEXT    NOT NULL CHECK (direction IN ('Up','Down')),
    department      TEXT    NULL,              -- responsible department
    notes           TEXT    NULL,
    CHECK (target_year > baseline_year)
);
CREATE INDEX ix_goal_targets_goal ON goal_targets (goal_id);

-- A year in which a variable's series breaks (new definition or base, e.g. the Zensus 2022): trends never span it.
CREATE TABLE series_breaks (
    variable_code TEXT    NOT NULL,
    year          INTEGER NOT NULL,
    description   TEXT    NOT NULL,
    PRIMARY KEY (variable_code, year)
);
INSERT INTO series_breaks (variable_code, year, description) VALUES
    ('BEVSTD', 2022, 'Bevölkerungsfortschreibung ab 2022 auf Basis des Zensus 2022 (vorher Zensus 2011)'),
    ('BEVSTD_U3', 2022, 'Bevölkerungsfortschreibung ab 2022 auf Basis des Zensus 2022 (vorher Zensus 2011)'),
    ('BEVSTD_3B6', 2022, 'Bevölkerungsfortschreibung ab 2022 auf Basis des Zensus 2022 (vorher Zensus 2011)'),
    ('BEVSTD_18B21', 2022, 'Bevölkerungsfortschreibung ab 2022 auf Basis des Zensus 2022 (vorher Zensus 2011)');
