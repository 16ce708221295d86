using System.Diagnostics;
using Dapper;
using Hangfire;
using Hangfire.Storage.SQLite;
using Monitoring.Ingestion.Jobs;
using Monitoring.Tests.Hosting;
using Monitoring.Tests.Ingestion.Genesis;

namespace Monitoring.Tests.Reliability;

/// <summary>
/// Two worker processes over one job queue and one database, as docs/deployment.md scales out: every queued run of a
/// source is executed once, never two of one source at the same time, and every file is imported exactly once.
/// </summary>
[Collection(HangfireCollection.Name)]
public sealed class WorkerTests
{
    [Fact]
    public async Task Two_workers_run_each_queued_job_once_and_import_each_file_exactly_once()
    {
        var directory = TestPaths.TempDirectory();
        var inbox = Directory.CreateDirectory(Path.Combine(directory, "eingang")).FullName;
        var database = Path.Combine(directory, "monitoring.db");
        var jobs = Path.Combine(directory, "jobs.db");
        string[] settings = [$"--Database:SqlitePath={database}", $"--Jobs:SqlitePath={jobs}", $"--Imports:DropFolderRoot={directory}", "--Logging:LogLevel:Default=Warning"];
        Assert.Equal(0, (await HostProcess.RunAsync("Monitoring.Ingest", ["sources", "add", "Ablage", "--drop-folder", "eingang", .. settings], directory, [])).ExitCode);
        string[] years = ["2021", "2022", "2023"];
        foreach (var year in years)
        {
            var path = Path.Combine(inbox, $"bevoelkerung_{year}_flat.csv");
            await File.WriteAllTextAsync(path, GenesisSamples.GermanWide.Replace("31.12.2023", $"31.12.{year}", StringComparison.Ordinal));
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow - TimeSpan.FromMinutes(1)); // settled
        }

        var dll = Path.Combine(TestPaths.RepositoryRoot, "Monitoring.Ingest", "bin", TestPaths.Configuration, "net10.0", "Monitoring.Ingest.dll");
        var workers = Enumerable.Range(0, 2).Select(_ => Process.Start(new ProcessStartInfo("dotnet", [dll, "worker", .. settings])
            { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true })!).ToList();
        try
        {
            foreach (var worker in workers)
            {
                _ = worker.StandardOutput.ReadToEndAsync();
                _ = worker.StandardError.ReadToEndAsync();
            }
            // Queued from a third process, as the Web host's "run now" does. Hangfire's logging is global; an earlier host
            // in this test process left it bound to its disposed logger factory.
            Hangfire.Logging.LogProvider.SetCurrentLogProvider(new Silent());
            using var storage = new SQLiteStorage(jobs, new SQLiteStorageOptions());
            var client = new BackgroundJobClient(storage);
            var sourceId = await ScalarAsync<long>(database, "SELECT id FROM data_sources WHERE name = 'Ablage'");
            var monitoring = storage.GetMonitoringApi();
            // Both workers up and polling before the jobs come, so that they compete for them.
            var clock = Stopwatch.StartNew();
            while (monitoring.Servers().Count < 2)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{monitoring.Servers().Count} of 2 workers registered after 60 s");
                Assert.All(workers, w => Assert.False(w.HasExited, "a worker stopped"));
                await Task.Delay(100);
            }
            for (var i = 0; i < 10; i++) client.Enqueue<ImportJobs>(j => j.RunSourceAsync((int)sourceId, CancellationToken.None));

            clock.Restart();
            while (monitoring.SucceededListCount() + monitoring.FailedCount() < 10)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"{monitoring.SucceededListCount()} of 10 jobs done after 90 s");
                Assert.All(workers, w => Assert.False(w.HasExited, "a worker stopped"));
                await Task.Delay(250);
            }
            // The plausibility check of each import: a job of its own, queued when the importing job released the lock.
            clock.Restart();
            while (await ScalarAsync<long>(database, "SELECT COUNT(*) FROM import_runs WHERE checked_at IS NOT NULL") < years.Length)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the imports' plausibility checks did not run within 60 s");
                Assert.All(workers, w => Assert.False(w.HasExited, "a worker stopped"));
                await Task.Delay(250);
            }
            Assert.Equal(0, monitoring.FailedCount());
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Kill(entireProcessTree: true);
                await worker.WaitForExitAsync();
                worker.Dispose();
            }
        }

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False");
        var runs = (await connection.QueryAsync<(string File, string Status, DateTime Started, DateTime Finished, DateTime? Checked)>(
            "SELECT file_name, status, started_at, finished_at, checked_at FROM import_runs ORDER BY started_at")).ToList();
        Assert.Equal(years.Select(y => $"bevoelkerung_{y}_flat.csv").Order(), runs.Select(r => r.File).Order());
        Assert.All(runs, r => Assert.Equal("Succeeded", r.Status));
        Assert.All(runs, r => Assert.True(r.Checked >= r.Finished, "a run's plausibility check did not run after it"));
        for (var i = 1; i < runs.Count; i++) Assert.True(runs[i].Started >= runs[i - 1].Finished, "two runs of one source overlapped");
        Assert.Empty(Directory.GetFiles(inbox));
        Assert.Equal(3, Directory.GetFiles(Path.Combine(inbox, "processed")).Length);
    }

    sealed class Silent : Hangfire.Logging.ILogProvider, Hangfire.Logging.ILog
    {
        public Hangfire.Logging.ILog GetLogger(string name) => this;

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }

    static async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False");
        return await connection.ExecuteScalarAsync<T>(sql) ?? throw new InvalidOperationException(sql);
    }
}
