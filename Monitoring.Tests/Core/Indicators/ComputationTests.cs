using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Core.Indicators;
using Monitoring.Core.Observations;
using Monitoring.Ingestion.Imports;
using Monitoring.Tests.Core.Storage;
using Monitoring.Tests.Ingestion.Genesis;

namespace Monitoring.Tests.Core.Indicators;

public sealed class ComputationTests : MigratedStore
{

    Task ImportAsync(string name, string csv) => ImportFlatFileAsync(name, csv);

    async Task<(double? Value, double? Numerator, double? Denominator, QualityFlags Flags)?> ValueAsync(string indicator, string area, string year)
    {
        var catalog = IndicatorCatalog.Shipped();
        await CatalogStore.SeedAsync(Db, catalog);
        await IndicatorComputation.RecomputeAllAsync(Db, catalog);
        await using var connection = await Db.OpenAsync();
        var row = await connection.QuerySingleOrDefaultAsync<(double?, double?, double?, long)?>(
            """
            SELECT v.value, v.numerator, v.denominator, v.flags FROM indicator_values v JOIN areas a ON a.id = v.area_id
            WHERE v.indicator_code = @Indicator AND a.area_key = @Area AND v.period = @Year
            """, new { Indicator = indicator, Area = area, Year = year });
        return row is { } r ? (r.Item1, r.Item2, r.Item3, (QualityFlags)r.Item4) : null;
    }

    [Fact]
    public async Task A_total_row_beside_its_breakdown_is_used_not_counted_twice()
    {
        await ImportAsync("12411.csv", GenesisSamples.GermanWide);

        var share = await ValueAsync("AUS_ANT", "05754008", "2023");

        // 21,034 foreigners / 102,345 residents (the total row, not total + breakdown) × 100 = 20.5521...
        Assert.Equal(21034, share!.Value.Numerator);
        Assert.Equal(102345, share.Value.Denominator);
        Assert.Equal(20.5521, share.Value.Value!.Value, 4);
        // Verl's foreign figure is "(4.120)p" but it has no total row: no share at all rather than a guess.
        Assert.Null(await ValueAsync("AUS_ANT", "05754044", "2023"));
        // Langenberg: a secret foreign figure and no total row either: nothing is computed, nothing guessed.
        Assert.Null(await ValueAsync("AUS_ANT", "05754024", "2023"));
    }

