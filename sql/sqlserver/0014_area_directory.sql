-- Schema version 14: the official directory of all of Germany's areas (Destatis GV100AD): the name as the directory
-- writes it ("Gütersloh, Stadt"; `name` keeps the one people use), area in km² and population as the edition gives them.
ALTER TABLE dbo.areas ADD official_name NVARCHAR(200) NULL, area_km2 FLOAT NULL, population BIGINT NULL, edition CHAR(10) NULL;
