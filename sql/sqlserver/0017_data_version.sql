-- Schema version 17: one number for "the data changed". Every write path (an audited change, an import, a
-- recompute, a peer grouping, the area directory) advances it in its own transaction, just before the commit; every
-- cache of every process keys its entries by it (docs/architecture.md lists them). A single row: writers hold its
-- lock only between their last statement and their commit; readers under READ_COMMITTED_SNAPSHOT never wait for it.
CREATE TABLE dbo.data_version (
    id      INT    NOT NULL CONSTRAINT pk_data_version PRIMARY KEY CONSTRAINT ck_data_version_one CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO dbo.data_version (id, version) VALUES (1, 1);
