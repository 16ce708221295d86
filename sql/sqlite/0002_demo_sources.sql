-- Schema version 2: demo data is marked on its source, so every page can label it as Beispieldaten.
ALTER TABLE data_sources ADD COLUMN is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1));
