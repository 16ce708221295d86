using System.Data.Common;
using Dapper;
using DbUp;
using DbUp.Builder;
using Microsoft.Data.Sqlite;

namespace Monitoring.Core.Storage;

/// <summary>
/// The embedded default. WAL mode lets readers keep reading the last committed state while an import
/// writes, so they are never blocked and never see half of a run.
/// </summary>
sealed class SqliteDatabase : Database
{
    const int SqliteNotADatabase = 26;
    static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    readonly string connectionString;

    public SqliteDatabase(string path)
    {
        FilePath = path;
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
    }

    public string FilePath { get; }

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override SqlDialect Dialect => SqlDialect.Sqlite;

    public override string Location => FilePath;

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Per connection: wait for a writer instead of failing at once with SQLITE_BUSY; a 32 MiB page cache
            // (grown only as used) keeps index maintenance of large imports in memory.
            await connection.ExecuteAsync($"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA cache_size = -32768;");
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override Task BulkInsertAsync(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns,
        IReadOnlyList<object?[]> rows, CancellationToken cancellationToken = default)
    {
        // One prepared single-row INSERT, executed synchronously: Microsoft.Data.Sqlite is synchronous underneath and its
        // async wrapper costs more per call than a row takes. (Multi-row VALUES lose: SQLite looks up named parameters linearly.)
        using var command = (SqliteCommand)connection.CreateCommand();
        command.Transaction = (SqliteTransaction)transaction;
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var parameters = columns.Select((_, i) => command.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
        command.Prepare();
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = row[i] switch
                {
                    null => DBNull.Value,
                    // Microsoft.Data.Sqlite binds decimal as text; statistics fit a double, and NUMERIC columns want a number.
                    decimal d => (double)d,
                    var v => v,
                };
            }
            command.ExecuteNonQuery();
        }
        return Task.CompletedTask;
    }

    internal override async Task CheckUsableAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(FilePath)!;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatabaseStartupException($"The folder '{directory}' for Database:SqlitePath cannot be created: {ex.Message}", ex);
        }

        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            // Reading the schema makes SQLite read the file header; opening alone does not.
            var tables = (await connection.QueryAsync<string>(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).ToList();
            if (tables.Count > 0 && !tables.Contains(Schema.JournalTable))
            {
                throw new DatabaseStartupException(
                    $"The file '{FilePath}' (Database:SqlitePath) is a SQLite database of another application " +
                    $"(tables: {string.Join(", ", tables.Take(5))}). It was left untouched; point Database:SqlitePath to another file.");
            }

            // Persistent in the file: set once, cheap to repeat.
            var mode = await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode = WAL;");
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new DatabaseStartupException($"The SQLite file '{FilePath}' cannot switch to WAL mode (got '{mode}'); is it on a network share?");
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteNotADatabase)
        {
            throw new DatabaseStartupException(
                $"The file '{FilePath}' (Database:SqlitePath) is not a SQLite database. It was left untouched; move it away or point Database:SqlitePath to another file.", ex);
        }
        catch (SqliteException ex)
        {
            throw new DatabaseStartupException($"The SQLite file '{FilePath}' (Database:SqlitePath) cannot be opened: {ex.Message}", ex);
        }
    }

    internal override UpgradeEngineBuilder CreateUpgrader() =>
        DeployChanges.To.SqliteDatabase(connectionString).JournalToSqliteTable(Schema.JournalTable);

    internal override async Task<IAsyncDisposable> LockMigrationsAsync(CancellationToken cancellationToken)
    {
        // SQLite is a local file, so a lock file beside it serialises migrations of all processes on this machine.
        var lockPath = FilePath + ".migrate.lock";
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            try
            {
                var stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
                return stream;
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }
}
