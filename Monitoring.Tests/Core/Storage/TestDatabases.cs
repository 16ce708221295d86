using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Core.Storage;

namespace Monitoring.Tests.Core.Storage;

/// <summary>A fresh, empty database for one test, on one provider.</summary>
public interface ITestDatabase : IAsyncDisposable
{
    Database Database { get; }
}

public static class TestDatabases
{
    public static Database Create(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return Database.Create(configuration, Path.GetTempPath());
    }

    public static Task<SchemaMigration> MigrateAsync(this Database database) =>
        Schema.PrepareAsync(database, migrate: true, NullLogger.Instance);
}

public sealed class SqliteTestDatabase : ITestDatabase
{
    readonly string directory = TestPaths.TempDirectory();

    public SqliteTestDatabase()
    {
        FilePath = Path.Combine(directory, "monitoring.db");
        Database = TestDatabases.Create(("Database:Provider", "Sqlite"), ("Database:SqlitePath", FilePath));
    }

    public string FilePath { get; }

    public Database Database { get; }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A throw-away database on the SQL Server named by MONITORING_TEST_SQLSERVER. Without it, tests using this are reported as skipped.
/// </summary>
public sealed class SqlServerTestDatabase : ITestDatabase
{
    public const string Variable = "MONITORING_TEST_SQLSERVER";

    readonly string serverConnectionString;
    readonly string name;

    SqlServerTestDatabase(string serverConnectionString, string name, Database database)
    {
        this.serverConnectionString = serverConnectionString;
        this.name = name;
        Database = database;
    }

    public Database Database { get; }

    public static async Task<SqlServerTestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        Assert.SkipWhen(string.IsNullOrWhiteSpace(server), $"SQL Server tests need a connection string in {Variable}.");

        var name = "monitoring_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new SqlConnection(server))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync($"CREATE DATABASE [{name}]");
            // Production setting (docs/deployment.md): readers see the last committed state instead of waiting for an import.
            await connection.ExecuteAsync($"ALTER DATABASE [{name}] SET READ_COMMITTED_SNAPSHOT ON");
        }
        var connectionString = new SqlConnectionStringBuilder(server) { InitialCatalog = name }.ConnectionString;
        var database = TestDatabases.Create(("Database:Provider", "SqlServer"), ("ConnectionStrings:Monitoring", connectionString));
        return new SqlServerTestDatabase(server!, name, database);
    }

    public async ValueTask DisposeAsync()
    {
        SqlConnection.ClearAllPools();
        await using var connection = new SqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync($"ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}]");
    }
}
