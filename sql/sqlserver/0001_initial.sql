-- Schema version 1: areas, variables, dimensions, observations with revisions, data sources, import runs.
-- Same tables, columns and constraints as sql/sqlite/0001_initial.sql; timestamps are UTC.

CREATE TABLE dbo.areas (
    id          INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_areas PRIMARY KEY,
    area_key    NVARCHAR(32)  NOT NULL,
    ars         NVARCHAR(12)  NULL,
    name        NVARCHAR(200) NOT NULL,
    level       NVARCHAR(20)  NOT NULL CONSTRAINT ck_areas_level CHECK (level IN (N'Bund',N'Land',N'Regierungsbezirk',N'Kreis',N'Gemeinde',N'Sozialraum',N'Stadtteil')),
    parent_id   INT NULL CONSTRAINT fk_areas_parent REFERENCES dbo.areas (id),
    valid_from  DATE NULL,
    valid_to    DATE NULL,
    CONSTRAINT ck_areas_validity CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);
-- SQL Server treats NULLs as equal in unique indexes, as SQLite does not; both allow one open-ended version per key.
CREATE UNIQUE INDEX ux_areas_key_from ON dbo.areas (area_key, valid_from);
CREATE INDEX ix_areas_parent ON dbo.areas (parent_id);

CREATE TABLE dbo.variables (
    id          INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_variables PRIMARY KEY,
    code        NVARCHAR(100) NOT NULL CONSTRAINT ux_variables_code UNIQUE,
    label       NVARCHAR(400) NOT NULL,
    unit        NVARCHAR(50)  NULL,
    source      NVARCHAR(400) NULL
);

CREATE TABLE dbo.dimensions (
    code        NVARCHAR(50)  NOT NULL CONSTRAINT pk_dimensions PRIMARY KEY,
    label       NVARCHAR(200) NOT NULL
);

CREATE TABLE dbo.dimension_values (
    dimension   NVARCHAR(50)  NOT NULL CONSTRAINT fk_dimension_values_dimension REFERENCES dbo.dimensions (code),
    code        NVARCHAR(100) NOT NULL,
    label       NVARCHAR(400) NOT NULL,
    CONSTRAINT pk_dimension_values PRIMARY KEY (dimension, code)
);

CREATE TABLE dbo.dimension_sets (
    id          INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_dimension_sets PRIMARY KEY,
    set_key     NVARCHAR(850) NOT NULL CONSTRAINT ux_dimension_sets_key UNIQUE
);
SET IDENTITY_INSERT dbo.dimension_sets ON;
INSERT INTO dbo.dimension_sets (id, set_key) VALUES (1, N'');
SET IDENTITY_INSERT dbo.dimension_sets OFF;

CREATE TABLE dbo.dimension_set_members (
    set_id      INT           NOT NULL CONSTRAINT fk_dimension_set_members_set REFERENCES dbo.dimension_sets (id),
    dimension   NVARCHAR(50)  NOT NULL,
    value_code  NVARCHAR(100) NOT NULL,
    CONSTRAINT pk_dimension_set_members PRIMARY KEY (set_id, dimension),
    CONSTRAINT fk_dimension_set_members_value FOREIGN KEY (dimension, value_code) REFERENCES dbo.dimension_values (dimension, code)
);
CREATE INDEX ix_dimension_set_members_value ON dbo.dimension_set_members (dimension, value_code);

CREATE TABLE dbo.data_sources (
    id               INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_data_sources PRIMARY KEY,
    name             NVARCHAR(200) NOT NULL CONSTRAINT ux_data_sources_name UNIQUE,
    kind             NVARCHAR(50)  NOT NULL,
    settings         NVARCHAR(MAX) NOT NULL CONSTRAINT df_data_sources_settings DEFAULT (N'{}'),
    schedule         NVARCHAR(100) NULL,
    enabled          BIT           NOT NULL CONSTRAINT df_data_sources_enabled DEFAULT (1),
    reject_threshold FLOAT         NOT NULL CONSTRAINT df_data_sources_reject DEFAULT (0.0),
    created_at       DATETIME2(3)  NOT NULL CONSTRAINT df_data_sources_created DEFAULT (SYSUTCDATETIME())
);

