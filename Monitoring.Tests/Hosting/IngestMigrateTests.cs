namespace Monitoring.Tests.Hosting;

public sealed class IngestMigrateTests : IDisposable
{
    readonly string workingDirectory = TestPaths.TempDirectory();

    public void Dispose()
    {
        try { Directory.Delete(workingDirectory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Migrate_applies_the_schema_and_areas_once_then_reports_nothing_to_do()
    {
        string[] args = ["migrate", "--Database:SqlitePath=store/monitoring.db"];

        var first = await HostProcess.RunAsync("Monitoring.Ingest", args, workingDirectory, []);
        var second = await HostProcess.RunAsync("Monitoring.Ingest", args, workingDirectory, []);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("applied 0001_initial.sql; schema version 1.", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("Reference areas: 17 added, 0 corrected, 0 unchanged.", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("schema version 1, nothing to apply.", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("Reference areas: 0 added, 0 corrected, 17 unchanged.", second.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(workingDirectory, "store", "monitoring.db")));
    }

    [Fact]
    public async Task Migrate_with_a_bad_provider_fails_with_the_setting_named()
    {
        var result = await HostProcess.RunAsync("Monitoring.Ingest", ["migrate", "--Database:Provider=Postgres"], workingDirectory, []);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Migration stopped: Database:Provider is 'Postgres'", result.Stderr.Trim(), StringComparison.Ordinal);
    }
}
