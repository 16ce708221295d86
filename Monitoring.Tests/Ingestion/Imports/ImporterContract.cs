using System.IO.Compression;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Core.Areas;
using Monitoring.Core.Observations;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Imports;
using Monitoring.Tests.Core.Storage;
using Monitoring.Tests.Ingestion.Genesis;

namespace Monitoring.Tests.Ingestion.Imports;

/// <summary>Import runs: atomic, idempotent, revisions, reports. Runs on SQLite always and on SQL Server when configured.</summary>
public abstract class ImporterContract : IAsyncLifetime
{
    readonly string directory = TestPaths.TempDirectory();
    ITestDatabase? test;

    Database Db => test!.Database;

    Importer Importer => new(Db, NullLogger<Importer>.Instance);

    protected abstract Task<ITestDatabase> CreateAsync();

    public async ValueTask InitializeAsync()
    {
        test = await CreateAsync();
        await Db.MigrateAsync();
        await ReferenceAreas.LoadDistrictAsync(Db);
    }

    public async ValueTask DisposeAsync()
    {
        if (test is not null) await test.DisposeAsync();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }

    Task<DataSource> SourceAsync(double threshold = 0) =>
        Db.CreateSourceAsync(new DataSource { Name = "Regionalstatistik 12411 " + Guid.NewGuid().ToString("N")[..6], Kind = SourceKind.GenesisFlatFile, RejectThreshold = threshold });

