-- Schema version 18: the boundaries of the district's own areas (Sozialräume, Stadtteile, Schulbezirke), loaded from a
-- GeoJSON file for the map: one geometry per area, as GeoJSON in WGS 84 (longitude, latitude), with the file it came from.
CREATE TABLE dbo.area_boundaries (
    area_id   INT            NOT NULL CONSTRAINT pk_area_boundaries PRIMARY KEY CONSTRAINT fk_area_boundaries_area REFERENCES dbo.areas (id),
    geometry  NVARCHAR(MAX)  NOT NULL,
    file_name NVARCHAR(400)  NOT NULL,
    loaded_at DATETIME2      NOT NULL
);