    [Fact]
    public async Task Flows_per_year_combine_with_stocks_at_year_end_and_small_bases_are_marked_unreliable()
    {
        await ImportAsync("12511.csv",
            """
            Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;BEV008__Einbuergerungen_von_Auslaendern__Anzahl
            12511;Einb;JAHR;Jahr;2023;KREISE;Kreise;05754;Kreis Gütersloh;450
            12511;Einb;JAHR;Jahr;2023;GEMEIN;Gemeinden;05754024;Langenberg;3
            """);
        // The foreigners register by continent (12521-03i, the nationality as the table's row classification ZEILE1).
        await ImportAsync("12521.csv",
            """
            Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;2_Merkmal_Code;2_Merkmal_Label;2_Auspraegung_Code;2_Auspraegung_Label;AZR_AUSLAENDER__Auslaendische_Bevoelkerung__Anzahl
            12521;AZR;STAG;Stichtag;31.12.2022;KREISE;Kreise;05754;Kreis Gütersloh;ZEILE1;Staatsangehörigkeiten;1;Europa;30.000
            12521;AZR;STAG;Stichtag;31.12.2022;KREISE;Kreise;05754;Kreis Gütersloh;ZEILE1;Staatsangehörigkeiten;2;Afrika;3.000
            12521;AZR;STAG;Stichtag;31.12.2022;KREISE;Kreise;05754;Kreis Gütersloh;ZEILE1;Staatsangehörigkeiten;3;Amerika;1.000
            12521;AZR;STAG;Stichtag;31.12.2022;KREISE;Kreise;05754;Kreis Gütersloh;ZEILE1;Staatsangehörigkeiten;4;Asien;10.000
            12521;AZR;STAG;Stichtag;31.12.2022;KREISE;Kreise;05754;Kreis Gütersloh;ZEILE1;Staatsangehörigkeiten;5;Australien / Ozeanien;500
            12521;AZR;STAG;Stichtag;31.12.2022;KREISE;Kreise;05754;Kreis Gütersloh;ZEILE1;Staatsangehörigkeiten;9;Sonstige;500
            12521;AZR;STAG;Stichtag;31.12.2022;KREISE;Kreise;05754;Kreis Gütersloh;ZEILE1;Staatsangehörigkeiten;166;Ukraine;4.000
            """);
        // The length of residence is the foreigners authority's own data.
        await ImportAsync("eigene.csv",
            """
            Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;2_Merkmal_Code;2_Merkmal_Label;2_Auspraegung_Code;2_Auspraegung_Label;EIG_AUFENTHALT__Auslaender_nach_Aufenthaltsdauer__Anzahl
            EIG;ABH;STAG;Stichtag;31.12.2022;KREISE;Kreise;05754;Kreis Gütersloh;EIG_AUFDAUER;Aufenthaltsdauer;EIG_10UM;10 Jahre und mehr;18.000
            EIG;ABH;STAG;Stichtag;31.12.2022;KREISE;Kreise;05754;Kreis Gütersloh;EIG_AUFDAUER;Aufenthaltsdauer;EIG_8B10;8 bis unter 10 Jahre;4.500
            EIG;ABH;STAG;Stichtag;31.12.2022;KREISE;Kreise;05754;Kreis Gütersloh;EIG_AUFDAUER;Aufenthaltsdauer;EIG_U8;unter 8 Jahre;22.500
            EIG;ABH;STAG;Stichtag;31.12.2022;GEMEIN;Gemeinden;05754024;Langenberg;EIG_AUFDAUER;Aufenthaltsdauer;EIG_10UM;10 Jahre und mehr;40
            """);

        var potential = await ValueAsync("EINB_POT", "05754", "2023");
        var eightYears = await ValueAsync("EINB_RATE8", "05754", "2023");
        var rate = await ValueAsync("EINB_RATE", "05754", "2023");
        var small = await ValueAsync("EINB_POT", "05754024", "2023");

        Assert.Equal(2.5, potential!.Value.Value!.Value, 10);   // 450 / 18,000 (31.12.2022) × 100: Destatis, at least 10 years
        Assert.Equal(2.0, eightYears!.Value.Value!.Value, 10);  // 450 / (18,000 + 4,500) × 100: Länder monitoring B2a, at least 8 years
        Assert.Equal(1.0, rate!.Value.Value!.Value, 10);        // 450 / 45,000 (the continents, not the Ukraine on top) × 100: B2b
        Assert.Equal(7.5, small!.Value.Value!.Value, 10);       // 3 / 40 × 100 ...
        Assert.Equal(QualityFlags.Unreliable, small.Value.Flags); // ... on a base below the minimum of 50
    }

    [Fact]
    public async Task Derived_indicators_use_the_indicators_they_name()
    {
        var demo = Path.Combine(TestPaths.RepositoryRoot, "demo");
        await ImportAsync("bev.csv", await File.ReadAllTextAsync(Path.Combine(demo, "12411_bevoelkerung_beispieldaten_flat.csv")));
        await ImportAsync("besch.csv", await File.ReadAllTextAsync(Path.Combine(demo, "13111_beschaeftigte_beispieldaten_flat.csv")));

        var german = await ValueAsync("BESCH_Q_DT", "05754", "2024");
        var foreign = await ValueAsync("BESCH_Q_AUS", "05754", "2024");
        var gap = await ValueAsync("BESCH_Q_GAP", "05754", "2024");

        Assert.Equal(german!.Value.Value!.Value - foreign!.Value.Value!.Value, gap!.Value.Value!.Value, 10);
        Assert.InRange(gap.Value.Value!.Value, 5, 25);
    }

