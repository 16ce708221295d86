using System.Diagnostics;
using Dapper;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Reliability;

/// <summary>
/// The process is killed (SIGKILL, no chance to clean up) in the middle of an import: afterwards nothing of the run is
/// stored, the restarted host marks the run failed, and the same file imports cleanly.
/// </summary>
[Collection(HangfireCollection.Name)]
public sealed class CrashTests
{
    /// <summary>Read as the dashboard reads: the product's own connection settings.</summary>
    static async Task<T> QueryAsync<T>(string database, string sql)
    {
        await using var connection = await Monitoring.Tests.Storage.TestDatabases.Create(("Database:Provider", "Sqlite"), ("Database:SqlitePath", database)).OpenAsync();
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
            Assert.DoesNotContain("Succeeded", await stdout.WaitAsync(TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
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
        Assert.StartsWith("Interrupted", await QueryAsync<string>(database, "SELECT error FROM import_runs"), StringComparison.Ordinal);

        var again = await HostProcess.RunAsync("Monitoring.Ingest", ["import", file, "--source", "Massendaten", .. db], directory, []);
        Assert.True(again.ExitCode == 0, again.Stdout + again.Stderr);
        Assert.Equal(rows, await QueryAsync<long>(database, "SELECT COUNT(*) FROM observations"));
        Assert.Equal(rows, await QueryAsync<long>(database, "SELECT rows_inserted FROM import_runs WHERE status = 'Succeeded'"));
    }
}
