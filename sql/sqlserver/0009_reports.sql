-- Schema version 9: committee reports and their published editions.

CREATE TABLE dbo.reports (
    id          INT IDENTITY(1,1) NOT NULL CONSTRAINT pk_reports PRIMARY KEY,
    title       NVARCHAR(300)  NOT NULL,
    template    NVARCHAR(40)   NOT NULL CONSTRAINT ck_reports_template CHECK (template IN (N'Integrationsbericht', N'Zielerreichung')),
    definition  NVARCHAR(MAX)  NOT NULL,
    created_by  NVARCHAR(100)  NOT NULL,
    created_at  DATETIME2(3)   NOT NULL,
    updated_at  DATETIME2(3)   NOT NULL
);

-- Editions are never updated: a published report stays exactly as the committee saw it.
CREATE TABLE dbo.report_editions (
    report_id    INT            NOT NULL CONSTRAINT fk_report_editions_report REFERENCES dbo.reports (id),
    edition      INT            NOT NULL,
    published_at DATETIME2(3)   NOT NULL,
    published_by NVARCHAR(100)  NOT NULL,
    data_status  DATETIME2(3)   NULL,
    document     NVARCHAR(MAX)  NOT NULL,
    CONSTRAINT pk_report_editions PRIMARY KEY (report_id, edition)
);