    [Fact]
    public async Task An_import_recomputes_the_indicators_of_the_variables_it_changed()
    {
        await CatalogStore.SeedAsync(Db, IndicatorCatalog.Shipped());
        await ImportAsync("first.csv", GenesisSamples.GermanWide);
        await ImportAsync("corrected.csv", GenesisSamples.GermanWide.Replace(";21.034", ";25.000", StringComparison.Ordinal));

        await using var connection = await Db.OpenAsync();
        var share = await connection.ExecuteScalarAsync<double>(
            "SELECT v.value FROM indicator_values v JOIN areas a ON a.id = v.area_id WHERE v.indicator_code = 'AUS_ANT' AND a.area_key = '05754008' AND v.period = '2023'");
        Assert.Equal(25000.0 / 102345 * 100, share, 6);
    }

    [Fact]
    public void A_changed_variable_affects_its_indicators_their_inputs_and_what_derives_from_them()
    {
        var affected = IndicatorDependencies.Affected(IndicatorCatalog.Shipped(), ["ERW033"]);

        Assert.Equal(["BESCH_Q_AUS", "BESCH_Q_DT", "BESCH_Q_GAP"], affected.Order(StringComparer.Ordinal));
    }

    const string FlatHeader =
        "Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;2_Merkmal_Code;2_Merkmal_Label;2_Auspraegung_Code;2_Auspraegung_Label;BEVSTD__Bevoelkerungsstand__Anzahl";

    /// <summary>Total and foreign residents on 31.12.2023 for each municipality of Kreis Gütersloh; the Kreis itself has no row.</summary>
    async Task<IReadOnlyList<string>> ImportMunicipalitiesAsync(string name, Func<int, (string Total, string Foreign)> figures)
    {
        await using var connection = await Db.OpenAsync();
        var keys = (await connection.QueryAsync<string>(
            "SELECT c.area_key FROM areas c JOIN areas p ON p.id = c.parent_id WHERE p.area_key = '05754' ORDER BY c.area_key")).ToList();
        var lines = keys.SelectMany((key, i) => new[]
        {
            $"12411;Bev;STAG;Stichtag;31.12.2023;GEMEIN;Gemeinden;{key};G{i};NAT;Staatsangehörigkeit;NATA;Ausländer;{figures(i).Foreign}",
            $"12411;Bev;STAG;Stichtag;31.12.2023;GEMEIN;Gemeinden;{key};G{i};NAT;Staatsangehörigkeit;NATD;Deutsche;{(figures(i).Total == "." ? "." : (int.Parse(figures(i).Total) - (figures(i).Foreign == "." ? 0 : int.Parse(figures(i).Foreign))).ToString())}",
        });
        await ImportAsync(name, FlatHeader + "\n" + string.Join("\n", lines));
        return keys;
    }

    [Fact]
    public async Task A_Kreis_without_own_figures_is_the_sum_of_its_municipalities_numerators_and_denominators()
    {
        // Municipality i: 1,000 × (i + 1) residents, of whom 100 × (i + 1)² are foreign (i = 0 … 12).
        var keys = await ImportMunicipalitiesAsync("bev.csv", i => ((1000 * (i + 1)).ToString(), (100 * (i + 1) * (i + 1)).ToString()));
        Assert.Equal(13, keys.Count);

        var kreis = await ValueAsync("AUS_ANT", "05754", "2023");

        // Σ foreign = 100 × Σ k² (k = 1 … 13) = 100 × 819 = 81,900; Σ residents = 1,000 × 91 = 91,000; 81,900 / 91,000 × 100 = 90.0.
        // The mean of the municipal shares would be Σ (10 k) / 13 = 910 / 13 = 70.0: a ratio is never averaged.
        Assert.Equal(81900, kreis!.Value.Numerator);
        Assert.Equal(91000, kreis.Value.Denominator);
        Assert.Equal(90.0, kreis.Value.Value!.Value, 10);
        // No sum for NRW: most of its municipalities have no figures, and a sum over a few would pass for the whole.
        Assert.Null(await ValueAsync("AUS_ANT", "05", "2023"));
    }

