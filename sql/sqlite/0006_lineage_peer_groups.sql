-- Schema version 6: lineage of computed values, the stored combinations per variable, peer groups.

-- The import runs a value came from, as "3,17": any number on a chart can be traced to its source files.
ALTER TABLE indicator_values ADD COLUMN import_runs TEXT NULL;

-- Which dimension combinations a variable is stored in. Kept by the importer, so that a computation does not scan
-- every observation of a variable to find out which breakdowns exist.
CREATE TABLE variable_dimension_sets (
    variable_id      INTEGER NOT NULL REFERENCES variables (id),
    dimension_set_id INTEGER NOT NULL REFERENCES dimension_sets (id),
    PRIMARY KEY (variable_id, dimension_set_id)
) WITHOUT ROWID;
INSERT INTO variable_dimension_sets (variable_id, dimension_set_id)
SELECT DISTINCT variable_id, dimension_set_id FROM observations;

-- One clustering of areas into comparable types; the newest per level is the one shown.
CREATE TABLE peer_groupings (
    id          INTEGER PRIMARY KEY,
    level       TEXT    NOT NULL,
    year        INTEGER NOT NULL,            -- the year whose indicator values were the features
    groups      INTEGER NOT NULL,
    silhouette  REAL    NOT NULL,
    features    TEXT    NOT NULL,            -- JSON: feature codes, in order
    computed_at TEXT    NOT NULL
);

CREATE TABLE peer_group_members (
    grouping_id INTEGER NOT NULL REFERENCES peer_groupings (id),
    area_id     INTEGER NOT NULL REFERENCES areas (id),
    group_no    INTEGER NOT NULL,
    PRIMARY KEY (grouping_id, area_id)
);
