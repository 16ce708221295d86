using Dapper;
using Monitoring.Core.Areas;
using Monitoring.Ingestion.Imports;
using Monitoring.Tests.Core.Storage;

namespace Monitoring.Tests.Ingestion.Genesis;

/// <summary>
/// Issue 16, part 3: real exports of the statistical offices, byte for byte as delivered (`RealExports/`, copied from
/// shared/reference/real-exports; dl-de/by-2-0, © Statistische Ämter des Bundes und der Länder), imported against the
/// directory of all of Germany's areas. Values are checked by hand against the file.
/// </summary>
public sealed class RealExportTests : MigratedStore
{
    static string Real(string name) => Path.Combine(TestPaths.RepositoryRoot, "Monitoring.Tests", "Ingestion", "Genesis", "RealExports", name);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await ReferenceAreas.LoadAsync(Db);
    }

    async Task<ImportReport> ImportAsync(string file, SourceKind kind = SourceKind.GenesisFlatFile)
    {
        var source = await Db.CreateSourceAsync(new DataSource { Name = file, Kind = kind, RejectThreshold = 0 });
        return await new Importer(Db, Microsoft.Extensions.Logging.Abstractions.NullLogger<Importer>.Instance).ImportFileAsync(source, Real(file));
    }

    public static TheoryData<string> EveryRealExport() =>
        new(Directory.GetFiles(Real("")).Select(Path.GetFileName).Where(f => f is not "README.md").Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(EveryRealExport))]
    public async Task Every_real_export_imports_as_a_genesis_export_recognised_by_its_content(string file)
    {
        var report = await ImportAsync(file, SourceKind.GenesisExport);

        Assert.True(report.Status == ImportStatus.Succeeded, $"{file}: {report.Error}");
        Assert.True(report.Inserted > 0, file);
        Assert.Equal(0, report.Rejected);
    }

    [Fact]
    public async Task The_older_wide_flat_file_reads_in_german_and_in_english_with_its_repeated_header_names()
    {
        var german = await ImportAsync("ffcsv-wide_regio_12411-01-01-4_flat_de.csv");
        Assert.True(german.Status == ImportStatus.Succeeded, german.Error);
        // Every row lands on an area: the Kreise before their reforms (Landkreis Göttingen 03152) are former areas of the
        // AGS-Historie, Berlin's Bezirke official parts of Berlin.
        Assert.Equal((1_614L, 1_614L, 0L), (german.RowsRead, german.Inserted, german.UnknownAreaRows));
        // Kreis Gütersloh on 31.12.2023, as the file has it: 372,938 inhabitants, 185,910 men.
        Assert.Equal(372_938, await ObservationAsync("BEVSTD", "05754", "2023-12-31"));

        // The English file: the header names 1_variable_code three times, numbers without separators, ISO dates.
        var english = await ImportAsync("ffcsv-wide_regio_12411-01-01-4_flat_en.csv");
        Assert.True(english.Status is ImportStatus.Succeeded or ImportStatus.Unchanged, english.Error);
        Assert.Equal((1_614L, 1_614L, 0L), (english.RowsRead, english.Unchanged + english.Inserted, english.Updated));
        Assert.Equal(0, english.UnknownAreaRows);
    }

    async Task<double?> ValueAsync(string area, string setKeyLike)
    {
        await using var connection = await Db.OpenAsync();
        return await connection.ExecuteScalarAsync<double?>(
            """
            SELECT o.value FROM observations o JOIN areas a ON a.id = o.area_id JOIN dimension_sets s ON s.id = o.dimension_set_id
            WHERE a.area_key = @Area AND s.set_key LIKE @Like AND s.set_key NOT LIKE '%MÄNNLICH%' AND s.set_key NOT LIKE '%WEIBLICH%'
            """, new { Area = area, Like = setKeyLike });
    }

    [Fact]
    public async Task Table_csvs_with_a_classification_in_the_rows_read_every_figure()
    {
        // IT.NRW 12521-03i: a continent and country code with its label beside the area, '-' for zero, 215 nationalities.
        var nationalities = await ImportAsync("table_itnrw_12521-03i.csv", SourceKind.GenesisTable);
        Assert.True(nationalities.Status == ImportStatus.Succeeded, nationalities.Error);
        Assert.Equal(0, nationalities.Rejected);
        Assert.Equal(6_510, await ValueAsync("05754", "%ZEILE1=163")); // Kreis Gütersloh, Türkei, 31.12.2024
        Assert.Equal(50_760, await ValueAsync("05754", "%ZEILE1=1")); // Kreis Gütersloh, Europa
        // "Tabelle: 12521-03i" is a known table: the shipped mapping puts it under the catalog's variable, no code to give.
        await using (var connection = await Db.OpenAsync())
        {
            Assert.Equal(["AZR_AUSLAENDER"], (await connection.QueryAsync<string>(
                "SELECT DISTINCT v.code FROM observations o JOIN variables v ON v.id = o.variable_id WHERE o.import_run_id = @Run", new { Run = nationalities.RunId })).ToList());
        }

        // Regionalstatistik 12411-02-03-4: the age group as a label in the rows, one header row, a footnote over many lines.
        var ages = await ImportAsync("table_regio_12411-02-03-4.csv", SourceKind.GenesisTable);
        Assert.True(ages.Status == ImportStatus.Succeeded, ages.Error);
        Assert.Equal(0, ages.Rejected);
        Assert.Equal(14_709, await ValueAsync("05754", "%ZEILE1=6_BIS_UNTER_10_JAHRE%"));

        // IT.NRW 12411-15i: three header rows, names indented, all 13 Gemeinden of Kreis Gütersloh.
        var density = await ImportAsync("table_itnrw_12411-15i.csv", SourceKind.GenesisTable);
        Assert.True(density.Status == ImportStatus.Succeeded, density.Error);
        Assert.Equal(0, density.Rejected);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    public async Task A_malformed_export_is_refused_naming_its_first_bad_line_or_imported_without_the_bad_rows(double threshold)
    {
        // The real older wide file with three stub rows shifted by one column, as malformed exports are delivered.
        var lines = File.ReadAllText(Real("ffcsv-wide_regio_12411-01-01-4_flat_de.csv")).Split('\n');
        foreach (var i in new[] { 9, 10, 11 }) lines[i] = lines[i].Insert(lines[i].IndexOf(";KREISE;", StringComparison.Ordinal), ";");
        var path = Path.Combine(Path.GetTempPath(), $"verschoben-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, string.Join('\n', lines));
        try
        {
            var source = await Db.CreateSourceAsync(new DataSource { Name = $"verschoben {threshold}", Kind = SourceKind.GenesisExport, RejectThreshold = threshold });
            var report = await new Importer(Db, Microsoft.Extensions.Logging.Abstractions.NullLogger<Importer>.Instance).ImportFileAsync(source, path, "12411-01-01-4_verschoben.csv");
            Assert.Equal(3, report.Rejected);
            if (threshold == 0)
            {
                Assert.Equal(ImportStatus.Failed, report.Status);
                Assert.Contains("Erste: 12411-01-01-4_verschoben.csv, Zeile 10, Spalte 15: die Zeile hat 15 Felder, erwartet werden 14", report.Error, StringComparison.Ordinal);
                Assert.Equal(0, report.Inserted);
            }
            else
            {
                Assert.True(report.Status == ImportStatus.Succeeded, report.Error);
                Assert.Equal((1_614L - 3, 1_611L), (report.RowsRead - report.Rejected, report.Inserted));
                Assert.Equal([10L, 11L, 12L], report.RejectedRows.Select(r => r.Line));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_table_without_key_column_is_matched_by_the_names_of_its_areas()
    {
        // Landesdatenbank tables can come without the key column, their rows naming the area only ("    Gütersloh, Kreis").
        // Made from the real 12411-15i by removing that one column (and its empty header cells), bytes otherwise as delivered (Windows-1252).
        var withoutKeys = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(Real("table_itnrw_12411-15i.csv"), System.Text.Encoding.Latin1),
            @"(?m)^(31\.12\.2024);\d{2,8};", "$1;");
        // The header rows lose the key's empty cell too.
        withoutKeys = System.Text.RegularExpressions.Regex.Replace(withoutKeys, "(?m)^;;;", ";;");
        Assert.DoesNotContain(";05754;", withoutKeys, StringComparison.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), $"12411-15i-ohne-schluessel-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, withoutKeys, System.Text.Encoding.Latin1);
        try
        {
            var source = await Db.CreateSourceAsync(new DataSource { Name = "ohne Schlüssel", Kind = SourceKind.GenesisExport });
            var report = await new Importer(Db, Microsoft.Extensions.Logging.Abstractions.NullLogger<Importer>.Instance).ImportFileAsync(source, path, "12411-15i-ohne-schluessel.csv");
            Assert.True(report.Status == ImportStatus.Succeeded, report.Error);
            Assert.Equal(0, report.Rejected);
            // Only the former Kreis Aachen (ended 2009, a name no shipped list has) is not found, and it is named, with its rows.
            Assert.Equal([("Aachen, Kreis", 3L)], report.UnknownAreas.Select(u => (u.Key, u.Rows)));
            // "Gütersloh, Kreis" is the Kreis, "Gütersloh, Stadt" its Stadt, "Düsseldorf, krfr. Stadt" the kreisfreie Stadt.
            await using var connection = await Db.OpenAsync();
            var population = (await connection.QueryAsync<(string Key, double Value)>(
                """
                SELECT a.area_key, o.value FROM observations o JOIN areas a ON a.id = o.area_id JOIN dimension_sets s ON s.id = o.dimension_set_id
                WHERE o.import_run_id = @Run AND s.set_key LIKE '%ANZAHL%' AND a.area_key IN ('05754', '05754008', '05111', '05')
                """, new { Run = report.RunId })).ToDictionary(r => r.Key, r => r.Value);
            Assert.Equal(363_982, population["05754"]);
            Assert.Equal(100_479, population["05754008"]);
            Assert.Equal(618_685, population["05111"]);
            Assert.Equal(18_034_454, population["05"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    async Task<double?> ObservationAsync(string variable, string area, string period, string setKey = "")
    {
        await using var connection = await Db.OpenAsync();
        return await connection.ExecuteScalarAsync<double?>(
            """
            SELECT o.value FROM observations o JOIN areas a ON a.id = o.area_id JOIN variables v ON v.id = o.variable_id JOIN dimension_sets s ON s.id = o.dimension_set_id
            WHERE v.code = @Variable AND a.area_key = @Area AND o.period = @Period AND s.set_key = @SetKey
            """, new { Variable = variable, Area = area, Period = period, SetKey = setKey });
    }

    [Fact]
    public async Task The_current_long_flat_files_read_from_their_zips_in_german_and_english()
    {
        // Regionalstatistik 12411-01-01-4 as the REST interface returns it: a ZIP of one CSV, UTF-8 with BOM, English
        // column names, unsorted rows, ISO dates. Kreis Gütersloh on 31.12.2024 as the file has it: 363,982 inhabitants.
        var german = await ImportAsync("ffcsv-long_regio_12411-01-01-4_1773175772751_de_flat.zip");
        Assert.True(german.Status == ImportStatus.Succeeded, german.Error);
        Assert.Equal((1_467L, 0L), (german.RowsRead, german.Rejected));
        Assert.Equal(363_982, await ObservationAsync("BEVSTD", "05754", "2024-12-31"));
        var english = await ImportAsync("ffcsv-long_regio_12411-01-01-4_1773175790049_en_flat.zip");
        Assert.True(english.Status is ImportStatus.Succeeded or ImportStatus.Unchanged, english.Error);
        Assert.Equal((0L, 0L), (english.Inserted, english.Updated)); // the same figures

        // Regionalatlas AI-N-01-2-5: all German Gemeinden, two value variables in one file, '-' and 'x'.
        var atlas = await ImportAsync("ffcsv-long_regio_AI-N-01-2-5_1773175147935_de_flat.zip");
        Assert.True(atlas.Status == ImportStatus.Succeeded, atlas.Error);
        Assert.Equal((27_132L, 0L), (atlas.RowsRead, atlas.Rejected));
        Assert.Equal(40.4, await ObservationAsync("AI0111", "05754008", "2023"));
        Assert.Equal(1.9, await ObservationAsync("AI0112", "05754008", "2023"));

        // GENESIS-Online 91111-0001: every official symbol, decimal comma, unit "jew. ME".
        var sustainability = await ImportAsync("ffcsv-long_genesis_91111-0001_1773174964548_de_flat.zip");
        Assert.True(sustainability.Status == ImportStatus.Succeeded, sustainability.Error);
        Assert.Equal((4_719L, 0L), (sustainability.RowsRead, sustainability.Rejected));

        // GENESIS-Online 52111-0001, wide with quality on: the mark in a column of its own (…__q).
        var quality = await ImportAsync("ffcsv-wide_genesis_52111-0001_flat_de_quality-on.csv");
        Assert.True(quality.Status == ImportStatus.Succeeded, quality.Error);
        Assert.Equal((68L, 0L), (quality.RowsRead, quality.Rejected));
    }
}
