-- Schema version 18: the boundaries of the district's own areas (Sozialräume, Stadtteile, Schulbezirke), loaded from a
-- GeoJSON file for the map: one geometry per area, as GeoJSON in WGS 84 (longitude, latitude), with the file it came from.
CREATE TABLE area_boundaries (
    area_id   INTEGER NOT NULL PRIMARY KEY REFERENCES areas (id),
    geometry  TEXT    NOT NULL,
    file_name TEXT    NOT NULL,
    loaded_at TEXT    NOT NULL
);
