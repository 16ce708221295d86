using Microsoft.Extensions.Configuration;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;
using Hangfire.Storage;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Imports;
using Monitoring.Ingestion.Jobs;
using Monitoring.Tests.Core.Storage;
using Monitoring.Tests.Hosting;
using Monitoring.Tests.Ingestion.Anomalies;
using Monitoring.Tests.Ingestion.Genesis;

namespace Monitoring.Tests.Ingestion.Jobs;

/// <summary>Scheduling and drop folders on the embedded default's persistent job storage.</summary>
[Collection(HangfireCollection.Name)]
public sealed class JobsTests : MigratedStore
{
    SQLiteStorage? storage;

    string JobsPath => Path.Combine(Folder, "jobs.db");

    /// <summary>The GENESIS connection the test's fake server stands for, set by a test that starts one.</summary>
    string genesisBaseUrl = "http://127.0.0.1:9/rest/2020/";

    Microsoft.Extensions.Configuration.IConfiguration Configuration => new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(
    [
        new(DropFolders.Setting, Folder),
        new("Genesis:Credentials:Test:BaseUrl", genesisBaseUrl),
    ]).Build();

    ImportJobs Jobs => new(Db, new Importer(Db, NullLogger<Importer>.Instance),
        new Monitoring.Ingestion.Genesis.GenesisClient(new HttpClient(), new Monitoring.Ingestion.Genesis.GenesisConnections(Configuration), new(), NullLogger<Monitoring.Ingestion.Genesis.GenesisClient>.Instance),
        storage!, new DropFolders(Configuration, new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = Folder }), NullLogger<ImportJobs>.Instance);

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
            Settings = new SourceSettings { DropFolder = Path.GetFileName(folder) },
        });
        return (source, folder);
    }

    static void Drop(string folder, string name, string content, bool settled = true)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        if (settled) File.SetLastWriteTimeUtc(path, DateTime.UtcNow - ImportJobs.SettleTime - TimeSpan.FromSeconds(5));
    }

    /// <summary>Issue 15, finding 5: a stored folder that leaves Imports:DropFolderRoot (saved before the rule) is refused when the source runs.</summary>
    [Fact]
    public async Task A_stored_drop_folder_outside_the_root_is_refused_at_run_time_and_links_to_files_are_not_imported()
    {
        var outside = Directory.CreateDirectory(Path.Combine(TestPaths.TempDirectory(), "fremd")).FullName;
        Drop(outside, "geheim.csv", GenesisSamples.GermanWide);
        var legacy = await Db.CreateSourceAsync(new DataSource { Name = "Alte Ablage", Kind = SourceKind.GenesisFlatFile, Settings = new SourceSettings { DropFolder = outside } });

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Jobs.RunSourceAsync(legacy.Id, CancellationToken.None));
        Assert.Contains(DropFolders.Setting, refused.Message, StringComparison.Ordinal);
        Assert.Equal(["geheim.csv"], Directory.GetFiles(outside).Select(Path.GetFileName));
        Assert.Empty(await Db.ListRunsAsync(0, 10));

        var (source, folder) = await DropFolderSourceAsync();
        File.CreateSymbolicLink(Path.Combine(folder, "verknuepft.csv"), Path.Combine(outside, "geheim.csv"));
        Assert.Equal(0, await Jobs.RunSourceAsync(source.Id, CancellationToken.None));
        Assert.Empty(await Db.ListRunsAsync(0, 10));
        Assert.True(File.Exists(Path.Combine(outside, "geheim.csv")));
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
        Assert.Contains("kaputt.csv, Zeile 3, Spalte 14: erwartet wird eine Zahl im deutschen Format", await File.ReadAllTextAsync(failed.Single(f => f.EndsWith(".error.txt", StringComparison.Ordinal))), StringComparison.Ordinal);
        await using var connection = await Db.OpenAsync();
        Assert.Equal(5, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM observations"));
    }

    [Fact]
    public async Task A_scheduled_genesis_source_fetches_its_table_and_imports_it()
    {
        await using var genesis = await FakeGenesisServer.StartAsync();
        genesisBaseUrl = genesis.BaseUrl;
        genesis.Then(FakeGenesisServer.Csv(GenesisSamples.GermanWide));
        var source = await Db.CreateSourceAsync(new DataSource
        {
            Name = "Regionalstatistik 12411",
            Kind = SourceKind.GenesisFlatFile,
            Schedule = "0 6 * * 1",
            Settings = new SourceSettings { Api = new() { Credentials = "Test", Table = "12411-02-03-5", RegionalVariable = "GEMEIN", RegionalKey = "05754*" } },
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
            Settings = new SourceSettings { Api = new() { Credentials = "Test", Table = "12411-02-03-5" } },
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
        Assert.StartsWith("Abgebrochen: ", runs.Single(r => r.Source == crashed.Name).Error, StringComparison.Ordinal);
        Assert.Equal("Running", runs.Single(r => r.Source == busy.Name).Status);
    }

    static Task<long> InsertRunningAsync(DbConnection connection, int sourceId, ProcessIdentity owner, DateTime lastSignOfLife, string? jobId) =>
        connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO import_runs (data_source_id, status, started_at, owner_host, owner_pid, owner_start, heartbeat_at, job_id)
            VALUES (@SourceId, 'Running', @At, @Host, @Pid, @Start, @At, @JobId) RETURNING id
            """,
            new { SourceId = sourceId, At = lastSignOfLife, owner.Host, Pid = owner.ProcessId, Start = owner.StartToken, JobId = jobId });

    /// <summary>The state a worker killed mid-job leaves: processing, since <paramref name="startedAt"/>, on a server that is gone.</summary>
    sealed class ProcessingOnAKilledWorker(DateTime startedAt) : IState
    {
        public string Name => ProcessingState.StateName;

        public string Reason => "processing on a worker that was killed";

        public bool IsFinal => false;

        public bool IgnoreJobLoadException => false;

        public Dictionary<string, string> SerializeData() => new()
        {
            ["StartedAt"] = JobHelper.SerializeDateTime(startedAt),
            ["ServerId"] = "killed-worker:4711:0",
            ["WorkerId"] = "0",
        };
    }

    [Fact]
    public async Task Runs_whose_process_is_gone_are_marked_failed_though_their_lock_is_left_and_their_job_is_queued_again()
    {
        var (source, _) = await DropFolderSourceAsync();
        var client = new BackgroundJobClient(storage!);
        var jobId = client.Enqueue<ImportJobs>(j => j.RunSourceAsync(source.Id, CancellationToken.None));
        Assert.True(client.ChangeState(jobId, new ProcessingOnAKilledWorker(DateTime.UtcNow.AddSeconds(-5)), EnqueuedState.StateName));
        var now = DateTime.UtcNow;
        long ended, reused, live, silent, reporting;
        await using (var connection = await Db.OpenAsync())
        {
            // A process id no process has; this process's id with another start (the id of a dead process, reused); this
            // process; another machine's process silent for an hour; another machine's process that just reported.
            ended = await InsertRunningAsync(connection, source.Id, ProcessIdentity.Current with { ProcessId = 2_000_000_000 }, now, jobId);
            reused = await InsertRunningAsync(connection, source.Id, ProcessIdentity.Current with { StartToken = "a process that ended" }, now, null);
            live = await InsertRunningAsync(connection, source.Id, ProcessIdentity.Current, now, null);
            silent = await InsertRunningAsync(connection, source.Id, ProcessIdentity.Current with { Host = "anderer-rechner" }, now - TimeSpan.FromHours(1), null);
            reporting = await InsertRunningAsync(connection, source.Id, ProcessIdentity.Current with { Host = "anderer-rechner" }, now, null);
        }

        // The killed process's lock on the source is still there until it expires; the runs are marked anyway.
        using (storage!.GetConnection().AcquireDistributedLock($"monitoring:source:{source.Id}", TimeSpan.FromSeconds(5)))
        {
            Assert.Equal(3, await Jobs.MarkInterruptedRunsAsync(CancellationToken.None));
        }

        var runs = (await Db.ListRunsAsync(0, 10)).ToDictionary(r => r.Id);
        Assert.Equal(("Failed", "Failed", "Failed", "Running", "Running"),
            (runs[ended].Status, runs[reused].Status, runs[silent].Status, runs[live].Status, runs[reporting].Status));
        Assert.StartsWith("Abgebrochen: Der Prozess, der den Import ausführte", runs[ended].Error, StringComparison.Ordinal);
        Assert.Contains("der Auftrag wurde erneut eingeplant", runs[ended].Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Interrupted", runs[ended].Error, StringComparison.Ordinal); // the analyst reads German only
        Assert.DoesNotContain("erneut eingeplant", runs[reused].Error, StringComparison.Ordinal);
        Assert.Contains("meldet sich seit", runs[silent].Error, StringComparison.Ordinal);
        // The lock is held: the job waits as a scheduled job until a left lock has expired, then runs again.
        using (var connection = storage!.GetConnection())
        {
            var state = connection.GetStateData(jobId);
            Assert.Equal(ScheduledState.StateName, state.Name);
            var enqueueAt = JobHelper.DeserializeDateTime(state.Data["EnqueueAt"]);
            Assert.InRange(enqueueAt - now, JobsHosting.SqliteLockLifetime, JobsHosting.SqliteLockLifetime + TimeSpan.FromMinutes(1));
        }

        // Looking again changes nothing: each run is marked and its job queued once.
        Assert.Equal(0, await Jobs.MarkInterruptedRunsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_job_of_an_interrupted_run_is_queued_at_once_when_its_source_is_free()
    {
        var (source, folder) = await DropFolderSourceAsync();
        Drop(folder, "gut.csv", GenesisSamples.GermanWide);
        var client = new BackgroundJobClient(storage!);
        var jobId = client.Enqueue<ImportJobs>(j => j.RunSourceAsync(source.Id, CancellationToken.None));
        Assert.True(client.ChangeState(jobId, new ProcessingOnAKilledWorker(DateTime.UtcNow.AddSeconds(-5)), EnqueuedState.StateName));
        await using (var connection = await Db.OpenAsync())
        {
            await InsertRunningAsync(connection, source.Id, ProcessIdentity.Current with { ProcessId = 2_000_000_000 }, DateTime.UtcNow, jobId);
        }

        Assert.Equal(1, await Jobs.MarkInterruptedRunsAsync(CancellationToken.None));

        using (var connection = storage!.GetConnection())
        {
            Assert.Equal(EnqueuedState.StateName, connection.GetStateData(jobId).Name);
        }
        // Run again, the job imports the file the interrupted run did not keep.
        Assert.Equal(1, await Jobs.RunSourceAsync(source.Id, CancellationToken.None));
        Assert.Contains(await Db.ListRunsAsync(0, 10), r => r.Status == "Succeeded" && r.RowsInserted == 5);
    }

    [Fact]
    public async Task An_import_job_releases_its_sources_lock_before_its_plausibility_check_runs_as_a_job_of_its_own()
    {
        var source = await Db.CreateSourceAsync(new DataSource { Name = "Hochgeladen", Kind = SourceKind.GenesisFlatFile });
        var history = AnomalyTests.WriteFile(Folder, "historie.csv", AnomalyTests.Municipalities, Enumerable.Range(2012, 12), AnomalyTests.Steady);
        Assert.Equal(ImportStatus.Succeeded, await Jobs.ImportStoredFileAsync(source.Id, history, "historie.csv", CancellationToken.None));
        // From here a job server runs (as the Web host's or a worker's): checks are queued for it.
        using (var connection = storage!.GetConnection())
        {
            connection.AnnounceServer("pruefung-test", new ServerContext { Queues = [JobsHosting.Queue], WorkerCount = 1 });
        }
        var jump = AnomalyTests.WriteFile(Folder, "2024.csv", ["05754024"], [2024], (a, _) => AnomalyTests.Steady(a, 2023) * 1.6);

        Assert.Equal(ImportStatus.Succeeded, await Jobs.ImportStoredFileAsync(source.Id, jump, "2024.csv", CancellationToken.None));

        // The import job has returned: its source's lock is free, and the check waits as a job of its own, not yet run.
        using (storage!.GetConnection().AcquireDistributedLock($"monitoring:source:{source.Id}", TimeSpan.FromSeconds(1)))
        {
        }
        var run = (await Db.ListRunsAsync(0, 1)).Single();
        var check = Assert.Single(storage!.GetMonitoringApi().EnqueuedJobs(JobsHosting.Queue, 0, 10)).Value.Job;
        Assert.Equal((typeof(AnomalyJobs), nameof(AnomalyJobs.CheckRunAsync), run.Id),
            (check.Type, check.Method.Name, Convert.ToInt64(check.Args[0], CultureInfo.InvariantCulture)));
        await using (var connection = await Db.OpenAsync())
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM anomalies WHERE import_run_id = @Id", new { run.Id }));
        }

        // The check's job, as a worker runs it: the flag is stored and added to the finished run's report.
        Assert.Equal(1, await new AnomalyJobs(Db, NullLogger<AnomalyJobs>.Instance).CheckRunAsync(run.Id, CancellationToken.None));
        var stored = JsonSerializer.Deserialize<ImportReport>((await Db.FindRunAsync(run.Id))!.Value.Report!, SourceSettings.Json)!;
        Assert.Equal((1L, "History"), (stored.AnomalyCount, Assert.Single(stored.Anomalies).Kind));
        Assert.Contains("Auslaender, Langenberg, 2024: Veränderung +60,0 %", stored.Anomalies[0].Message, StringComparison.Ordinal);
    }
}

[Collection(HangfireCollection.Name)]
public sealed class WebJobServerTests : IAsyncDisposable
{
    // Without the demo data: their population rows are the sample's, and the run would find them unchanged.
    readonly MonitoringFactory<Monitoring.Web.Program> factory = new(settings: new Dictionary<string, string?> { ["Demo:ImportOnFirstStart"] = "false" });

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
