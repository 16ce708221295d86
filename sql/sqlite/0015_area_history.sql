-- Schema version 15: former areas (Destatis AGS-Historie since 2007) keep the key of the area they went into; a file
-- that still carries the old key imports under the old area, valid until the change.
ALTER TABLE areas ADD COLUMN successor_key TEXT NULL;
