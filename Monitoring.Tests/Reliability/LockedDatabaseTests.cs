using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Ingestion.Imports;
using Monitoring.Tests.Ingestion.Genesis;

namespace Monitoring.Tests.Reliability;

public sealed class LockedDatabaseTests
{
    [Fact]
    public async Task An_import_meeting_a_locked_database_fails_clearly_keeps_what_was_stored_and_succeeds_once_the_lock_is_gone()
    {
        var (directory, path, database, source) = await ImportedStore.CreateAsync(("Database:SqliteBusyTimeoutSeconds", "1"));
        var importer = new Importer(database, NullLogger<Importer>.Instance);
        var corrected = Path.Combine(directory, "korrektur_flat.csv");
        await File.WriteAllTextAsync(corrected, GenesisSamples.GermanWide.Replace(";21.034", ";25.000", StringComparison.Ordinal));

        async Task<(long Rows, double Guetersloh)> StoredAsync()
        {
            await using var connection = await database.OpenAsync();
            return (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM observations"),
                await connection.ExecuteScalarAsync<double>("SELECT o.value FROM observations o JOIN areas a ON a.id = o.area_id JOIN dimension_sets d ON d.id = o.dimension_set_id WHERE a.area_key = '05754008' AND d.set_key = 'NAT=NATA'"));
        }
        var before = await StoredAsync();

        // Another process (a backup tool, a second writer) holds the file's write lock.
        await using (var holder = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await holder.OpenAsync();
            await holder.ExecuteAsync("BEGIN IMMEDIATE; UPDATE data_sources SET name = name;");
            Exception? error = null;
            ImportReport? report = null;
            try
            {
                report = await importer.ImportFileAsync(source, corrected);
            }
            catch (DbException e)
            {
                error = e;
            }
            var message = error?.Message ?? report!.Error ?? "";
            Assert.True(error is not null || report!.Status == ImportStatus.Failed, "the import did not fail");
            Assert.Contains("locked", message, StringComparison.OrdinalIgnoreCase);
            await holder.ExecuteAsync("ROLLBACK;");
        }

        Assert.Equal(before, await StoredAsync());
        var again = await importer.ImportFileAsync(source, corrected);
        Assert.Equal(ImportStatus.Succeeded, again.Status);
        Assert.Equal((before.Rows, 25_000.0), await StoredAsync());
        SqliteConnection.ClearAllPools();
    }
}
