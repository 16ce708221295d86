using System.Diagnostics;
using Dapper;
using Hangfire;
using Hangfire.States;
using Hangfire.Storage.SQLite;
using Monitoring.Ingestion.Jobs;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Reliability;

/// <summary>
/// The process is killed (SIGKILL, no chance to clean up) in the middle of an import: afterwards nothing of the run is
/// stored, the restarted host marks the run failed, and the same file imports cleanly; a queued import's job runs again
/// by itself.
/// </summary>
[Collection(HangfireCollection.Name)]
public sealed class CrashTests
{
    /// <summary>Read as the dashboard reads: the product's own connection settings.</summary>
    static async Task<T> QueryAsync<T>(string database, string sql)
    {
        await using var connection = await Monitoring.Tests.Core.Storage.TestDatabases.Create(("Database:Provider", "Sqlite"), ("Database:SqlitePath", database)).OpenAsync();
        return await connection.ExecuteScalarAsync<T>(sql) ?? throw new InvalidOperationException(sql);
    }

    [Fact]
    public async Task An_import_killed_midway_leaves_nothing_is_marked_failed_on_restart_and_imports_cleanly_again()
    {
        var directory = TestPaths.TempDirectory();
        var database = System.IO.Path.Combine(directory, "monitoring.db");
        string[] db = [$"--Database:SqlitePath={database}"];
        Assert.Equal(0, (await HostProcess.RunAsync("Monitoring.Ingest", ["sources", "add", "Massendaten", .. db], directory, [])).ExitCode);
        var (file, rows) = await BulkFile.WriteAsync(directory, years: 120, groups: 300);

        var dll = System.IO.Path.Combine(TestPaths.RepositoryRoot, "Monitoring.Ingest", "bin", TestPaths.Configuration, "net10.0", "Monitoring.Ingest.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "import", file, "--source", "Massendaten", .. db]) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        using (var import = Process.Start(start)!)
        {
            var stdout = import.StandardOutput.ReadToEndAsync();
            _ = import.StandardError.ReadToEndAsync(); // progress lines, drained so the pipe never fills
            var exited = import.WaitForExitAsync();
            // Killed once the process writes (its write-ahead log appears: the run's log entry, then the run's transaction,
            // which lasts about 6 s for this file here) and a second later. Watched on the file, not through SQLite, so the
            // watching takes no lock. The state after the kill proves the moment: a run that started and did not finish.
            var wal = database + "-wal";
            var clock = Stopwatch.StartNew();
            while (!exited.IsCompleted && !(File.Exists(wal) && new FileInfo(wal).Length > 0))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the import never started writing");
                await Task.Delay(20);
            }
            await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(1)));
            Assert.False(exited.IsCompleted, "the import finished before the kill; the file is too small for this machine");
            import.Kill(); // SIGKILL: no finally block, no rollback by the process itself
            await exited;
            Assert.DoesNotContain("erfolgreich", await stdout.WaitAsync(TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
        }

        Assert.Equal(0, await QueryAsync<long>(database, "SELECT COUNT(*) FROM observations"));
        Assert.Equal("Running", await QueryAsync<string>(database, "SELECT status FROM import_runs"));
        Assert.Equal("ok", await QueryAsync<string>(database, "PRAGMA integrity_check"));

        // The restarted host finds the run cut off and says so.
        await using (var restarted = new MonitoringFactory<Monitoring.Web.Program>(database, new Dictionary<string, string?> { ["Demo:ImportOnFirstStart"] = "false" }))
        {
            restarted.CreateClient();
            var clock = Stopwatch.StartNew();
            while (await QueryAsync<string>(database, "SELECT status FROM import_runs") == "Running" && clock.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(50);
        }
        Assert.Equal("Failed", await QueryAsync<string>(database, "SELECT status FROM import_runs"));
        Assert.StartsWith("Abgebrochen: ", await QueryAsync<string>(database, "SELECT error FROM import_runs"), StringComparison.Ordinal);

        var again = await HostProcess.RunAsync("Monitoring.Ingest", ["import", file, "--source", "Massendaten", .. db], directory, []);
        Assert.True(again.ExitCode == 0, again.Stdout + again.Stderr);
        Assert.Equal(rows, await QueryAsync<long>(database, "SELECT COUNT(*) FROM observations"));
        Assert.Equal(rows, await QueryAsync<long>(database, "SELECT rows_inserted FROM import_runs WHERE status = 'Succeeded'"));
    }

    static Process StartWorker(string directory, string[] settings)
    {
        var dll = System.IO.Path.Combine(TestPaths.RepositoryRoot, "Monitoring.Ingest", "bin", TestPaths.Configuration, "net10.0", "Monitoring.Ingest.dll");
        var worker = Process.Start(new ProcessStartInfo("dotnet", [dll, "worker", .. settings]) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true })!;
        _ = worker.StandardOutput.ReadToEndAsync();
        _ = worker.StandardError.ReadToEndAsync();
        return worker;
    }

