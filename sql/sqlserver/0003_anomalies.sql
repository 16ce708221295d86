-- Schema version 3: implausible values found after an import run, for analysts to check. They never block a run.
CREATE TABLE dbo.anomalies (
    id              BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_anomalies PRIMARY KEY,
    import_run_id   INT            NOT NULL CONSTRAINT fk_anomalies_run REFERENCES dbo.import_runs (id),
    observation_id  BIGINT         NOT NULL CONSTRAINT fk_anomalies_observation REFERENCES dbo.observations (id),
    kind            NVARCHAR(20)   NOT NULL CONSTRAINT ck_anomalies_kind CHECK (kind IN (N'History', N'Peers')),
    score           FLOAT          NOT NULL,
    message         NVARCHAR(1000) NOT NULL
);
CREATE INDEX ix_anomalies_run ON dbo.anomalies (import_run_id);
CREATE INDEX ix_anomalies_observation ON dbo.anomalies (observation_id);
