-- Schema version 11: the years each variable is stored for, kept by the importer, instead of an index on the
-- observations' year. That index answered only one question (the years a computation spans), yet every imported row
-- had to be entered into it; this table gains a row per variable and year, a handful per import.
CREATE TABLE dbo.variable_years (
    variable_id INT      NOT NULL CONSTRAINT fk_variable_years_variable REFERENCES dbo.variables (id),
    year        SMALLINT NOT NULL,
    CONSTRAINT pk_variable_years PRIMARY KEY (variable_id, year)
);
INSERT INTO dbo.variable_years (variable_id, year)
SELECT DISTINCT variable_id, year FROM dbo.observations;
DROP INDEX ix_observations_year ON dbo.observations;
