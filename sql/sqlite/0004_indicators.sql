-- Schema version 4: the indicator catalog (seeded from Monitoring.Core/Indicators/catalog.json, editable) and computed values.
CREATE TABLE indicators (
    code        TEXT    NOT NULL PRIMARY KEY,
    field       TEXT    NOT NULL,
    name_de     TEXT    NOT NULL,
    definition  TEXT    NOT NULL,            -- the whole indicator as JSON (formulas, unit, direction, levels, ...)
    edited      INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1)),  -- changed by an analyst: seeding leaves it alone
    updated_at  TEXT    NOT NULL
);

-- value = numerator / denominator * factor (or the derived formula); numerator and denominator are kept so that
-- higher areas and checks can be computed from sums, never from averaged ratios.
CREATE TABLE indicator_values (
    indicator_code TEXT    NOT NULL REFERENCES indicators (code),
    area_id        INTEGER NOT NULL REFERENCES areas (id),
    period         TEXT    NOT NULL,
    year           INTEGER NOT NULL,
    value          REAL    NULL,
    numerator      REAL    NULL,
    denominator    REAL    NULL,
    flags          INTEGER NOT NULL DEFAULT 0,
    computed_at    TEXT    NOT NULL,
    PRIMARY KEY (indicator_code, area_id, period)
);
CREATE INDEX ix_indicator_values_area ON indicator_values (area_id, year);