    string Write(string name, string content, Encoding? encoding = null)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content, encoding ?? new UTF8Encoding(false));
        return path;
    }

    async Task<List<(string Area, string Period, string Set, decimal? Value, int Flags)>> ObservationsAsync()
    {
        await using var connection = await Db.OpenAsync();
        var rows = await connection.QueryAsync<(string, string, string, decimal?, long)>(
            """
            SELECT a.area_key, o.period, d.set_key, o.value, o.flags
            FROM observations o JOIN areas a ON a.id = o.area_id JOIN dimension_sets d ON d.id = o.dimension_set_id
            ORDER BY a.area_key, o.period, d.set_key
            """);
        return rows.Select(r => (r.Item1, r.Item2, r.Item3, r.Item4, (int)r.Item5)).ToList();
    }

    async Task<long> CountAsync(string table)
    {
        await using var connection = await Db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    [Fact]
    public async Task A_flat_file_is_imported_with_values_flags_dimensions_and_variables()
    {
        var source = await SourceAsync();

        var report = await Importer.ImportFileAsync(source, Write("12411-02-03-5.csv", GenesisSamples.GermanWide));

        Assert.Equal(ImportStatus.Succeeded, report.Status);
        Assert.Equal((5L, 5L, 0L, 0L, 0L), (report.RowsRead, report.Inserted, report.Updated, report.Unchanged, report.Rejected));
        Assert.Equal(
            [
                ("05754004", "2023-12-31", "NAT=NATA", 0m, (int)QualityFlags.ExactlyZero),
                ("05754008", "2023-12-31", "", 102345m, 0),
                ("05754008", "2023-12-31", "NAT=NATA", 21034m, 0),
                ("05754024", "2023-12-31", "NAT=NATA", null, (int)QualityFlags.Secret),
                ("05754044", "2023-12-31", "NAT=NATA", 4120m, (int)(QualityFlags.LimitedReliability | QualityFlags.Provisional)),
            ],
            await ObservationsAsync());
        await using var connection = await Db.OpenAsync();
        var variable = await connection.QuerySingleAsync<(string, string, string)>("SELECT label, unit, source FROM variables WHERE code = 'BEVSTD'");
        Assert.Equal(("Bevoelkerungsstand", "Anzahl", "GENESIS, Statistik 12411"), variable);
        Assert.Equal("Ausländer(innen)", await connection.ExecuteScalarAsync<string>("SELECT label FROM dimension_values WHERE dimension = 'NAT' AND code = 'NATA'"));
        var run = await connection.QuerySingleAsync<(string Status, string Hash, long Inserted)>("SELECT status, file_hash, rows_inserted FROM import_runs WHERE id = @Id", new { Id = report.RunId });
        Assert.Equal(("Succeeded", report.FileHash, 5L), run);
    }

    [Fact]
    public async Task The_same_file_again_is_recognised_and_changes_nothing()
    {
        var source = await SourceAsync();
        var path = Write("a.csv", GenesisSamples.GermanWide);
        await Importer.ImportFileAsync(source, path);
        var before = await ObservationsAsync();

        var again = await Importer.ImportFileAsync(source, Write("copy-with-other-name.csv", GenesisSamples.GermanWide));

        Assert.Equal(ImportStatus.Unchanged, again.Status);
        Assert.Equal(before, await ObservationsAsync());
        Assert.Equal(0, await CountAsync("observation_revisions"));
        Assert.Equal(2, await CountAsync("import_runs"));
    }

    [Fact]
    public async Task A_corrected_file_updates_the_changed_values_and_records_each_revision()
    {
        var source = await SourceAsync();
        var first = await Importer.ImportFileAsync(source, Write("a.csv", GenesisSamples.GermanWide));
        var corrected = GenesisSamples.GermanWide
            .Replace(";21.034", ";21.100r", StringComparison.Ordinal)   // revised figure
            .Replace("Langenberg;NAT;Staatsangehörigkeit;NATA;Ausländer(innen);.", "Langenberg;NAT;Staatsangehörigkeit;NATA;Ausländer(innen);1.203", StringComparison.Ordinal); // secret figure now published

        var second = await Importer.ImportFileAsync(source, Write("b.csv", corrected));

        Assert.Equal(ImportStatus.Succeeded, second.Status);
        Assert.Equal((0L, 2L, 3L), (second.Inserted, second.Updated, second.Unchanged));
        var observations = await ObservationsAsync();
        Assert.Contains(("05754008", "2023-12-31", "NAT=NATA", 21100m, (int)QualityFlags.Revised), observations);
        Assert.Contains(("05754024", "2023-12-31", "NAT=NATA", 1203m, 0), observations);
        await using var connection = await Db.OpenAsync();
        var revisions = (await connection.QueryAsync<(decimal?, long, decimal?, long, long, long)>(
            "SELECT old_value, old_flags, new_value, new_flags, old_import_run_id, import_run_id FROM observation_revisions ORDER BY new_value")).ToList();
        Assert.Equal(
            [
                (null, (long)QualityFlags.Secret, 1203m, 0L, first.RunId, second.RunId),
                (21034m, 0L, 21100m, (long)QualityFlags.Revised, first.RunId, second.RunId),
            ],
            revisions);
    }

    [Fact]
    public async Task A_failure_in_the_middle_of_a_file_leaves_the_store_exactly_as_it_was()
    {
        var source = await SourceAsync();
        await Importer.ImportFileAsync(source, Write("a.csv", GenesisSamples.GermanWide));
        var before = await ObservationsAsync();
        var variables = await CountAsync("variables");
        // 25,000 good rows with a new variable and new dimension values, then one bad cell, then more good rows.
        var lines = new StringBuilder(GenesisSamples.GermanWide.Split('\n')[0].Replace("BEVSTD__Bevoelkerungsstand__Anzahl", "NEU001__Neue Variable__Anzahl", StringComparison.Ordinal)).Append('\n');
        for (var i = 0; i < 30_000; i++)
        {
            var value = i == 25_000 ? "12,3,4" : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            lines.Append($"12411;Bev;JAHR;Jahr;{1000 + i % 1000};GEMEIN;Gemeinden;05754008;Gütersloh;ALT;Alter;ALT{i / 1000:D3};Gruppe {i / 1000};{value}\n");
        }

        var report = await Importer.ImportFileAsync(source, Write("broken.csv", lines.ToString()));

        Assert.Equal(ImportStatus.Failed, report.Status);
        Assert.Equal(1, report.Rejected);
        var rejected = Assert.Single(report.RejectedRows);
        Assert.Equal(("broken.csv", 25_002L, 14), (rejected.File, rejected.Line, rejected.Column));
        Assert.Contains("nichts wurde übernommen", report.Error, StringComparison.Ordinal);
        Assert.Equal(before, await ObservationsAsync());
        Assert.Equal(variables, await CountAsync("variables"));
        Assert.Equal(0, await CountAsync("dimension_values WHERE dimension = 'ALT'"));
        await using var connection = await Db.OpenAsync();
        Assert.Equal("Failed", await connection.ExecuteScalarAsync<string>("SELECT status FROM import_runs WHERE id = @Id", new { Id = report.RunId }));
    }

    [Fact]
    public async Task Rejected_rows_within_the_threshold_are_reported_and_the_rest_imported()
    {
        var source = await SourceAsync(threshold: 0.5);
        var csv = GenesisSamples.GermanWide.Replace(";21.034", ";21,0,34", StringComparison.Ordinal);

        var report = await Importer.ImportFileAsync(source, Write("a.csv", csv));

        Assert.Equal(ImportStatus.Succeeded, report.Status);
        Assert.Equal((5L, 4L, 1L), (report.RowsRead, report.Inserted, report.Rejected));
        Assert.Equal(new RejectedRow("a.csv", 3, 14, "erwartet wird eine Zahl im deutschen Format (z. B. 1.234,5) oder ein amtliches Zeichen (- . ... / x), gefunden „21,0,34“"), report.RejectedRows.Single());
    }

    [Fact]
    public async Task Unknown_areas_are_listed_with_their_row_counts_and_skipped()
    {
        var source = await SourceAsync();
        var csv = GenesisSamples.GermanWide.Replace("05754044;Verl", "05799020;Nirgendwo", StringComparison.Ordinal)
                  + "\n12411;Bev;STAG;Stichtag;31.12.2023;GEMEIN;Gemeinden;05799020;Nirgendwo;NAT;Staatsangehörigkeit;;Insgesamt;41.000";

        var report = await Importer.ImportFileAsync(source, Write("a.csv", csv));

        Assert.Equal(ImportStatus.Succeeded, report.Status);
        Assert.Equal(4, report.Inserted);
        Assert.Equal(2, report.UnknownAreaRows);
        Assert.Equal([new UnknownArea("05799020", "Nirgendwo", 2)], report.UnknownAreas);
    }

    /// <summary>Issue 16, part 4: "erfolgreich, 0 neu" with most rows dropped must never happen.</summary>
    [Fact]
    public async Task A_run_that_would_lose_more_than_half_its_rows_to_unknown_areas_fails_naming_them_unless_the_source_allows_it()
    {
        var csv = string.Join('\n', GenesisSamples.GermanWide.Split('\n').Select((line, i) => i == 0 ? line : line.Replace(";05754", ";05799", StringComparison.Ordinal)));

        var strict = await Importer.ImportFileAsync(await SourceAsync(), Write("fremd.csv", csv));

        Assert.Equal(ImportStatus.Failed, strict.Status);
        Assert.Contains("nennen Gebiete, die das Gebietsverzeichnis nicht kennt", strict.Error, StringComparison.Ordinal);
        Assert.Contains("05799008", strict.Error, StringComparison.Ordinal);
        Assert.Empty(await ObservationsAsync());

        var allowing = await Db.CreateSourceAsync(new DataSource { Name = "Eigene Gebiete", Kind = SourceKind.GenesisFlatFile, Settings = new SourceSettings { AllowUnknownAreas = true } });
        var lenient = await Importer.ImportFileAsync(allowing, Write("fremd.csv", csv));
        Assert.Equal(ImportStatus.Succeeded, lenient.Status);
        Assert.True(lenient.UnknownAreaRows > lenient.RowsRead / 2);
    }

    [Fact]
    public async Task Duplicate_keys_in_one_file_are_rejected_naming_the_first_line()
    {
        var source = await SourceAsync();
        var lines = GenesisSamples.GermanWide.Split('\n');
        var csv = string.Join('\n', lines) + "\n" + lines[2].Replace("21.034", "99", StringComparison.Ordinal);

        var strict = await Importer.ImportFileAsync(source, Write("a.csv", csv));

        Assert.Equal(ImportStatus.Failed, strict.Status);
        Assert.Equal(new RejectedRow("a.csv", 7, 0, "doppelt: dasselbe Gebiet, derselbe Zeitraum, dieselbe Variable und dieselben Merkmale wie Zeile 3"), strict.RejectedRows.Single());
        Assert.Empty(await ObservationsAsync());

        var lenient = await Importer.ImportFileAsync(await SourceAsync(threshold: 0.5), Write("a.csv", csv));
        Assert.Equal((ImportStatus.Succeeded, 5L, 1L), (lenient.Status, lenient.Inserted, lenient.Rejected));
        Assert.Contains(("05754008", "2023-12-31", "NAT=NATA", 21034m, 0), await ObservationsAsync());
    }

    [Fact]
    public async Task Windows_1252_and_utf8_with_bom_are_read_alike()
    {
        var ansi = await Importer.ImportFileAsync(await SourceAsync(), Write("ansi.csv", GenesisSamples.GermanWide, Monitoring.Ingestion.Files.ReceivedFile.Windows1252));
        Assert.Equal(("windows-1252", ImportStatus.Succeeded), (ansi.Encoding, ansi.Status));
        await using (var connection = await Db.OpenAsync())
        {
            Assert.Equal("Ausländer(innen)", await connection.ExecuteScalarAsync<string>("SELECT label FROM dimension_values WHERE code = 'NATA'"));
        }

        var bom = await Importer.ImportFileAsync(await SourceAsync(), Write("bom.csv", GenesisSamples.GermanWide, new UTF8Encoding(true)));
        Assert.Equal(("utf-8", ImportStatus.Succeeded, 5L), (bom.Encoding, bom.Status, bom.Unchanged));
    }

    [Fact]
    public async Task The_csv_inside_a_genesis_zip_is_imported()
    {
        var zip = Path.Combine(directory, "12411-02-03-5.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            var entry = archive.CreateEntry("12411-02-03-5_de_flat.csv");
            await using var stream = entry.Open();
            await stream.WriteAsync(Encoding.UTF8.GetBytes(GenesisSamples.GermanWide));
        }

        var report = await Importer.ImportFileAsync(await SourceAsync(), zip);

        Assert.Equal((ImportStatus.Succeeded, 5L), (report.Status, report.Inserted));
        Assert.Equal("12411-02-03-5.zip!12411-02-03-5_de_flat.csv", report.FileName);
    }

    [Theory]
    [InlineData("", "empty.csv, Zeile 1, Spalte 1: die Datei ist leer")]
    [InlineData("Statistik_Code,Zeit_Code,Zeit\n12411,JAHR,2023\n", "empty.csv, Zeile 1, Spalte 1: die Datei ist durch ',' getrennt")]
    public async Task An_unreadable_file_fails_the_run_with_file_line_and_column(string content, string expected)
    {
        var report = await Importer.ImportFileAsync(await SourceAsync(), Write("empty.csv", content));

        Assert.Equal(ImportStatus.Failed, report.Status);
        Assert.StartsWith(expected, report.Error, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("observations"));
    }

}

public sealed class SqliteImporterTests : ImporterContract
{
    protected override Task<ITestDatabase> CreateAsync() => Task.FromResult<ITestDatabase>(new SqliteTestDatabase());
}

public sealed class SqlServerImporterTests : ImporterContract
{
    protected override async Task<ITestDatabase> CreateAsync() => await SqlServerTestDatabase.CreateAsync();
}
