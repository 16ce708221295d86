using Dapper;
using Monitoring.Tests.Core.Storage;

namespace Monitoring.Tests.Hosting;

/// <summary>
/// Start-up errors as an operator meets them: the real Web host process, configured through the environment,
/// stops with exit code 1 and one message naming the setting, and without a stack trace.
/// </summary>
public sealed class StartupErrorTests : IDisposable
{
    readonly string workingDirectory = TestPaths.TempDirectory();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(workingDirectory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task An_unknown_provider_names_database_provider()
    {
        var (exitCode, stderr) = await StartWebHostAsync(("Database__Provider", "Oracle"));

        Assert.Equal(1, exitCode);
        AssertOneClearMessage(stderr, "Database:Provider ist „Oracle“, kein bekannter Anbieter");
    }

    [Fact]
    public async Task Sql_server_without_a_connection_string_names_the_connection_string()
    {
        var (exitCode, stderr) = await StartWebHostAsync(("Database__Provider", "SqlServer"));

        Assert.Equal(1, exitCode);
        AssertOneClearMessage(stderr, "ConnectionStrings:Monitoring ist leer");
    }

    [Fact]
    public async Task An_unreachable_sql_server_names_the_connection_string_and_the_server()
    {
        // Port 9 (discard) on loopback: nothing listens, so the connection is refused at once.
        var (exitCode, stderr) = await StartWebHostAsync(
            ("Database__Provider", "SqlServer"),
            ("ConnectionStrings__Monitoring", "Server=tcp:127.0.0.1,9;Database=monitoring;User ID=probe;Connect Timeout=3;Encrypt=false"));

        Assert.Equal(1, exitCode);
        AssertOneClearMessage(stderr, "SQL Server unter tcp:127.0.0.1,9/monitoring (ConnectionStrings:Monitoring) ist nicht erreichbar");
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_reported_and_left_as_it_was()
    {
        var path = Path.Combine(workingDirectory, "data", "monitoring.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = "Das ist eine Excel-Datei, keine Datenbank."u8.ToArray().Concat(new byte[4096]).ToArray();
        await File.WriteAllBytesAsync(path, bytes);

        // The default path, data/monitoring.db below the content root, is the file just written.
        var (exitCode, stderr) = await StartWebHostAsync();

        Assert.Equal(1, exitCode);
        AssertOneClearMessage(stderr, "ist keine SQLite-Datenbank. Sie blieb unberührt");
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task A_database_from_a_newer_version_is_reported_and_not_touched()
    {
        var path = Path.Combine(workingDirectory, "newer.db");
        var database = TestDatabases.Create(("Database:SqlitePath", path));
        await database.MigrateAsync();
        await using (var connection = await database.OpenAsync())
        {
            await connection.ExecuteAsync("INSERT INTO schema_versions (ScriptName, Applied) VALUES ('0999_later.sql', '2030-01-01')");
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var (exitCode, stderr) = await StartWebHostAsync(("Database__SqlitePath", path));

        Assert.Equal(1, exitCode);
        AssertOneClearMessage(stderr, "von einer neueren Version geschrieben");
        await using var check = await database.OpenAsync();
        Assert.Equal(0, await check.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM areas"));
    }

    static void AssertOneClearMessage(string stderr, string expected)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, "expected one line on stderr, got:\n" + stderr);
        Assert.StartsWith("Start abgebrochen: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
    }

    async Task<(int ExitCode, string Stderr)> StartWebHostAsync(params (string Name, string Value)[] environment)
    {
        var result = await HostProcess.RunAsync("Monitoring.Web", [], workingDirectory,
            [("ASPNETCORE_URLS", "http://127.0.0.1:0"), ("ASPNETCORE_ENVIRONMENT", "Production"), .. environment]);
        return (result.ExitCode, result.Stderr);
    }
}