    [Fact]
    public async Task A_secret_municipal_figure_leaves_the_Kreis_sum_without_a_value_and_flagged()
    {
        await ImportMunicipalitiesAsync("bev.csv", i => ("1000", i == 5 ? "." : "100"));

        var kreis = await ValueAsync("AUS_ANT", "05754", "2023");

        Assert.Null(kreis!.Value.Value);
        Assert.True(kreis.Value.Flags.HasFlag(QualityFlags.Secret));
    }

    [Fact]
    public async Task Every_value_names_the_import_runs_it_came_from_and_an_import_recomputes_only_its_areas_and_those_above()
    {
        await CatalogStore.SeedAsync(Db, IndicatorCatalog.Shipped());
        var keys = await ImportMunicipalitiesAsync("bev.csv", i => ("1000", "100"));
        // A second file corrects one municipality: its value, and the Kreis sum above it, now come from both runs.
        await ImportAsync("korrektur.csv", FlatHeader + "\n" + $"12411;Bev;STAG;Stichtag;31.12.2023;GEMEIN;Gemeinden;{keys[0]};G0;NAT;Staatsangehörigkeit;NATA;Ausländer;400");

        await using var connection = await Db.OpenAsync();
        var runs = (await connection.QueryAsync<long>("SELECT id FROM import_runs ORDER BY id")).ToList();
        var stored = (await connection.QueryAsync<(string Key, double Value, double Numerator, string Runs)>(
            """
            SELECT a.area_key, v.value, v.numerator, v.import_runs FROM indicator_values v JOIN areas a ON a.id = v.area_id
            WHERE v.indicator_code = 'AUS_ANT' AND v.period = '2023'
            """)).ToDictionary(r => r.Key);

        Assert.Equal($"{runs[0]},{runs[1]}", stored[keys[0]].Runs);
        Assert.Equal($"{runs[0]}", stored[keys[1]].Runs);
        Assert.Equal($"{runs[0]},{runs[1]}", stored["05754"].Runs);
        // 400 / 1,300 (the German residents stayed at 900) for the corrected municipality ...
        Assert.Equal(400.0 / 1300 * 100, stored[keys[0]].Value, 10);
        // ... and the Kreis sum from the incremental recompute, with the other municipalities' stored figures: 1,600 / 13,300.
        Assert.Equal(1600, stored["05754"].Numerator);
        Assert.Equal(1600.0 / 13300 * 100, stored["05754"].Value, 10);

        // A full recompute gives the same.
        var full = await ValueAsync("AUS_ANT", "05754", "2023");
        Assert.Equal(stored["05754"].Value, full!.Value.Value!.Value, 10);
    }

