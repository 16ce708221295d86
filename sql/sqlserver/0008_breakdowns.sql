-- Schema version 8: indicator values per disaggregation ("breakdown"): '' is the total, 'STAGRP=UKR' one group.
ALTER TABLE dbo.indicator_values ADD breakdown NVARCHAR(100) NOT NULL CONSTRAINT df_indicator_values_breakdown DEFAULT (N'');
ALTER TABLE dbo.indicator_values DROP CONSTRAINT pk_indicator_values;
ALTER TABLE dbo.indicator_values ADD CONSTRAINT pk_indicator_values PRIMARY KEY (indicator_code, area_id, period, breakdown);
