-- Schema version 6: lineage of computed values, the stored combinations per variable, peer groups.

-- The import runs a value came from, as "3,17": any number on a chart can be traced to its source files.
ALTER TABLE dbo.indicator_values ADD import_runs VARCHAR(1000) NULL;

-- Which dimension combinations a variable is stored in. Kept by the importer, so that a computation does not scan
-- every observation of a variable to find out which breakdowns exist.
CREATE TABLE dbo.variable_dimension_sets (
    variable_id      INT NOT NULL CONSTRAINT fk_variable_dimension_sets_variable REFERENCES dbo.variables (id),
    dimension_set_id INT NOT NULL CONSTRAINT fk_variable_dimension_sets_set REFERENCES dbo.dimension_sets (id),
    CONSTRAINT pk_variable_dimension_sets PRIMARY KEY (variable_id, dimension_set_id)
);
INSERT INTO dbo.variable_dimension_sets (variable_id, dimension_set_id)
SELECT DISTINCT variable_id, dimension_set_id FROM dbo.observations;

-- One clustering of areas into comparable types; the newest per level is the one shown.
CREATE TABLE dbo.peer_groupings (
    id          INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_peer_groupings PRIMARY KEY,
    level       NVARCHAR(20)   NOT NULL,
    year        SMALLINT       NOT NULL,
    groups      INT            NOT NULL,
    silhouette  FLOAT          NOT NULL,
    features    NVARCHAR(MAX)  NOT NULL,
    computed_at DATETIME2(3)   NOT NULL
);

CREATE TABLE dbo.peer_group_members (
    grouping_id INT NOT NULL CONSTRAINT fk_peer_group_members_grouping REFERENCES dbo.peer_groupings (id),
    area_id     INT NOT NULL CONSTRAINT fk_peer_group_members_area REFERENCES dbo.areas (id),
    group_no    INT NOT NULL,
    CONSTRAINT pk_peer_group_members PRIMARY KEY (grouping_id, area_id)
);
