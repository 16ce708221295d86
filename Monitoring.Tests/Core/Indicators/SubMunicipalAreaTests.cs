using Dapper;
using Monitoring.Core.Areas;
using Monitoring.Core.Indicators;
using Monitoring.Core.Observations;
using Monitoring.Tests.Core.Storage;

namespace Monitoring.Tests.Core.Indicators;

/// <summary>
/// Sub-municipal areas (Sozialraum, Stadtteil: the district's own keys below a Gemeinde) next to the official figures
/// (issue 15): which breakdown answers a reference, and whether a figure is an area's own or a sum of its parts, is the
/// area's own matter in each year, and no sub-municipal row changes an official value.
/// </summary>
public sealed class SubMunicipalAreaTests : MigratedStore
{
    const string Header =
        "Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;" +
        "2_Merkmal_Code;2_Merkmal_Label;2_Auspraegung_Code;2_Auspraegung_Label;3_Merkmal_Code;3_Merkmal_Label;3_Auspraegung_Code;3_Auspraegung_Label;" +
        "BEVSTD__Bevoelkerungsstand__Anzahl";

    /// <summary>The 21 age groups of ALTX21 (12411-03-03-4), as the catalog declares them: a sum over age needs all of them.</summary>
    static readonly string[] Ages = IndicatorCatalog.Shipped().Variables.Single(v => v.Code == "BEVSTD").Dimensions["ALTX21"].ToArray();

    /// <summary>The groups the figures below are put in: one under 15, one 15 to 18, one 18 to 65, one 65 and over; every other group is 0.</summary>
    static readonly string[] Broad = ["ALT010B15", "ALT015B18", "ALT030B35", "ALT070B75"];

    /// <summary>Rows for all 21 age groups, with the four figures in the <see cref="Broad"/> groups.</summary>
    static IEnumerable<string> AgeRows(string key, int year, string nationality, int[] figures) =>
        Ages.Select(age => Row(key, year, nationality, age, Array.IndexOf(Broad, age) is var i and >= 0 ? figures[i].ToString(System.Globalization.CultureInfo.InvariantCulture) : "0"));

    /// <summary>One population figure on 31.12. of the year; an empty code is the total over that Merkmal.</summary>
    static string Row(string key, int year, string nationality, string age, string value, string regional = "GEMEIN") =>
        $"12411;Bev;STAG;Stichtag;31.12.{year};{regional};Gebiete;{key};{key};NAT;Staatsangehörigkeit;{nationality};{(nationality.Length == 0 ? "Insgesamt" : nationality)};" +
        $"ALTX21;Altersgruppen;{age};{(age.Length == 0 ? "Insgesamt" : age)};{value}";

    Task ImportAsync(string name, string csv) => ImportFlatFileAsync(name, csv);

    async Task ImportRowsAsync(string name, params string[] rows) => await ImportAsync(name, Header + "\n" + string.Join("\n", rows));

    /// <summary>
    /// The demo population (Gemeinden by nationality, Kreis and Land by nationality and age group, 2012–2024) without the Kreis's rows of
    /// 2024 (so its 2024 figure is the sum of its Gemeinden) and without the Kreis's and Langenberg's rows of 2022 (so
    /// the Kreis has neither an own figure nor a complete sum in 2022).
    /// </summary>
    async Task ImportOfficialAsync()
    {
        await CatalogStore.SeedAsync(Db, IndicatorCatalog.Shipped());
        var lines = await File.ReadAllLinesAsync(Path.Combine(TestPaths.RepositoryRoot, "demo", "12411_bevoelkerung_beispieldaten_flat.csv"));
        var kept = lines.Take(1).Concat(lines.Skip(1).Where(line =>
        {
            var fields = line.Split(';');
            if (fields.Length < 8) return true;
            var (date, key) = (fields[4], fields[7]);
            return !(key == "05754" && date is "31.12.2024" or "31.12.2022") && !(key == "05754024" && date == "31.12.2022");
        }));
        await ImportAsync("bevoelkerung.csv", string.Join("\n", kept));
    }

    async Task<int> AddAsync(string key, AreaLevel level, string parentKey) =>
        (await new AreaWrites(Db).CreateSubMunicipalAsync("analyse", new SubMunicipalDraft(key, key, level, parentKey))).Value!.Id;

    /// <summary>Every stored value of every official area, with numerator, denominator, flags and lineage.</summary>
    async Task<List<StoredValue>> OfficialValuesAsync()
    {
        await using var connection = await Db.OpenAsync();
        return (await connection.QueryAsync<StoredValue>(
            """
            SELECT v.indicator_code AS Indicator, a.area_key AS Area, v.period AS Period, v.breakdown AS Breakdown, v.value AS Value,
                   v.numerator AS Numerator, v.denominator AS Denominator, v.flags AS Flags, v.import_runs AS Runs
            FROM indicator_values v JOIN areas a ON a.id = v.area_id
            WHERE a.level NOT IN ('Sozialraum', 'Stadtteil')
            ORDER BY v.indicator_code, a.area_key, v.period, v.breakdown
            """)).ToList();
    }

