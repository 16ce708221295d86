using Monitoring.Core.Areas;
using Monitoring.Core.Indicators;
using Monitoring.Ingestion.Demo;

namespace Monitoring.Tests.Core.Indicators;

/// <summary>
/// Issue 16, part 5: the catalog on real tables. Every variable names the offices' tables that deliver it or is the
/// district's own data; its codes are the offices' own, so that an imported table lands on it; no code that the check
/// against the offices' exports found invented is used; an indicator has municipal values only where its inputs are
/// published per Gemeinde; and the demo data write only those codes, at the levels the offices publish them.
/// </summary>
public sealed class CatalogSourceTests
{
    static readonly IndicatorCatalog Catalog = IndicatorCatalog.Shipped();

    static readonly string[] Offices = ["Regionalstatistik", "Landesdatenbank NRW", "GENESIS-Online", "Bundesagentur für Arbeit"];

    /// <summary>Variable codes of the earlier catalog that no office uses (ERW032 exists, but counts employees at the workplace).</summary>
    static readonly string[] InventedVariables =
        ["EIN001", "AZR001", "KIT001", "SCH001", "SCH_GYM8", "ALO", "ZIVERW", "SGB201", "ASYLBLG", "BEVSTD_U3", "BEVSTD_3B6", "BEVSTD_18B21", "ERW032"];

    /// <summary>Merkmal codes of the earlier catalog that no office uses.</summary>
    static readonly string[] InventedDimensions = ["STAGRP", "AUFDAU", "ALTKITA", "HERKUNFT", "SCHABS", "SCHART"];

    /// <summary>Attribute codes of the earlier catalog that no office uses (ALTX20 has neither ALT000B15 nor ALT018B65).</summary>
    static readonly string[] InventedValues =
        ["EU14", "EUOST", "ASYL8", "UKR", "TUR", "SONST", "DAU10U", "DAU10M", "U3", "3B6", "HKAUS", "HKDT", "OHNEHSA", "MITHSA", "HSR", "GYM", "ALT000B15", "ALT018B65"];

    /// <summary>ALTX21, "Altersgruppen (unter 3, 5er-Schritte, 90 und mehr)", the age groups of 12411-03-03-4.</summary>
    static readonly string[] Altx21 =
    [
        "ALT000B03", "ALT003B06", "ALT006B10", "ALT010B15", "ALT015B18", "ALT018B20", "ALT020B25", "ALT025B30", "ALT030B35", "ALT035B40", "ALT040B45",
        "ALT045B50", "ALT050B55", "ALT055B60", "ALT060B65", "ALT065B70", "ALT070B75", "ALT075B80", "ALT080B85", "ALT085B90", "ALT090UM",
    ];

    static Indicator Indicator(string code) => Catalog.Indicators.Single(i => i.Code == code);

    [Fact]
    public void Every_variable_names_the_tables_that_deliver_it_or_is_the_districts_own_data()
    {
        Assert.All(Catalog.Variables, variable =>
        {
            var tables = variable.Tables ?? [];
            if (variable.Code.StartsWith(CatalogVariable.OwnPrefix, StringComparison.Ordinal)) Assert.True(variable.IsOwnData, $"{variable.Code}: own code, official source");
            if (variable.IsOwnData)
            {
                Assert.Empty(tables);
                return;
            }
            Assert.NotEmpty(tables);
            Assert.All(tables, table =>
            {
                Assert.Contains(table.Office, Offices);
                Assert.True(table.Depth is AreaLevel.Gemeinde or AreaLevel.Kreis or AreaLevel.Land, $"{variable.Code}: depth {table.Depth}");
                // The value variable, where the office names one, is the catalog's code: the imported table lands on it.
                if (table.ValueVariable is not null) Assert.Equal(variable.Code, table.ValueVariable);
                // What was not verified says what is missing.
                if (table.Verified is null || table.Table is null) Assert.False(string.IsNullOrWhiteSpace(table.Note), $"{variable.Code}: {table.Office} without a note");
            });
        });
    }

    [Fact]
    public void No_variable_uses_a_code_the_offices_do_not_use()
    {
        Assert.All(Catalog.Variables, variable =>
        {
            Assert.DoesNotContain(variable.Code, InventedVariables);
            // The district's own data are coded as the district codes them.
            if (variable.IsOwnData) return;
            Assert.Empty(variable.Dimensions.Keys.Intersect(InventedDimensions));
            Assert.Empty(variable.Dimensions.Values.SelectMany(values => values).Intersect(InventedValues));
        });
        var population = Catalog.Variables.Single(v => v.Code == "BEVSTD");
        Assert.Equal(Altx21, population.Dimensions["ALTX21"].ToArray());
        Assert.False(population.Dimensions.ContainsKey("ALTX20"));
        Assert.Equal(["NATA", "NATD"], population.Dimensions["NAT"]);
        // Employees at the place of residence are ERW033 (ERW032 is the workplace), on 30.06.
        Assert.Contains("30.06.", Catalog.Variables.Single(v => v.Code == "ERW033").Source, StringComparison.Ordinal);
    }