CREATE TABLE dbo.import_runs (
    id              INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_import_runs PRIMARY KEY,
    data_source_id  INT           NOT NULL CONSTRAINT fk_import_runs_source REFERENCES dbo.data_sources (id),
    status          NVARCHAR(20)  NOT NULL CONSTRAINT ck_import_runs_status CHECK (status IN (N'Running',N'Succeeded',N'Unchanged',N'Failed')),
    started_at      DATETIME2(3)  NOT NULL,
    finished_at     DATETIME2(3)  NULL,
    file_name       NVARCHAR(400) NULL,
    file_hash       CHAR(64)      NULL,
    rows_read       BIGINT        NOT NULL CONSTRAINT df_import_runs_read DEFAULT (0),
    rows_inserted   BIGINT        NOT NULL CONSTRAINT df_import_runs_inserted DEFAULT (0),
    rows_updated    BIGINT        NOT NULL CONSTRAINT df_import_runs_updated DEFAULT (0),
    rows_unchanged  BIGINT        NOT NULL CONSTRAINT df_import_runs_unchanged DEFAULT (0),
    rows_rejected   BIGINT        NOT NULL CONSTRAINT df_import_runs_rejected DEFAULT (0),
    report          NVARCHAR(MAX) NULL,
    error           NVARCHAR(MAX) NULL
);
CREATE INDEX ix_import_runs_source ON dbo.import_runs (data_source_id, started_at);
CREATE INDEX ix_import_runs_hash ON dbo.import_runs (data_source_id, file_hash);

CREATE TABLE dbo.observations (
    id               BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_observations PRIMARY KEY,
    variable_id      INT            NOT NULL CONSTRAINT fk_observations_variable REFERENCES dbo.variables (id),
    area_id          INT            NOT NULL CONSTRAINT fk_observations_area REFERENCES dbo.areas (id),
    period           VARCHAR(10)    NOT NULL,
    year             SMALLINT       NOT NULL,
    dimension_set_id INT            NOT NULL CONSTRAINT df_observations_dims DEFAULT (1) CONSTRAINT fk_observations_dims REFERENCES dbo.dimension_sets (id),
    value            DECIMAL(28,8)  NULL,
    flags            INT            NOT NULL CONSTRAINT df_observations_flags DEFAULT (0),
    import_run_id    INT            NOT NULL CONSTRAINT fk_observations_run REFERENCES dbo.import_runs (id)
);
CREATE UNIQUE INDEX ux_observations_key ON dbo.observations (variable_id, area_id, period, dimension_set_id);
CREATE INDEX ix_observations_area_year ON dbo.observations (area_id, year);
CREATE INDEX ix_observations_run ON dbo.observations (import_run_id);

CREATE TABLE dbo.observation_revisions (
    id                BIGINT IDENTITY(1,1) NOT NULL CONSTRAINT pk_observation_revisions PRIMARY KEY,
    observation_id    BIGINT        NOT NULL CONSTRAINT fk_revisions_observation REFERENCES dbo.observations (id),
    old_value         DECIMAL(28,8) NULL,
    old_flags         INT           NOT NULL,
    old_import_run_id INT           NOT NULL CONSTRAINT fk_revisions_old_run REFERENCES dbo.import_runs (id),
    new_value         DECIMAL(28,8) NULL,
    new_flags         INT           NOT NULL,
    import_run_id     INT           NOT NULL CONSTRAINT fk_revisions_run REFERENCES dbo.import_runs (id),
    revised_at        DATETIME2(3)  NOT NULL CONSTRAINT df_revisions_at DEFAULT (SYSUTCDATETIME())
);
CREATE INDEX ix_observation_revisions_observation ON dbo.observation_revisions (observation_id);
CREATE INDEX ix_observation_revisions_run ON dbo.observation_revisions (import_run_id);
