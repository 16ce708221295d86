-- Schema version 10: observations indexed by year instead of by area and year.
-- Nothing looks observations up by area; the (area, year) index only cost imports: each file's rows land in every
-- area's part of it, so at Germany scale an import rewrote thousands of its pages. An index on the year alone takes
-- a file's rows at the end of each year's range, and answers the years the stored data spans at once.
DROP INDEX ix_observations_area_year;
CREATE INDEX ix_observations_year ON observations (year);