    [Fact]
    public void An_indicator_has_municipal_values_only_where_every_input_is_published_per_Gemeinde()
    {
        var variables = Catalog.Variables.ToDictionary(v => v.Code, StringComparer.Ordinal);
        foreach (var indicator in Catalog.Indicators)
        {
            var municipal = indicator.Levels.Contains(AreaLevel.Gemeinde);
            foreach (var variable in indicator.Formulas().SelectMany(f => f.Variables).Select(r => variables[r.Code]).Where(_ => municipal))
            {
                Assert.True(variable.IsOwnData || (variable.Tables ?? []).Any(t => t.Depth == AreaLevel.Gemeinde),
                    $"{indicator.Code}: {variable.Code} is not published per Gemeinde");
            }
            // A derived indicator exists only where the indicators it uses do.
            foreach (var used in indicator.Formulas().SelectMany(f => f.Indicators))
            {
                Assert.Empty(indicator.Levels.Except(Indicator(used).Levels));
            }
        }

        // Nationality by age, migration by nationality, the foreigners register, naturalisations, SGB II, daycare: per Kreis only.
        foreach (var code in new[] { "AUS_U18_ANT", "AUS_65_ANT", "WAND_SALDO_AUS", "ZUZUG_AUS", "ANT_UKR", "EINB_RATE", "EINB_POT", "BESCH_Q_AUS", "BESCH_Q_DT", "BESCH_Q_GAP", "SGB2_Q_AUS", "KITA_HK_ANT" })
        {
            Assert.Equal(AreaLevel.Kreis, Indicator(code).Depth);
        }
        Assert.Equal(AreaLevel.Gemeinde, Indicator("AUS_ANT").Depth);
    }

    [Fact]
    public void Where_practice_defines_an_indicator_in_several_ways_the_catalog_says_which_and_offers_the_others()
    {
        // Naturalisations: B2b (all foreigners), B2a (at least 8 years), Destatis (at least 10 years): one numerator, three bases.
        var (all, eight, ten) = (Indicator("EINB_RATE"), Indicator("EINB_RATE8"), Indicator("EINB_POT"));
        Assert.Equal("v('BEV008')", all.Numerator);
        Assert.Equal(all.Numerator, eight.Numerator);
        Assert.Equal(all.Numerator, ten.Numerator);
        Assert.Contains("B2b", all.Definition, StringComparison.Ordinal);
        Assert.Contains("B2a", eight.Definition, StringComparison.Ordinal);
        Assert.Contains("Destatis", ten.Definition, StringComparison.Ordinal);
        Assert.Contains("EIG_AUFDAUER=EIG_8B10|EIG_10UM", eight.Denominator, StringComparison.Ordinal);
        Assert.Contains("EIG_AUFDAUER=EIG_10UM", ten.Denominator, StringComparison.Ordinal);

        // SGB II: the population under the statutory retirement age, never a fixed age group.
        foreach (var code in new[] { "SGB2_Q_AUS", "SGB2_Q_DT" })
        {
            Assert.Contains("BA_BEV_RAG", Indicator(code).Denominator, StringComparison.Ordinal);
            Assert.DoesNotContain("ALTX", Indicator(code).Denominator, StringComparison.Ordinal);
            Assert.Contains("Regelaltersgrenze", Indicator(code).Definition, StringComparison.Ordinal);
        }

        // Daycare by origin: children with a parent of foreign origin, never divided by children of foreign nationality.
        foreach (var code in new[] { "KITA_U3_AUSL", "KITA_3_6_AUSL", "KITA_HK_ANT" })
        {
            Assert.DoesNotContain("NAT=", Indicator(code).Numerator + Indicator(code).Denominator, StringComparison.Ordinal);
            Assert.DoesNotContain("BEVSTD", Indicator(code).Denominator, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_demo_data_write_only_catalog_codes_and_only_at_the_levels_the_offices_publish()
    {
        var variables = Catalog.Variables.ToDictionary(v => v.Code, StringComparer.Ordinal);
        foreach (var (name, text) in DemoDataGenerator.Files())
        {
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var header = lines[0].Split(';');
            var merkmale = Enumerable.Range(0, header.Length).Where(i => header[i].EndsWith("_Merkmal_Code", StringComparison.Ordinal)).ToList();
            var values = Enumerable.Range(0, header.Length).Where(i => header[i].Contains("__", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(values);
            foreach (var cells in lines.Skip(1).Select(line => line.Split(';')))
            {
                // The regional Merkmal comes first.
                var level = cells[merkmale[0]];
                foreach (var column in values)
                {
                    var code = header[column][..header[column].IndexOf("__", StringComparison.Ordinal)];
                    if (!variables.TryGetValue(code, out var variable))
                    {
                        Assert.Fail($"{name}: {code} is no catalog variable");
                        continue;
                    }
                    foreach (var merkmal in merkmale.Skip(1))
                    {
                        var (dimension, value) = (cells[merkmal], cells[merkmal + 2]);
                        if (value.Length == 0) continue; // the total
                        Assert.True(variable.Dimensions.TryGetValue(dimension, out var declared) && declared.Contains(value), $"{name}: {code} {dimension}={value} is not declared");
                    }
                    if (level == "GEMEIN")
                    {
                        Assert.True(variable.IsOwnData || (variable.Tables ?? []).Any(t => t.Depth == AreaLevel.Gemeinde), $"{name}: {code} is not published per Gemeinde");
                    }
                }
            }
        }
    }
}