    async Task<StoredValue?> ValueAsync(string indicator, string area, int year)
    {
        await using var connection = await Db.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<StoredValue>(
            """
            SELECT v.indicator_code AS Indicator, a.area_key AS Area, v.period AS Period, v.breakdown AS Breakdown, v.value AS Value,
                   v.numerator AS Numerator, v.denominator AS Denominator, v.flags AS Flags, v.import_runs AS Runs
            FROM indicator_values v JOIN areas a ON a.id = v.area_id
            WHERE v.indicator_code = @Indicator AND a.area_key = @Area AND v.period = @Period AND v.breakdown = ''
            """, new { Indicator = indicator, Area = area, Period = year.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    /// <summary>Sozialräume and Stadtteile with every shape of data, each imported on its own (so each import recomputes incrementally).</summary>
    async Task ImportSubMunicipalAsync()
    {
        await AddAsync("05754008-SR01", AreaLevel.Sozialraum, "05754008");
        await AddAsync("05754008-SR02", AreaLevel.Sozialraum, "05754008");
        await AddAsync("05754008-SR03", AreaLevel.Sozialraum, "05754008");
        await AddAsync("05754008-SR04", AreaLevel.Sozialraum, "05754008");
        await AddAsync("05754008-SR02-ST01", AreaLevel.Stadtteil, "05754008-SR02");
        await AddAsync("05754008-ST01", AreaLevel.Stadtteil, "05754008");
        await AddAsync("05754024-SR01", AreaLevel.Sozialraum, "05754024");
        await AddAsync("05754044-SR01", AreaLevel.Sozialraum, "05754044");

        // The row of the issue: foreign residents only, a coarser breakdown than any official area has.
        await ImportRowsAsync("sr01.csv", Row("05754008-SR01", 2023, "NATA", "", "120"));
        // The full breakdown, 2023 and 2024: 80 of 1,000 and 85 of 1,000 foreign.
        int[] foreign2023 = [10, 5, 60, 5], german2023 = [100, 30, 500, 290], foreign2024 = [12, 6, 62, 5], german2024 = [100, 30, 500, 285];
        await ImportRowsAsync("sr02.csv", [
            .. AgeRows("05754008-SR02", 2023, "NATA", foreign2023),
            .. AgeRows("05754008-SR02", 2023, "NATD", german2023),
            .. AgeRows("05754008-SR02", 2024, "NATA", foreign2024),
            .. AgeRows("05754008-SR02", 2024, "NATD", german2024),
        ]);
        // A total only.
        await ImportRowsAsync("sr03.csv", Row("05754008-SR03", 2023, "", "", "5.000"));
        // A secret foreign figure beside the German one.
        await ImportRowsAsync("sr04.csv", Row("05754008-SR04", 2023, "NATA", "", "."), Row("05754008-SR04", 2023, "NATD", "", "900"));
        // Stadtteile with part of a breakdown (foreign residents by age only), below a Sozialraum and below the Gemeinde.
        await ImportRowsAsync("st01.csv", [
            .. Ages.Select(age => Row("05754008-SR02-ST01", 2024, "NATA", age, "3")),
            .. Ages.Select(age => Row("05754008-ST01", 2023, "NATA", age, "4")),
        ]);
        // A Sozialraum of Langenberg in 2022, when Langenberg has no own figure (and the Kreis no complete sum).
        await ImportRowsAsync("langenberg.csv", Row("05754024-SR01", 2022, "NATA", "", "30"), Row("05754024-SR01", 2022, "NATD", "", "270"));
        // A Sozialraum of Verl in 2025, a year no official area has figures for.
        await ImportRowsAsync("verl.csv", Row("05754044-SR01", 2025, "NATA", "", "50"), Row("05754044-SR01", 2025, "NATD", "", "450"));
    }

    [Fact]
    public async Task Sub_municipal_rows_of_every_shape_leave_every_official_value_as_it_was()
    {
        await ImportOfficialAsync();
        await IndicatorComputation.RecomputeAllAsync(Db, IndicatorCatalog.Shipped());
        var before = await OfficialValuesAsync();

        // The official figures the comparison rests on: Gütersloh, the Kreis (own figures, and the sum of its Gemeinden in
        // 2024) and the Land in every year; no Kreis figure in 2022 (Langenberg is missing), none for Langenberg then.
        var share = before.Where(v => v.Indicator == "AUS_ANT").ToList();
        Assert.Equal(13, share.Count(v => v.Area == "05754008"));
        Assert.Equal(12, share.Count(v => v.Area == "05754"));
        Assert.Equal(13, share.Count(v => v.Area == "05"));
        Assert.DoesNotContain(share, v => v.Area == "05754" && v.Period == "2022");
        Assert.DoesNotContain(share, v => v.Area == "05754024" && v.Period == "2022");
        var kreis2024 = share.Single(v => v.Area == "05754" && v.Period == "2024");
        var gemeinden2024 = share.Where(v => v.Area.StartsWith("05754", StringComparison.Ordinal) && v.Area.Length == 8 && v.Period == "2024").ToList();
        Assert.Equal(13, gemeinden2024.Count);
        Assert.Equal(gemeinden2024.Sum(v => v.Numerator), kreis2024.Numerator);
        Assert.Equal(gemeinden2024.Sum(v => v.Denominator), kreis2024.Denominator);

        await ImportSubMunicipalAsync();

        // After the imports' own (incremental) recomputes ...
        Assert.Equal(before, await OfficialValuesAsync());
        // ... and after a full one.
        await IndicatorComputation.RecomputeAllAsync(Db, IndicatorCatalog.Shipped());
        Assert.Equal(before, await OfficialValuesAsync());
    }

    [Fact]
    public async Task A_Sozialraum_gets_its_own_values_where_its_own_data_allow_and_none_from_a_part_of_a_breakdown()
    {
        await ImportOfficialAsync();
        await ImportSubMunicipalAsync();
        await IndicatorComputation.RecomputeAllAsync(Db, IndicatorCatalog.Shipped());

        // The full breakdown: 80 foreign of 1,000 residents in 2023, 85 in 2024; under 18: 15 of 145.
        var full2023 = await ValueAsync("AUS_ANT", "05754008-SR02", 2023);
        Assert.Equal(80, full2023!.Numerator);
        Assert.Equal(1000, full2023.Denominator);
        Assert.Equal(QualityFlags.None, (QualityFlags)full2023.Flags);
        Assert.Equal(8.0, full2023.Value!.Value, 10);
        Assert.Equal(8.5, (await ValueAsync("AUS_ANT", "05754008-SR02", 2024))!.Value!.Value, 10);
        Assert.Equal(15.0 / 145 * 100, (await ValueAsync("AUS_U18_ANT", "05754008-SR02", 2023))!.Value!.Value, 10);
        // A complete breakdown by nationality alone answers too, in a year its Gemeinde has no figure and in one no
        // official area has: 30 of 300, 50 of 500.
        Assert.Equal(10.0, (await ValueAsync("AUS_ANT", "05754024-SR01", 2022))!.Value!.Value, 10);
        Assert.Equal(10.0, (await ValueAsync("AUS_ANT", "05754044-SR01", 2025))!.Value!.Value, 10);

        // Foreign residents alone are no population total: no 100 % from 120 / 120.
        Assert.Null(await ValueAsync("AUS_ANT", "05754008-SR01", 2023));
        // A total alone has no foreign figure.
        Assert.Null(await ValueAsync("AUS_ANT", "05754008-SR03", 2023));
        // Foreign residents by age without the German ones: no share either.
        Assert.Null(await ValueAsync("AUS_ANT", "05754008-ST01", 2023));
        Assert.Null(await ValueAsync("AUS_U18_ANT", "05754008-ST01", 2023));
        // A secret foreign figure: a value without a number, flagged, not a share of the German residents.
        var secret = await ValueAsync("AUS_ANT", "05754008-SR04", 2023);
        Assert.NotNull(secret);
        Assert.Null(secret.Value);
        Assert.Null(secret.Numerator);
        Assert.True(((QualityFlags)secret.Flags).HasFlag(QualityFlags.Secret));
    }

    [Fact]
    public async Task A_coarser_breakdown_in_one_official_area_changes_no_other_area()
    {
        await ImportOfficialAsync();
        await IndicatorComputation.RecomputeAllAsync(Db, IndicatorCatalog.Shipped());
        var before = (await OfficialValuesAsync()).Where(v => v.Area != "DG").ToList();
        Assert.NotEmpty(before);

        // Germany with a total only: a breakdown chosen for the whole variable made this the denominator of every area.
        await ImportRowsAsync("bund.csv", Row("DG", 2023, "", "", "84.669.326", regional: "DINSG"));
        await IndicatorComputation.RecomputeAllAsync(Db, IndicatorCatalog.Shipped());

        Assert.Equal(before, (await OfficialValuesAsync()).Where(v => v.Area != "DG").ToList());
        // Germany itself has no foreign figure, so no share.
        Assert.Null(await ValueAsync("AUS_ANT", "DG", 2023));
    }

    /// <summary>One stored indicator value as the tests compare it.</summary>
    public sealed record StoredValue
    {
        public string Indicator { get; init; } = "";
        public string Area { get; init; } = "";
        public string Period { get; init; } = "";
        public string Breakdown { get; init; } = "";
        public double? Value { get; init; }
        public double? Numerator { get; init; }
        public double? Denominator { get; init; }
        public long Flags { get; init; }
        public string? Runs { get; init; }
    }
}
