-- Schema version 16: Baden-Württemberg's Regionen and the Gemeindeverbände (Ämter, Samtgemeinden, Verbandsgemeinden,
-- Verwaltungsgemeinschaften …) of the directory are areas of levels of their own, beside the tree of Kreise and
-- Gemeinden: files with their keys (the Zensus database's GEOVB4) import, and they are never summed.
ALTER TABLE dbo.areas DROP CONSTRAINT ck_areas_level;
ALTER TABLE dbo.areas ADD CONSTRAINT ck_areas_level
    CHECK (level IN (N'Bund',N'Land',N'Regierungsbezirk',N'Region',N'Kreis',N'Gemeindeverband',N'Gemeinde',N'Sozialraum',N'Stadtteil'));
