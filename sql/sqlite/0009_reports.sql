-- Schema version 9: committee reports and their published editions.

-- A report as an Editor composes it: title, template, areas, goals, indicators, commentary (JSON, see ReportDefinition).
CREATE TABLE reports (
    id          INTEGER PRIMARY KEY,
    title       TEXT    NOT NULL,
    template    TEXT    NOT NULL CHECK (template IN ('Integrationsbericht', 'Zielerreichung')),
    definition  TEXT    NOT NULL,
    created_by  TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

-- A published edition freezes every number the committee saw (document: ReportDocument as JSON), so later imports
-- never change it; editions are numbered per report and never updated.
CREATE TABLE report_editions (
    report_id    INTEGER NOT NULL REFERENCES reports (id),
    edition      INTEGER NOT NULL,
    published_at TEXT    NOT NULL,
    published_by TEXT    NOT NULL,
    data_status  TEXT    NULL,
    document     TEXT    NOT NULL,
    PRIMARY KEY (report_id, edition)
);
