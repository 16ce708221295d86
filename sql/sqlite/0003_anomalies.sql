-- Schema version 3: implausible values found after an import run, for analysts to check. They never block a run.
CREATE TABLE anomalies (
    id              INTEGER PRIMARY KEY,
    import_run_id   INTEGER NOT NULL REFERENCES import_runs (id),
    observation_id  INTEGER NOT NULL REFERENCES observations (id),
    kind            TEXT    NOT NULL CHECK (kind IN ('History','Peers')),
    score           REAL    NOT NULL,   -- robust z-score of the change
    message         TEXT    NOT NULL
);
CREATE INDEX ix_anomalies_run ON anomalies (import_run_id);
CREATE INDEX ix_anomalies_observation ON anomalies (observation_id);
