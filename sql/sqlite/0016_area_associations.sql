-- Schema version 16: Baden-Württemberg's Regionen and the Gemeindeverbände (Ämter, Samtgemeinden, Verbandsgemeinden,
-- Verwaltungsgemeinschaften …) of the directory are areas of levels of their own, beside the tree of Kreise and
-- Gemeinden: files with their keys (the Zensus database's GEOVB4) import, and they are never summed.
-- SQLite rebuilds a table to change a CHECK constraint, which five tables' foreign keys to areas do not allow inside a
-- transaction. Widening the list of allowed values changes nothing stored (SQLite's documented way for constraints:
-- "ALTER TABLE", section "Making Other Kinds Of Table Schema Changes"); the table and index created and dropped after it
-- advance the schema version, so every other connection reads the new definition; the application clears its
-- connection pool after migrating (SqliteDatabase.SchemaChanged).
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, '''Regierungsbezirk'',''Kreis'',''Gemeinde''', '''Regierungsbezirk'',''Region'',''Kreis'',''Gemeindeverband'',''Gemeinde''')
WHERE type = 'table' AND name = 'areas';
PRAGMA writable_schema = OFF;
CREATE TABLE schema_version_0016 (advance INTEGER);
DROP TABLE schema_version_0016;
