-- Schema version 14: the official directory of all of Germany's areas (Destatis GV100AD): the name as the directory
-- writes it ("Gütersloh, Stadt"; `name` keeps the one people use), area in km² and population as the edition gives them.
ALTER TABLE areas ADD COLUMN official_name TEXT NULL;
ALTER TABLE areas ADD COLUMN area_km2 REAL NULL;
ALTER TABLE areas ADD COLUMN population INTEGER NULL;
ALTER TABLE areas ADD COLUMN edition TEXT NULL;      -- the Gebietsstand of the directory edition that last set the area: an older one never undoes it