    static async Task StopAsync(Process worker)
    {
        if (!worker.HasExited) worker.Kill(entireProcessTree: true);
        await worker.WaitForExitAsync();
        worker.Dispose();
    }

    static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure, Process worker)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, failure);
            Assert.False(worker.HasExited, "the worker stopped");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_queued_import_whose_worker_is_killed_midway_is_marked_failed_after_the_restart_and_its_job_imports_the_file_again()
    {
        var directory = TestPaths.TempDirectory();
        var database = System.IO.Path.Combine(directory, "monitoring.db");
        var jobs = System.IO.Path.Combine(directory, "jobs.db");
        string[] settings = [$"--Database:SqlitePath={database}", $"--Jobs:SqlitePath={jobs}", "--Logging:LogLevel:Default=Warning"];
        Assert.Equal(0, (await HostProcess.RunAsync("Monitoring.Ingest", ["sources", "add", "Massendaten", .. settings], directory, [])).ExitCode);
        var (file, rows) = await BulkFile.WriteAsync(directory, years: 120, groups: 300);
        // As an upload waits for its job.
        var stored = System.IO.Path.Combine(Directory.CreateDirectory(System.IO.Path.Combine(directory, "uploads")).FullName, "massendaten.csv");
        File.Copy(file, stored);
        var sourceId = (int)await QueryAsync<long>(database, "SELECT id FROM data_sources WHERE name = 'Massendaten'");
        // Hangfire's logging is global; an earlier host in this test process left it bound to its disposed logger factory.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        using var storage = new SQLiteStorage(jobs, new SQLiteStorageOptions());

        var first = StartWorker(directory, settings);
        string job;
        try
        {
            job = new BackgroundJobClient(storage).Enqueue<ImportJobs>(j => j.ImportStoredFileAsync(sourceId, stored, "Massendaten.csv", CancellationToken.None));
            // Killed a second after the run is on record: in its data transaction, which lasts about 6 s for this file here.
            // The state after the kill proves the moment: a run that started and did not finish.
            await WaitForAsync(async () => await QueryAsync<long>(database, "SELECT COUNT(*) FROM import_runs WHERE status = 'Running'") == 1,
                TimeSpan.FromSeconds(90), "the queued import never started", first);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(first.HasExited, "the worker stopped before the kill");
            first.Kill(); // SIGKILL: no finally block, no rollback by the process itself, the job lock left behind
        }
        finally
        {
            await StopAsync(first);
        }
        var status = await QueryAsync<string>(database, "SELECT status FROM import_runs");
        Assert.True(status == "Running", $"the run is {status} at the kill; the file is too small for this machine");
        Assert.Equal(0, await QueryAsync<long>(database, "SELECT COUNT(*) FROM observations"));
        Assert.True(File.Exists(stored));

        // The restarted worker finds the run's process gone at once, whatever its job lock says, and queues the job again;
        // the job waits for the left lock to expire, then imports the file.
        var second = StartWorker(directory, settings);
        try
        {
            await WaitForAsync(async () => await QueryAsync<string>(database, "SELECT status FROM import_runs ORDER BY id LIMIT 1") == "Failed",
                TimeSpan.FromSeconds(60), "the interrupted run was not marked failed", second);
            await WaitForAsync(() => Task.FromResult(JobState(storage, job) == SucceededState.StateName),
                TimeSpan.FromSeconds(180), "the interrupted run's job did not run again", second);
        }
        finally
        {
            await StopAsync(second);
        }

        var error = await QueryAsync<string>(database, "SELECT error FROM import_runs ORDER BY id LIMIT 1");
        Assert.StartsWith("Abgebrochen: Der Prozess, der den Import ausführte", error, StringComparison.Ordinal);
        Assert.Contains("der Auftrag wurde erneut eingeplant", error, StringComparison.Ordinal);
        Assert.Equal(2, await QueryAsync<long>(database, "SELECT COUNT(*) FROM import_runs"));
        Assert.Equal(rows, await QueryAsync<long>(database, "SELECT rows_inserted FROM import_runs WHERE status = 'Succeeded'"));
        Assert.Equal(rows, await QueryAsync<long>(database, "SELECT COUNT(*) FROM observations"));
        Assert.Equal("ok", await QueryAsync<string>(database, "PRAGMA integrity_check"));
        Assert.False(File.Exists(stored));
    }

    static string? JobState(JobStorage storage, string job)
    {
        using var connection = storage.GetConnection();
        return connection.GetStateData(job)?.Name;
    }
}
