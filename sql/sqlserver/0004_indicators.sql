-- Schema version 4: the indicator catalog (seeded from Monitoring.Core/Indicators/catalog.json, editable) and computed values.
CREATE TABLE dbo.indicators (
    code        NVARCHAR(40)   NOT NULL CONSTRAINT pk_indicators PRIMARY KEY,
    field       NVARCHAR(100)  NOT NULL,
    name_de     NVARCHAR(300)  NOT NULL,
    definition  NVARCHAR(MAX)  NOT NULL,
    edited      BIT            NOT NULL CONSTRAINT df_indicators_edited DEFAULT (0),
    updated_at  DATETIME2(3)   NOT NULL
);

CREATE TABLE dbo.indicator_values (
    indicator_code NVARCHAR(40)  NOT NULL CONSTRAINT fk_indicator_values_indicator REFERENCES dbo.indicators (code),
    area_id        INT           NOT NULL CONSTRAINT fk_indicator_values_area REFERENCES dbo.areas (id),
    period         VARCHAR(10)   NOT NULL,
    year           SMALLINT      NOT NULL,
    value          FLOAT         NULL,
    numerator      FLOAT         NULL,
    denominator    FLOAT         NULL,
    flags          INT           NOT NULL CONSTRAINT df_indicator_values_flags DEFAULT (0),
    computed_at    DATETIME2(3)  NOT NULL,
    CONSTRAINT pk_indicator_values PRIMARY KEY (indicator_code, area_id, period)
);
CREATE INDEX ix_indicator_values_area ON dbo.indicator_values (area_id, year);