    [Fact]
    public async Task An_initial_load_without_recompute_leaves_the_indicators_until_one_full_recompute_gives_what_imports_one_by_one_give()
    {
        await CatalogStore.SeedAsync(Db, IndicatorCatalog.Shipped());
        var path = Path.Combine(Folder, "12411.csv");
        await File.WriteAllTextAsync(path, GenesisSamples.GermanWide);
        var source = await Db.CreateSourceAsync(new DataSource { Name = "initial load", Kind = SourceKind.GenesisFlatFile });

        var report = await new Importer(Db, NullLogger<Importer>.Instance) { RecomputeAfterImport = false }.ImportFileAsync(source, path);

        Assert.Equal(ImportStatus.Succeeded, report.Status);
        Assert.Equal(5, report.Inserted);
        Assert.Empty(report.IndicatorsRecomputed);
        Assert.False(report.Phases.ContainsKey("indicators"));
        await using (var connection = await Db.OpenAsync())
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM indicator_values"));
        }
        // 21,034 foreign of 102,345 residents in Gütersloh, as an import with recompute gives it.
        Assert.Equal(21_034.0 / 102_345 * 100, (await ValueAsync("AUS_ANT", "05754008", "2023"))!.Value.Value!.Value, 10);
    }

    [Fact]
    public async Task An_analyst_edits_an_indicator_after_validation_and_seeding_leaves_the_edit_alone()
    {
        await CatalogStore.SeedAsync(Db, IndicatorCatalog.Shipped());
        await ImportAsync("12411.csv", GenesisSamples.GermanWide);
        var shipped = (await CatalogStore.LoadAsync(Db)).Indicators.Single(i => i.Code == "AUS_ANT");

        var broken = await new IndicatorWrites(Db).UpdateAsync("analyse", "AUS_ANT", shipped with { Numerator = "v('BEVSTD', 'NAT=NATA') / v('BEVSTX')" });
        Assert.False(broken.Succeeded);
        Assert.Contains(broken.Messages, e => e.Contains("AUS_ANT, Zähler", StringComparison.Ordinal) && e.Contains("BEVSTX", StringComparison.Ordinal) && e.Contains("Spalte", StringComparison.Ordinal));

        var perMille = await new IndicatorWrites(Db).UpdateAsync("analyse", "AUS_ANT", shipped with { Factor = 1000, Unit = "‰" });
        Assert.True(perMille.Succeeded, string.Join("; ", perMille.Messages));
        Assert.False(perMille.Value!.Created);
        await CatalogStore.SeedAsync(Db, IndicatorCatalog.Shipped());

        await using var connection = await Db.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT edited FROM indicators WHERE code = 'AUS_ANT'"));
        Assert.Equal(1000, (await CatalogStore.LoadAsync(Db)).Indicators.Single(i => i.Code == "AUS_ANT").Factor);
        var share = await connection.ExecuteScalarAsync<double>(
            "SELECT v.value FROM indicator_values v JOIN areas a ON a.id = v.area_id WHERE v.indicator_code = 'AUS_ANT' AND a.area_key = '05754008' AND v.period = '2023'");
        Assert.Equal(21034.0 / 102345 * 1000, share, 6);

        var created = (await new IndicatorWrites(Db).CreateAsync("analyse", shipped with { Code = "AUS_ANT_PROMILLE", Factor = 1000 })).Value!;
        Assert.True(created.Created);
        Assert.True(created.Computation.Values > 0);
    }

    [Fact]
    public async Task A_full_recompute_writes_only_what_changed_and_unchanged_values_keep_their_time()
    {
        var catalog = IndicatorCatalog.Shipped();
        await CatalogStore.SeedAsync(Db, catalog);
        await ImportAsync("12411.csv", GenesisSamples.GermanWide);
        var first = await IndicatorComputation.RecomputeAllAsync(Db, catalog);
        await using var connection = await Db.OpenAsync();
        var before = await connection.QueryAsync<(string, long, string, string)>("SELECT indicator_code, area_id, period, computed_at FROM indicator_values ORDER BY 1, 2, 3");

        var again = await IndicatorComputation.RecomputeAllAsync(Db, catalog);

        Assert.True(first.Values > 0);
        Assert.Equal(first.Values, again.Values);
        Assert.Equal(0, again.Written);
        Assert.Equal(before, await connection.QueryAsync<(string, long, string, string)>("SELECT indicator_code, area_id, period, computed_at FROM indicator_values ORDER BY 1, 2, 3"));

        // One stored figure changes behind the computation's back: exactly the values resting on it are rewritten.
        await connection.ExecuteAsync(
            "UPDATE observations SET value = value + 1000 WHERE area_id = (SELECT id FROM areas WHERE area_key = '05754008') AND dimension_set_id = 1 AND period = '2023-12-31'");
        var changed = await IndicatorComputation.RecomputeAllAsync(Db, catalog);
        Assert.InRange(changed.Written, 1, 10);
        var share = await connection.ExecuteScalarAsync<double>(
            "SELECT v.value FROM indicator_values v JOIN areas a ON a.id = v.area_id WHERE v.indicator_code = 'AUS_ANT' AND a.area_key = '05754008' AND v.period = '2023'");
        Assert.Equal(21034.0 / 103345 * 100, share, 6);
    }

    [Fact]
    public async Task Imports_keep_the_years_of_each_variable_and_the_version_11_script_finds_them_in_stored_observations()
    {
        await ImportAsync("12411.csv", GenesisSamples.GermanWide);
        await ImportAsync("12411-b.csv", GenesisSamples.GermanWide.Replace("BEVSTD", "BEV081", StringComparison.Ordinal));
        await using var connection = await Db.OpenAsync();
        const string stored = "SELECT DISTINCT variable_id, year FROM observations ORDER BY 1, 2";
        const string kept = "SELECT variable_id, year FROM variable_years ORDER BY 1, 2";
        var expected = (await connection.QueryAsync<(long, long)>(stored)).ToList();
        Assert.Equal(2, expected.Select(e => e.Item1).Distinct().Count());
        Assert.Equal(expected, await connection.QueryAsync<(long, long)>(kept));

        // A database of version 10: the script fills the table from what is stored and drops the year index.
        await connection.ExecuteAsync("DROP TABLE variable_years; CREATE INDEX ix_observations_year ON observations (year)");
        var script = Monitoring.Core.Storage.Schema.Scripts(Monitoring.Core.Storage.DatabaseProvider.Sqlite).Single(s => s.Name == "0011_variable_years.sql");
        await connection.ExecuteAsync(script.Contents);
        Assert.Equal(expected, await connection.QueryAsync<(long, long)>(kept));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'ix_observations_year'"));
    }

    [Fact]
    public async Task Variables_read_ahead_come_as_read_directly_and_a_failed_read_ahead_reaches_the_evaluation()
    {
        await ImportAsync("12411.csv", GenesisSamples.GermanWide);
        await ImportAsync("12411-b.csv", GenesisSamples.GermanWide.Replace("BEVSTD", "BEV081", StringComparison.Ordinal));
        await ImportAsync("12411-c.csv", GenesisSamples.GermanWide.Replace("BEVSTD", "BEV082", StringComparison.Ordinal));
        await using var connection = await Db.OpenAsync();
        var areas = (await connection.QueryAsync<long>("SELECT id FROM areas ORDER BY id")).Select(a => (int)a).ToList();
        var grid = new Grid(areas, 2020, 6);
        var reference = Formula.Parse("v('BEVSTD')").Formula!.Variables[0];

        var direct = await new VariableColumns(Db, connection, grid).LoadAsync(reference);
        await using (var ahead = new VariableColumns(Db, connection, grid))
        {
            ahead.Expect(reference);
            await ahead.ReadAheadAsync(CancellationToken.None);
            var read = await ahead.LoadAsync(reference);
            Assert.NotEmpty(direct);
            Assert.Equal(direct.ToList(), read.ToList());
        }

        // Stopped before anything was used, with more variables than are read ahead: disposing ends the reading, which
        // would otherwise wait for a consumer.
        await using (var unused = new VariableColumns(Db, connection, grid))
        {
            foreach (var text in new[] { "v('BEVSTD', 'NAT=NATA')", "v('BEV081')", "v('BEV082')" }) unused.Expect(Formula.Parse(text).Formula!.Variables[0]);
            await unused.ReadAheadAsync(CancellationToken.None);
            await Task.Delay(200);
        }

        // The observations vanish under the reading: the evaluation learns why, instead of waiting for ever.
        await using var failing = new VariableColumns(Db, connection, grid);
        failing.Expect(reference);
        await connection.ExecuteAsync("ALTER TABLE observations RENAME TO observations_gone");
        await failing.ReadAheadAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => failing.LoadAsync(reference).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("observations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disaggregated_indicator_is_computed_per_group_beside_its_total()
    {
        // The foreigners authority's own data: its own nationality groups (EIG_STAGRP) by length of residence.
        await ImportAsync("eigene.csv",
            """
            Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;2_Merkmal_Code;2_Merkmal_Label;2_Auspraegung_Code;2_Auspraegung_Label;3_Merkmal_Code;3_Merkmal_Label;3_Auspraegung_Code;3_Auspraegung_Label;EIG_AUFENTHALT__Auslaender__Anzahl
            EIG;ABH;STAG;Stichtag;31.12.2023;KREISE;Kreise;05754;Kreis Gütersloh;EIG_AUFDAUER;Aufenthaltsdauer;EIG_10UM;10 Jahre und mehr;EIG_STAGRP;Staatsangehörigkeit;EIG_UKR;Ukraine;100
            EIG;ABH;STAG;Stichtag;31.12.2023;KREISE;Kreise;05754;Kreis Gütersloh;EIG_AUFDAUER;Aufenthaltsdauer;EIG_8B10;8 bis unter 10 Jahre;EIG_STAGRP;Staatsangehörigkeit;EIG_UKR;Ukraine;50
            EIG;ABH;STAG;Stichtag;31.12.2023;KREISE;Kreise;05754;Kreis Gütersloh;EIG_AUFDAUER;Aufenthaltsdauer;EIG_U8;unter 8 Jahre;EIG_STAGRP;Staatsangehörigkeit;EIG_UKR;Ukraine;850
            EIG;ABH;STAG;Stichtag;31.12.2023;KREISE;Kreise;05754;Kreis Gütersloh;EIG_AUFDAUER;Aufenthaltsdauer;EIG_10UM;10 Jahre und mehr;EIG_STAGRP;Staatsangehörigkeit;EIG_TUR;Türkei;3.000
            EIG;ABH;STAG;Stichtag;31.12.2023;KREISE;Kreise;05754;Kreis Gütersloh;EIG_AUFDAUER;Aufenthaltsdauer;EIG_8B10;8 bis unter 10 Jahre;EIG_STAGRP;Staatsangehörigkeit;EIG_TUR;Türkei;200
            EIG;ABH;STAG;Stichtag;31.12.2023;KREISE;Kreise;05754;Kreis Gütersloh;EIG_AUFDAUER;Aufenthaltsdauer;EIG_U8;unter 8 Jahre;EIG_STAGRP;Staatsangehörigkeit;EIG_TUR;Türkei;800
            EIG;ABH;STAG;Stichtag;31.12.2023;KREISE;Kreise;05754;Kreis Gütersloh;EIG_AUFDAUER;Aufenthaltsdauer;EIG_10UM;10 Jahre und mehr;EIG_STAGRP;Staatsangehörigkeit;;Insgesamt;3.100
            EIG;ABH;STAG;Stichtag;31.12.2023;KREISE;Kreise;05754;Kreis Gütersloh;EIG_AUFDAUER;Aufenthaltsdauer;EIG_8B10;8 bis unter 10 Jahre;EIG_STAGRP;Staatsangehörigkeit;;Insgesamt;250
            EIG;ABH;STAG;Stichtag;31.12.2023;KREISE;Kreise;05754;Kreis Gütersloh;EIG_AUFDAUER;Aufenthaltsdauer;EIG_U8;unter 8 Jahre;EIG_STAGRP;Staatsangehörigkeit;;Insgesamt;1.650
            """);
        var catalog = IndicatorCatalog.Shipped();
        await CatalogStore.SeedAsync(Db, catalog);
        await IndicatorComputation.RecomputeAllAsync(Db, catalog);

        var total = await Db.ReadIndicatorValuesAsync("AZR_DAUER10", ["05754"], 2023, 2023);
        var ukraine = await Db.ReadIndicatorValuesAsync("AZR_DAUER10", ["05754"], 2023, 2023, "EIG_STAGRP=EIG_UKR");
        var turkey = await Db.ReadIndicatorValuesAsync("AZR_DAUER10", ["05754"], 2023, 2023, "EIG_STAGRP=EIG_TUR");

        // The total comes from the file's own total over all nationalities: two of the six declared groups are not the whole.
        Assert.Equal(62.0, total.Single().Value!.Value, 10);    // 3,100 / 5,000 × 100
        Assert.Equal(10.0, ukraine.Single().Value!.Value, 10);  // 100 / 1,000 × 100
        Assert.Equal(75.0, turkey.Single().Value!.Value, 10);   // 3,000 / 4,000 × 100
        // Groups without figures (EU-14 here) have no values rather than zeros.
        Assert.Equal(["EIG_STAGRP=EIG_TUR", "EIG_STAGRP=EIG_UKR"], await Db.BreakdownsAsync("AZR_DAUER10"));
        Assert.Empty(await Db.ReadIndicatorValuesAsync("AZR_DAUER10", ["05754"], 2023, 2023, "EIG_STAGRP=EIG_EU14"));
    }
}
