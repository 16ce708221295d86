-- Schema version 5: the goals of the Integrationskonzept and series breaks.
CREATE TABLE dbo.goals (
    id          INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_goals PRIMARY KEY,
    parent_id   INT            NULL CONSTRAINT fk_goals_parent REFERENCES dbo.goals (id),
    kind        NVARCHAR(20)   NOT NULL CONSTRAINT ck_goals_kind CHECK (kind IN (N'Leitziel', N'Handlungsziel')),
    title       NVARCHAR(400)  NOT NULL,
    field       NVARCHAR(100)  NOT NULL,
    description NVARCHAR(MAX)  NULL,
    is_demo     BIT            NOT NULL CONSTRAINT df_goals_demo DEFAULT (0),
    CONSTRAINT ck_goals_parent CHECK ((kind = N'Leitziel' AND parent_id IS NULL) OR (kind = N'Handlungsziel' AND parent_id IS NOT NULL))
);

CREATE TABLE dbo.goal_targets (
    id              INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_goal_targets PRIMARY KEY,
    goal_id         INT            NOT NULL CONSTRAINT fk_goal_targets_goal REFERENCES dbo.goals (id),
    indicator_code  NVARCHAR(40)   NOT NULL CONSTRAINT fk_goal_targets_indicator REFERENCES dbo.indicators (code),
    area_id         INT            NOT NULL CONSTRAINT fk_goal_targets_area REFERENCES dbo.areas (id),
    baseline_year   SMALLINT       NOT NULL,
    target_year     SMALLINT       NOT NULL,
    target_value    FLOAT          NULL,
    direction       NVARCHAR(10)   NOT NULL CONSTRAINT ck_goal_targets_direction CHECK (direction IN (N'Up', N'Down')),
    department      NVARCHAR(200)  NULL,
    notes           NVARCHAR(MAX)  NULL,
    CONSTRAINT ck_goal_targets_years CHECK (target_year > baseline_year)
);
CREATE INDEX ix_goal_targets_goal ON dbo.goal_targets (goal_id);

CREATE TABLE dbo.series_breaks (
    variable_code NVARCHAR(100)  NOT NULL,
    year          SMALLINT       NOT NULL,
    description   NVARCHAR(400)  NOT NULL,
    CONSTRAINT pk_series_breaks PRIMARY KEY (variable_code, year)
);
INSERT INTO dbo.series_breaks (variable_code, year, description) VALUES
    (N'BEVSTD', 2022, N'Bevölkerungsfortschreibung ab 2022 auf Basis des Zensus 2022 (vorher Zensus 2011)'),
    (N'BEVSTD_U3', 2022, N'Bevölkerungsfortschreibung ab 2022 auf Basis des Zensus 2022 (vorher Zensus 2011)'),
    (N'BEVSTD_3B6', 2022, N'Bevölkerungsfortschreibung ab 2022 auf Basis des Zensus 2022 (vorher Zensus 2011)'),
    (N'BEVSTD_18B21', 2022, N'Bevölkerungsfortschreibung ab 2022 auf Basis des Zensus 2022 (vorher Zensus 2011)');
