-- Schema version 17: one number for "the data changed". Every write path (an audited change, an import, a
-- recompute, a peer grouping, the area directory) advances it in its own transaction, just before the commit; every
-- cache of every process keys its entries by it (docs/architecture.md lists them). A single row, so that writers are
-- serialised on it only for the instant between their last statement and their commit.
CREATE TABLE data_version (
    id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 1);
