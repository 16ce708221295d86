-- Schema version 2: demo data is marked on its source, so every page can label it as Beispieldaten.
ALTER TABLE dbo.data_sources ADD is_demo BIT NOT NULL CONSTRAINT df_data_sources_demo DEFAULT (0);
