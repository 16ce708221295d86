using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Ingestion.Imports;
using Monitoring.Tests.Core.Storage;

namespace Monitoring.Tests.Reliability;

/// <summary>
/// A full disk, as the database meets it: the file cannot grow. Database:SqliteMaxSizeMiB makes the file full at a size
/// the test chooses, the same error SQLite gives on a full disk (SQLITE_FULL).
/// </summary>
public sealed class FullDatabaseTests
{
    [Fact]
    public async Task An_import_meeting_a_full_database_fails_whole_says_so_keeps_what_was_stored_and_succeeds_once_there_is_room()
    {
        var (directory, path, roomy, source) = await ImportedStore.CreateAsync();

        async Task<(long Observations, long Runs, string Integrity)> StoredAsync()
        {
            await using var connection = await roomy.OpenAsync();
            return (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM observations"),
                await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM import_runs WHERE status = 'Succeeded'"),
                await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check") ?? "");
        }
        var before = await StoredAsync();
        await using (var connection = await roomy.OpenAsync()) await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        SqliteConnection.ClearAllPools();

        // Room for about one more MiB; the bulk file needs several.
        var size = (int)Math.Ceiling(new FileInfo(path).Length / 1024.0 / 1024.0) + 1;
        var full = TestDatabases.Create(("Database:Provider", "Sqlite"), ("Database:SqlitePath", path), ("Database:SqliteMaxSizeMiB", size.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var (bulk, rows) = await BulkFile.WriteAsync(directory, years: 100, groups: 60);
        ImportReport? report = null;
        Exception? error = null;
        try
        {
            report = await new Importer(full, NullLogger<Importer>.Instance).ImportFileAsync(source, bulk);
        }
        catch (DbException e)
        {
            error = e;
        }
        SqliteConnection.ClearAllPools();

        var message = error?.Message ?? report!.Error ?? "";
        Assert.True(error is not null || report!.Status == ImportStatus.Failed, $"the import did not fail: {report?.Status}");
        Assert.Contains("Die Datenbank ist voll", message, StringComparison.Ordinal);
        Assert.Contains("Database:SqliteMaxSizeMiB", message, StringComparison.Ordinal);
        Assert.Equal(before, await StoredAsync());

        var again = await new Importer(roomy, NullLogger<Importer>.Instance).ImportFileAsync(source, bulk);
        Assert.Equal(ImportStatus.Succeeded, again.Status);
        Assert.Equal(before.Observations + rows, (await StoredAsync()).Observations);
        SqliteConnection.ClearAllPools();
    }
}
