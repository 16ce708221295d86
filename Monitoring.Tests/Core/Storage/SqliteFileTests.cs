using Dapper;
using Microsoft.Extensions.Configuration;
using Monitoring.Core.Storage;

namespace Monitoring.Tests.Core.Storage;

/// <summary>The embedded default's file: what it refuses, and how connections are set up.</summary>
public sealed class SqliteFileTests : IAsyncDisposable
{
    readonly SqliteTestDatabase test = new();

    public ValueTask DisposeAsync() => test.DisposeAsync();

    [Fact]
    public async Task A_file_that_is_not_a_database_is_reported_and_never_overwritten()
    {
        var bytes = "Gemeinde;Einwohner\n05754008;102345\n"u8.ToArray().Concat(new byte[5000]).ToArray();
        await File.WriteAllBytesAsync(test.FilePath, bytes);

        var error = await Assert.ThrowsAsync<DatabaseStartupException>(() => test.Database.MigrateAsync());

        Assert.Contains("ist keine SQLite-Datenbank", error.Message, StringComparison.Ordinal);
        Assert.Contains("Database:SqlitePath", error.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(test.FilePath));
        Assert.False(File.Exists(test.FilePath + "-wal"));
    }

    [Fact]
    public async Task A_database_of_another_application_is_refused_and_left_unchanged()
    {
        await using (var connection = await test.Database.OpenAsync())
        {
            await connection.ExecuteAsync("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('Müller');");
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var before = await File.ReadAllBytesAsync(test.FilePath);

        var error = await Assert.ThrowsAsync<DatabaseStartupException>(() => test.Database.MigrateAsync());

        Assert.Contains("einer anderen Anwendung", error.Message, StringComparison.Ordinal);
        Assert.Contains("customers", error.Message, StringComparison.Ordinal);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.Equal(before, await File.ReadAllBytesAsync(test.FilePath));
    }

    [Fact]
    public async Task The_folder_is_created_and_connections_use_wal_foreign_keys_and_a_busy_timeout()
    {
        var nested = Path.Combine(Path.GetDirectoryName(test.FilePath)!, "neu", "tiefer", "monitoring.db");
        var database = TestDatabases.Create(("Database:SqlitePath", nested));

        await database.MigrateAsync();

        Assert.True(File.Exists(nested));
        await using var connection = await database.OpenAsync();
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("PRAGMA foreign_keys"));
        Assert.Equal(30_000, await connection.ExecuteScalarAsync<int>("PRAGMA busy_timeout"));
    }

    [Fact]
    public async Task Processes_starting_together_migrate_once()
    {
        // Separate Database instances stand for separate processes: they share nothing but the file.
        var starters = Enumerable.Range(0, 4)
            .Select(_ => TestDatabases.Create(("Database:SqlitePath", test.FilePath)))
            .Select(database => Task.Run(() => database.MigrateAsync()))
            .ToList();

        var results = await Task.WhenAll(starters);

        Assert.Single(results, r => r.Applied.Count > 0);
        await using var connection = await test.Database.OpenAsync();
        Assert.Equal(Schema.Scripts(DatabaseProvider.Sqlite).Count, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM schema_versions"));
    }

    [Fact]
    public void A_relative_path_is_taken_from_the_content_root()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Database:SqlitePath", "data/x.db")]).Build();

        var database = Database.Create(configuration, "/srv/monitoring");

        Assert.Equal(Path.GetFullPath("/srv/monitoring/data/x.db"), database.Location);
        Assert.Equal(DatabaseProvider.Sqlite, database.Provider);
    }
}
