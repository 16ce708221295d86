-- Schema version 8: indicator values per disaggregation ("breakdown"): '' is the total, 'STAGRP=UKR' one group.
-- SQLite cannot change a primary key in place: the table is rebuilt with its rows.
CREATE TABLE indicator_values_new (
    indicator_code TEXT    NOT NULL REFERENCES indicators (code),
    area_id        INTEGER NOT NULL REFERENCES areas (id),
    period         TEXT    NOT NULL,
    breakdown      TEXT    NOT NULL DEFAULT '',
    year           INTEGER NOT NULL,
    value          REAL    NULL,
    numerator      REAL    NULL,
    denominator    REAL    NULL,
    flags          INTEGER NOT NULL DEFAULT 0,
    computed_at    TEXT    NOT NULL,
    import_runs    TEXT    NULL,
    PRIMARY KEY (indicator_code, area_id, period, breakdown)
);
INSERT INTO indicator_values_new (indicator_code, area_id, period, breakdown, year, value, numerator, denominator, flags, computed_at, import_runs)
SELECT indicator_code, area_id, period, '', year, value, numerator, denominator, flags, computed_at, import_runs FROM indicator_values;
DROP TABLE indicator_values;
ALTER TABLE indicator_values_new RENAME TO indicator_values;
CREATE INDEX ix_indicator_values_area ON indicator_values (area_id, year);
