-- Schema version 11: the years each variable is stored for, kept by the importer, instead of an index on the
-- observations' year. That index answered only one question (the years a computation spans), yet every imported row
-- had to be entered into it; this table gains a row per variable and year, a handful per import.
CREATE TABLE variable_years (
    variable_id INTEGER NOT NULL REFERENCES variables (id),
    year        INTEGER NOT NULL,
    PRIMARY KEY (variable_id, year)
) WITHOUT ROWID;
INSERT INTO variable_years (variable_id, year)
SELECT DISTINCT variable_id, year FROM observations;
DROP INDEX ix_observations_year;
