using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Ingest.Commands;

[Collection(HangfireCollection.Name)]
public sealed class IngestCommandTests : IDisposable
{
    readonly string workingDirectory = TestPaths.TempDirectory();

    public void Dispose()
    {
        try { Directory.Delete(workingDirectory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Catalog_fetch_brings_the_catalogs_tables_from_the_connection_and_reports_each()
    {
        // Against the replay of recorded real answers (Monitoring.Tests/Ingestion/Genesis/Recorded, RealExports), never the internet.
        await using var replay = await Monitoring.Tests.Ingestion.Genesis.GenesisReplayServer.StartAsync();
        replay.WithFile("12411-01-01-4", Monitoring.Tests.Ingestion.Genesis.GenesisReplayServer.Regionalstatistik12411);

        var result = await HostProcess.RunAsync("Monitoring.Ingest",
            ["catalog", "fetch", "Regionalstatistik", "--Database:SqlitePath=store/monitoring.db", $"--Genesis:Credentials:Regionalstatistik:BaseUrl={replay.BaseUrl}"],
            workingDirectory, []);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Katalogtabellen von Regionalstatistik (127.0.0.1):", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"  12411-01-01-4: abgerufen und importiert \(Lauf \d+, 1\.467 Zeilen\)", result.Stdout);
        Assert.Contains("beim Amt nicht vorhanden – GENESIS hat für 12411-02-03-5", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"1 von \d+ Tabellen importiert; \d+ beim Amt nicht vorhanden, 0 fehlgeschlagen\.", result.Stdout);
    }

    [Fact]
    public async Task Migrate_applies_the_schema_and_areas_once_then_reports_nothing_to_do()
    {
        string[] args = ["migrate", "--Database:SqlitePath=store/monitoring.db"];

        var first = await HostProcess.RunAsync("Monitoring.Ingest", args, workingDirectory, []);
        var second = await HostProcess.RunAsync("Monitoring.Ingest", args, workingDirectory, []);

        Assert.Equal(0, first.ExitCode);
        var scripts = Monitoring.Core.Storage.Schema.Scripts(Monitoring.Core.Storage.DatabaseProvider.Sqlite);
        var version = Monitoring.Core.Storage.Schema.ExpectedVersion(Monitoring.Core.Storage.DatabaseProvider.Sqlite);
        Assert.Contains($"{string.Join(", ", scripts.Select(s => s.Name))} angewendet; Schemaversion {version}.", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("Amtliche Gebiete: 17.012 neu, 0 berichtigt, 0 unverändert.", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains($"Schemaversion {version}, nichts anzuwenden.", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("Amtliche Gebiete: 0 neu, 0 berichtigt, 17.012 unverändert.", second.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(workingDirectory, "store", "monitoring.db")));
    }

    [Fact]
    public async Task Migrate_with_a_bad_provider_fails_with_the_setting_named()
    {
        var result = await HostProcess.RunAsync("Monitoring.Ingest", ["migrate", "--Database:Provider=Postgres"], workingDirectory, []);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Migration abgebrochen: Database:Provider ist „Postgres“", result.Stderr.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_creates_a_source_imports_a_file_and_lists_the_runs()
    {
        string[] db = ["--Database:SqlitePath=store/monitoring.db"];
        var csv = Path.Combine(workingDirectory, "12411.csv");
        await File.WriteAllTextAsync(csv, Monitoring.Tests.Ingestion.Genesis.GenesisSamples.GermanWide, Monitoring.Ingestion.Files.ReceivedFile.Windows1252);

        var add = await HostProcess.RunAsync("Monitoring.Ingest", ["sources", "add", "Regionalstatistik 12411", .. db], workingDirectory, []);
        var import = await HostProcess.RunAsync("Monitoring.Ingest", ["import", csv, "--source", "Regionalstatistik 12411", .. db], workingDirectory, []);
        var again = await HostProcess.RunAsync("Monitoring.Ingest", ["import", csv, "--source", "Regionalstatistik 12411", .. db], workingDirectory, []);
        var runs = await HostProcess.RunAsync("Monitoring.Ingest", ["runs", .. db], workingDirectory, []);

        Assert.Equal(0, add.ExitCode);
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("Lauf 1: erfolgreich — 12411.csv", import.Stdout, StringComparison.Ordinal);
        Assert.Contains("5 gelesen, 5 neu, 0 geändert, 0 unverändert, 0 abgewiesen", import.Stdout, StringComparison.Ordinal);
        Assert.Contains("windows-1252", import.Stdout, StringComparison.Ordinal);
        Assert.Contains("Lauf 2: unverändert (Datei schon eingelesen)", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("erfolgreich", runs.Stdout, StringComparison.Ordinal);
        Assert.Contains("unverändert (Datei schon eingelesen)", runs.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_import_exits_non_zero_and_names_file_line_and_column()
    {
        string[] db = ["--Database:SqlitePath=store/monitoring.db"];
        var csv = Path.Combine(workingDirectory, "bad.csv");
        await File.WriteAllTextAsync(csv, Monitoring.Tests.Ingestion.Genesis.GenesisSamples.GermanWide.Replace(";21.034", ";21,0,34", StringComparison.Ordinal));
        await HostProcess.RunAsync("Monitoring.Ingest", ["sources", "add", "Strict", .. db], workingDirectory, []);

        var import = await HostProcess.RunAsync("Monitoring.Ingest", ["import", csv, "--source", "Strict", .. db], workingDirectory, []);

        Assert.Equal(3, import.ExitCode);
        Assert.Contains("Lauf 1: fehlgeschlagen", import.Stdout, StringComparison.Ordinal);
        Assert.Contains("bad.csv, Zeile 3, Spalte 14: erwartet wird eine Zahl im deutschen Format", import.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Issue 16, part 1: a newer edition of Destatis's directory, with one command.</summary>
    [Fact]
    public async Task Areas_import_loads_a_new_edition_of_the_directory_and_refuses_a_file_that_is_none()
    {
        string[] db = ["--Database:SqlitePath=store/monitoring.db", "--Jobs:SqlitePath=store/jobs.db"];
        var lines = await File.ReadAllLinesAsync(Path.Combine(TestPaths.RepositoryRoot, "Monitoring.Core", "Areas", "GV100AD_30112025.txt"));
        // Langenberg dissolved in the next edition.
        await File.WriteAllLinesAsync(Path.Combine(workingDirectory, "GV100AD_31122026.txt"),
            lines.Where(l => !(l.StartsWith("60", StringComparison.Ordinal) && l[10..18] == "05754024")).Select(l => l[..2] + "20261231" + l[10..]));
        await File.WriteAllTextAsync(Path.Combine(workingDirectory, "keins.txt"), "AGS;Name\r\n05754008;Gütersloh\r\n");

        var imported = await HostProcess.RunAsync("Monitoring.Ingest", ["areas", "import", "GV100AD_31122026.txt", .. db], workingDirectory, []);
        var refused = await HostProcess.RunAsync("Monitoring.Ingest", ["areas", "import", "keins.txt", .. db], workingDirectory, []);

        Assert.Equal(0, imported.ExitCode);
        Assert.Contains("Gebietsstand 31.12.2026: 0 Gebiete neu, 0 berichtigt, 12.613 unverändert, 1 nicht mehr im Verzeichnis (gültig bis 30.12.2026).", imported.Stdout, StringComparison.Ordinal);
        Assert.True(refused.ExitCode == 2, refused.Stderr + refused.Stdout);
        Assert.Contains("keins.txt, Zeile 1, Spalte 1", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sources_schedule_is_editable_and_checked()
    {
        string[] db = ["--Database:SqlitePath=store/monitoring.db", "--Jobs:SqlitePath=store/jobs.db"];
        Directory.CreateDirectory(Path.Combine(workingDirectory, "data", "drop", "eingang"));
        var outside = await HostProcess.RunAsync("Monitoring.Ingest", ["sources", "add", "Schulamt", "--drop-folder", workingDirectory, .. db], workingDirectory, []);
        var add = await HostProcess.RunAsync("Monitoring.Ingest", ["sources", "add", "Schulamt", "--drop-folder", "eingang", .. db], workingDirectory, []);
        var bad = await HostProcess.RunAsync("Monitoring.Ingest", ["sources", "set", "Schulamt", "--schedule", "jeden Montag", .. db], workingDirectory, []);
        var weekly = await HostProcess.RunAsync("Monitoring.Ingest", ["sources", "set", "Schulamt", "--schedule", "0 6 * * 1", .. db], workingDirectory, []);
        var off = await HostProcess.RunAsync("Monitoring.Ingest", ["sources", "set", "Schulamt", "--enabled", "false", .. db], workingDirectory, []);

        Assert.Equal(2, outside.ExitCode);
        Assert.Contains("settings.dropFolder: ", outside.Stderr, StringComparison.Ordinal);
        Assert.Contains("Zeitplan * * * * *", add.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("„jeden Montag“ ist kein Cron-Ausdruck", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("„Schulamt“ gespeichert: aktiv, Zeitplan 0 6 * * 1.", weekly.Stdout, StringComparison.Ordinal);
        Assert.Contains("„Schulamt“ gespeichert: deaktiviert, kein Zeitplan.", off.Stdout, StringComparison.Ordinal);
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        using var storage = new Hangfire.Storage.SQLite.SQLiteStorage(Path.Combine(workingDirectory, "store", "jobs.db"), new Hangfire.Storage.SQLite.SQLiteStorageOptions());
        using var connection = storage.GetConnection();
        Assert.Empty(Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection));
    }
}
