-- Schema version 1: areas, variables, dimensions, observations with revisions, data sources, import runs.
-- Keys are INTEGER PRIMARY KEY (rowid aliases); dates and timestamps are ISO-8601 text in UTC.

CREATE TABLE areas (
    id          INTEGER PRIMARY KEY,
    area_key    TEXT    NOT NULL,            -- official key as GENESIS uses it: DG, 05, 057, 05754, 05754008; own keys for sub-municipal areas
    ars         TEXT    NULL,                -- 12-digit Amtlicher Regionalschlüssel where known
    name        TEXT    NOT NULL,
    level       TEXT    NOT NULL CHECK (level IN ('Bund','Land','Regierungsbezirk','Kreis','Gemeinde','Sozialraum','Stadtteil')),
    parent_id   INTEGER NULL REFERENCES areas (id),
    valid_from  TEXT    NULL,                -- municipal reforms: a key may end and another begin
    valid_to    TEXT    NULL,
    CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);
-- SQLite treats NULLs in a unique index as distinct; the expression keeps one open-ended version per key, as SQL Server does.
CREATE UNIQUE INDEX ux_areas_key_from ON areas (area_key, coalesce(valid_from, ''));
CREATE INDEX ix_areas_parent ON areas (parent_id);

CREATE TABLE variables (
    id          INTEGER PRIMARY KEY,
    code        TEXT    NOT NULL UNIQUE,     -- e.g. BEVSTD, or a table-qualified code for own sources
    label       TEXT    NOT NULL,            -- German label as the source gives it
    unit        TEXT    NULL,
    source      TEXT    NULL                 -- free description: statistic number, table code, office
);

-- Dimensions are open-ended (sex, nationality group, age group, ...): GENESIS calls them Merkmal and Auspraegung.
CREATE TABLE dimensions (
    code        TEXT    NOT NULL PRIMARY KEY,   -- e.g. GES, NAT, ALTX20
    label       TEXT    NOT NULL
);

CREATE TABLE dimension_values (
    dimension   TEXT    NOT NULL REFERENCES dimensions (code),
    code        TEXT    NOT NULL,               -- e.g. GESM, NATA
    label       TEXT    NOT NULL,
    PRIMARY KEY (dimension, code)
);

-- One row per distinct combination of dimension values, so observations carry one small integer
-- and stay unique per variable x area x period x combination. set_key is the canonical text
-- "DIM=VALUE;DIM=VALUE" ordered by dimension code; the empty combination is id 1.
CREATE TABLE dimension_sets (
    id          INTEGER PRIMARY KEY,
    set_key     TEXT    NOT NULL UNIQUE
);
INSERT INTO dimension_sets (id, set_key) VALUES (1, '');

CREATE TABLE dimension_set_members (
    set_id      INTEGER NOT NULL REFERENCES dimension_sets (id),
    dimension   TEXT    NOT NULL,
    value_code  TEXT    NOT NULL,
    PRIMARY KEY (set_id, dimension),
    FOREIGN KEY (dimension, value_code) REFERENCES dimension_values (dimension, code)
);
CREATE INDEX ix_dimension_set_members_value ON dimension_set_members (dimension, value_code);

CREATE TABLE data_sources (
    id               INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL UNIQUE,
    kind             TEXT    NOT NULL,          -- adapter: GenesisFlatFile, GenesisTable, GenesisApi, Tabular
    settings         TEXT    NOT NULL DEFAULT '{}',  -- adapter settings and column mapping as JSON
    schedule         TEXT    NULL,              -- cron expression; NULL = on demand only
    enabled          INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    reject_threshold REAL    NOT NULL DEFAULT 0.0,  -- share of rejected rows above which a run fails
    created_at       TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE import_runs (
    id              INTEGER PRIMARY KEY,
    data_source_id  INTEGER NOT NULL REFERENCES data_sources (id),
    status          TEXT    NOT NULL CHECK (status IN ('Running','Succeeded','Unchanged','Failed')),
    started_at      TEXT    NOT NULL,
    finished_at     TEXT    NULL,
    file_name       TEXT    NULL,
    file_hash       TEXT    NULL,              -- SHA-256 of the file as received
    rows_read       INTEGER NOT NULL DEFAULT 0,
    rows_inserted   INTEGER NOT NULL DEFAULT 0,
    rows_updated    INTEGER NOT NULL DEFAULT 0,
    rows_unchanged  INTEGER NOT NULL DEFAULT 0,
    rows_rejected   INTEGER NOT NULL DEFAULT 0,
    report          TEXT    NULL,              -- JSON: rejected rows with file, line, column, reason; unknown areas
    error           TEXT    NULL
);
CREATE INDEX ix_import_runs_source ON import_runs (data_source_id, started_at);
CREATE INDEX ix_import_runs_hash ON import_runs (data_source_id, file_hash);

-- value is NULL where no number exists; flags keep the official meaning of the symbol (see QualityFlags).
-- REAL, not NUMERIC: NUMERIC affinity would store 4321 as INTEGER and 612.5 as REAL, and readers would meet both types in one column.
-- period is '2023' for a year or '2023-12-31' for a reference date; year is its year, for range queries.
CREATE TABLE observations (
    id              INTEGER PRIMARY KEY,
    variable_id     INTEGER NOT NULL REFERENCES variables (id),
    area_id         INTEGER NOT NULL REFERENCES areas (id),
    period          TEXT    NOT NULL,
    year            INTEGER NOT NULL,
    dimension_set_id INTEGER NOT NULL DEFAULT 1 REFERENCES dimension_sets (id),
    value           REAL    NULL,
    flags           INTEGER NOT NULL DEFAULT 0,
    import_run_id   INTEGER NOT NULL REFERENCES import_runs (id)
);
CREATE UNIQUE INDEX ux_observations_key ON observations (variable_id, area_id, period, dimension_set_id);
CREATE INDEX ix_observations_area_year ON observations (area_id, year);
CREATE INDEX ix_observations_run ON observations (import_run_id);

-- A corrected official figure never silently overwrites history.
CREATE TABLE observation_revisions (
    id              INTEGER PRIMARY KEY,
    observation_id  INTEGER NOT NULL REFERENCES observations (id),
    old_value       REAL    NULL,
    old_flags       INTEGER NOT NULL,
    old_import_run_id INTEGER NOT NULL REFERENCES import_runs (id),
    new_value       REAL    NULL,
    new_flags       INTEGER NOT NULL,
    import_run_id   INTEGER NOT NULL REFERENCES import_runs (id),
    revised_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX ix_observation_revisions_observation ON observation_revisions (observation_id);
CREATE INDEX ix_observation_revisions_run ON observation_revisions (import_run_id);
