using Dapper;
using Hangfire;
using Hangfire.Storage;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Core.Storage;
using Monitoring.Ingest.Imports;
using Monitoring.Ingest.Jobs;
using Monitoring.Tests.Hosting;
using Monitoring.Tests.Storage;

namespace Monitoring.Tests.Ingest;

/// <summary>Scheduling and drop folders on the embedded default's persistent job storage.</summary>
[Collection(HangfireCollection.Name)]
public sealed class JobsTests : MigratedStore
{
    SQLiteStorage? storage;

    string JobsPath => Path.Combine(Folder, "jobs.db");

    ImportJobs Jobs => new(Db, new Importer(Db, NullLogger<Importer>.Instance),
        new Monitoring.Ingest.Genesis.GenesisClient(new HttpClient(), new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), new(), NullLogger<Monitoring.Ingest.Genesis.GenesisClient>.Instance),
        storage!, NullLogger<ImportJobs>.Instance);

    public override async ValueTask InitializeAsync()
    {
        // A host from an earlier test may have left Hangfire logging to its disposed logger factory.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        await base.InitializeAsync();
        storage = new SQLiteStorage(JobsPath, new SQLiteStorageOptions());
    }

    public override async ValueTask DisposeAsync()
    {
        storage?.Dispose();
        await base.DisposeAsync();
    }

    async Task<(DataSource Source, string Folder)> DropFolderSourceAsync(string? schedule = null, bool enabled = true)
    {
        var folder = Path.Combine(Folder, "eingang-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(folder);
        var source = await Db.CreateSourceAsync(new DataSource
        {
            Name = "Ablage " + Path.GetFileName(folder),
            Kind = SourceKind.GenesisFlatFile,
            Schedule = schedule,
            Enabled = enabled,
            Settings = new SourceSettings { DropFolder = folder },
        });
        return (source, folder);
    }

    static void Drop(string folder, string name, string content, bool settled = true)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        if (settled) File.SetLastWriteTimeUtc(path, DateTime.UtcNow - ImportJobs.SettleTime - TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Drop_folder_files_are_imported_and_moved_to_processed_or_failed_with_the_reason()
    {
        var (source, folder) = await DropFolderSourceAsync();
        Drop(folder, "gut.csv", GenesisSamples.GermanWide);
        Drop(folder, "kaputt.csv", GenesisSamples.GermanWide.Replace(";21.034", ";21,0,34", StringComparison.Ordinal));
        Drop(folder, "noch-im-kopieren.csv", GenesisSamples.GermanWide, settled: false);

        var imported = await Jobs.RunSourceAsync(source.Id, CancellationToken.None);

        Assert.Equal(2, imported);
        Assert.Equal(["noch-im-kopieren.csv"], Directory.GetFiles(folder).Select(Path.GetFileName));
        Assert.EndsWith("-gut.csv", Assert.Single(Directory.GetFiles(Path.Combine(folder, "processed"))), StringComparison.Ordinal);
        var failed = Directory.GetFiles(Path.Combine(folder, "failed")).Order().ToList();
        Assert.Equal(2, failed.Count);
        Assert.Contains("kaputt.csv, line 3, column 14: expected a number in German format", await File.ReadAllTextAsync(failed.Single(f => f.EndsWith(".error.txt", StringComparison.Ordinal))), StringComparison.Ordinal);
        await using var connection = await Db.OpenAsync();
        Assert.Equal(5, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM observations"));
    }

    [Fact]
    public async Task A_scheduled_genesis_source_fetches_its_table_and_imports_it()
    {
        await using var genesis = await FakeGenesisServer.StartAsync();
        genesis.Then(FakeGenesisServer.Csv(GenesisSamples.GermanWide));
        var source = await Db.CreateSourceAsync(new DataSource
        {
            Name = "Regionalstatistik 12411",
            Kind = SourceKind.GenesisFlatFile,
            Schedule = "0 6 * * 1",
            Settings = new SourceSettings { Api = new() { BaseUrl = genesis.BaseUrl, Table = "12411-02-03-5", RegionalVariable = "GEMEIN", RegionalKey = "05754*" } },
        });

        Assert.Equal([SourceSchedules.JobId(source)], await SourceSchedules.SyncAsync(Db, new RecurringJobManager(storage!)));
        Assert.Equal(1, await Jobs.RunSourceAsync(source.Id, CancellationToken.None));

        var run = Assert.Single(await Db.ListRunsAsync(0, 10));
        Assert.Equal(("Succeeded", 5L), (run.Status, run.RowsInserted));
        Assert.StartsWith("GENESIS 12411-02-03-5 ", run.FileName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_runs_of_one_source_never_overlap()
    {
        var (source, folder) = await DropFolderSourceAsync();
        Drop(folder, "gut.csv", GenesisSamples.GermanWide);

        using (storage!.GetConnection().AcquireDistributedLock($"monitoring:source:{source.Id}", TimeSpan.FromSeconds(5)))
        {
            Assert.Equal(0, await Jobs.RunSourceAsync(source.Id, CancellationToken.None));
            Assert.True(File.Exists(Path.Combine(folder, "gut.csv")));
        }

        Assert.Equal(1, await Jobs.RunSourceAsync(source.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Every_enabled_source_with_a_drop_folder_gets_a_recurring_job_with_its_schedule()
    {
        var (daily, _) = await DropFolderSourceAsync("0 6 * * *");
        var (everyMinute, _) = await DropFolderSourceAsync();
        var (disabled, _) = await DropFolderSourceAsync("0 6 * * *", enabled: false);
        var genesis = await Db.CreateSourceAsync(new DataSource
        {
            Name = "GENESIS ohne eigenen Zeitplan",
            Kind = SourceKind.GenesisFlatFile,
            Settings = new SourceSettings { Api = new() { BaseUrl = "http://127.0.0.1:9/rest/2020/", Table = "12411-02-03-5" } },
        });
        var manual = await Db.CreateSourceAsync(new DataSource { Name = "Nur Hochladen", Kind = SourceKind.GenesisFlatFile });
        var manager = new RecurringJobManager(storage!);

        var scheduled = await SourceSchedules.SyncAsync(Db, manager);

        Assert.Equal(new[] { daily, everyMinute, genesis }.Select(SourceSchedules.JobId).Order(), scheduled.Order());
        using var connection = storage!.GetConnection();
        var jobs = connection.GetRecurringJobs().ToDictionary(j => j.Id);
        Assert.Equal("0 6 * * *", jobs[SourceSchedules.JobId(daily)].Cron);
        Assert.Equal("Europe/Berlin", jobs[SourceSchedules.JobId(daily)].TimeZoneId);
        Assert.Equal(SourceSchedules.DefaultDropFolderSchedule, jobs[SourceSchedules.JobId(everyMinute)].Cron);
        Assert.Equal(SourceSchedules.DefaultApiSchedule, jobs[SourceSchedules.JobId(genesis)].Cron);
        Assert.False(jobs.ContainsKey(SourceSchedules.JobId(disabled)));
        Assert.False(jobs.ContainsKey(SourceSchedules.JobId(manual)));
    }

    [Fact]
    public async Task Queued_jobs_survive_a_restart()
    {
        var (source, _) = await DropFolderSourceAsync();
        new BackgroundJobClient(storage!).Enqueue<ImportJobs>(j => j.RunSourceAsync(source.Id, CancellationToken.None));
        storage!.Dispose();

        storage = new SQLiteStorage(JobsPath, new SQLiteStorageOptions());

        Assert.Equal(1, storage.GetMonitoringApi().EnqueuedCount(JobsHosting.Queue));
    }

    [Fact]
    public async Task Runs_cut_off_by_a_crash_are_marked_failed_unless_their_source_is_being_imported()
    {
        var (crashed, _) = await DropFolderSourceAsync();
        var (busy, _) = await DropFolderSourceAsync();
        await using (var connection = await Db.OpenAsync())
        {
            foreach (var id in new[] { crashed.Id, busy.Id })
            {
                await connection.ExecuteAsync("INSERT INTO import_runs (data_source_id, status, started_at) VALUES (@Id, 'Running', @At)", new { Id = id, At = DateTime.UtcNow });
            }
        }

        using (storage!.GetConnection().AcquireDistributedLock($"monitoring:source:{busy.Id}", TimeSpan.FromSeconds(5)))
        {
            Assert.Equal(1, await Jobs.MarkInterruptedRunsAsync(CancellationToken.None));
        }

        var runs = await Db.ListRunsAsync(0, 10);
        Assert.Equal("Failed", runs.Single(r => r.Source == crashed.Name).Status);
        Assert.StartsWith("Interrupted", runs.Single(r => r.Source == crashed.Name).Error, StringComparison.Ordinal);
        Assert.Equal("Running", runs.Single(r => r.Source == busy.Name).Status);
    }
}

[Collection(HangfireCollection.Name)]
public sealed class WebJobServerTests : IAsyncDisposable
{
    readonly MonitoringFactory<Monitoring.Web.Program> factory = new();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public async Task The_embedded_default_runs_queued_imports_on_its_own_job_server()
    {
        factory.CreateClient();
        var db = factory.Services.GetRequiredService<Database>();
        var source = await db.CreateSourceAsync(new DataSource { Name = "Hochgeladen", Kind = SourceKind.GenesisFlatFile });
        var stored = Path.Combine(Path.GetDirectoryName(factory.DatabasePath)!, "upload.csv");
        await File.WriteAllTextAsync(stored, GenesisSamples.GermanWide);

        factory.Services.GetRequiredService<IBackgroundJobClient>()
            .Enqueue<ImportJobs>(j => j.ImportStoredFileAsync(source.Id, stored, "Bevölkerung.csv", CancellationToken.None));

        ImportRuns.RunSummary? run = null;
        for (var wait = 0; wait < 150 && run is null; wait++)
        {
            await Task.Delay(200);
            run = (await db.ListRunsAsync(0, 50)).FirstOrDefault(r => r.Source == "Hochgeladen" && r.Status != "Running");
        }
        Assert.NotNull(run);
        Assert.Equal(("Succeeded", "Bevölkerung.csv", 5L), (run.Status, run.FileName, run.RowsInserted));
        Assert.False(File.Exists(stored));
    }
}
