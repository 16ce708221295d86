using System.Data.Common;
using System.Runtime.InteropServices;
using System.Text;
using Dapper;
using DbUp;
using DbUp.Builder;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Monitoring.Core.Storage;

/// <summary>
/// The embedded default. WAL mode lets readers keep reading the last committed state while an import
/// writes, so they are never blocked and never see half of a run.
/// </summary>
sealed class SqliteDatabase : Database
{
    const int SqliteNotADatabase = 26;

    readonly string connectionString;

    const int SqliteFull = 13, SqliteBusy = 5;

    /// <summary>SQLite's default page size, which this application never changes.</summary>
    const int PageSize = 4096;

    readonly TimeSpan busyTimeout;

    readonly int maxSizeMiB;

    /// <summary>Messages are German, with German number notation.</summary>

    public SqliteDatabase(string path, TimeSpan? busyTimeout = null, int maxSizeMiB = 0)
    {
        FilePath = path;
        this.busyTimeout = busyTimeout ?? TimeSpan.FromSeconds(30);
        this.maxSizeMiB = maxSizeMiB;
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = (int)this.busyTimeout.TotalSeconds,
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
            await connection.ExecuteAsync($"PRAGMA busy_timeout = {(int)busyTimeout.TotalMilliseconds}; PRAGMA cache_size = -32768;"
                + (maxSizeMiB > 0 ? $" PRAGMA max_page_count = {(long)maxSizeMiB * 1024 * 1024 / PageSize};" : ""));
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
        if (rows.Count == 0) return Task.CompletedTask;
        // SQLite's own statement API (through SQLitePCLRaw, which Microsoft.Data.Sqlite wraps): one prepared statement,
        // values bound by type, step and reset per row. Measured about twice as fast as ADO.NET parameters, which box
        // every value and re-check every parameter on each call. The caller's transaction is the connection's.
        var handle = ((SqliteConnection)connection).Handle!;
        var sql = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "?" + (i + 1)))})";
        Check(raw.sqlite3_prepare_v2(handle, sql, out var statement), handle);
        using (statement)
        {
            var held = false;
            statement.DangerousAddRef(ref held);
            // Text is encoded into one pinned buffer, reused for every value: SQLite copies it while binding.
            var text = new byte[256];
            var pinned = GCHandle.Alloc(text, GCHandleType.Pinned);
            try
            {
                var pointer = statement.DangerousGetHandle();
                foreach (var row in rows)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    for (var i = 0; i < columns.Count; i++)
                    {
                        var index = i + 1;
                        var result = row[i] switch
                        {
                            null => Bind.Null(statement, pointer, index),
                            long l => Bind.Int64(statement, pointer, index, l),
                            int n => Bind.Int64(statement, pointer, index, n),
                            bool b => Bind.Int64(statement, pointer, index, b ? 1 : 0),
                            double d => Bind.Double(statement, pointer, index, d),
                            decimal m => Bind.Double(statement, pointer, index, (double)m),
                            string t => Bind.Text(statement, pointer, index, t, ref text, ref pinned),
                            DateTime t => Bind.Text(statement, pointer, index, t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture), ref text, ref pinned),
                            var other => Bind.Text(statement, pointer, index, Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? "", ref text, ref pinned),
                        };
                        Check(result, handle);
                    }
                    var step = SqliteNative.Usable ? SqliteNative.Step(pointer) : raw.sqlite3_step(statement);
                    if (step != raw.SQLITE_DONE) Check(step, handle);
                    if (SqliteNative.Usable) SqliteNative.Reset(pointer);
                    else raw.sqlite3_reset(statement);
                }
            }
            finally
            {
                pinned.Free();
                if (held) statement.DangerousRelease();
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>Binds a value through SQLite's C functions where possible (<see cref="SqliteNative"/>), else through SQLitePCLRaw.</summary>
    static class Bind
    {
        public static int Null(sqlite3_stmt statement, IntPtr pointer, int index) =>
            SqliteNative.Usable ? SqliteNative.BindNull(pointer, index) : raw.sqlite3_bind_null(statement, index);

        public static int Int64(sqlite3_stmt statement, IntPtr pointer, int index, long value) =>
            SqliteNative.Usable ? SqliteNative.BindInt64(pointer, index, value) : raw.sqlite3_bind_int64(statement, index, value);

        public static int Double(sqlite3_stmt statement, IntPtr pointer, int index, double value) =>
            SqliteNative.Usable ? SqliteNative.BindDouble(pointer, index, value) : raw.sqlite3_bind_double(statement, index, value);

        public static int Text(sqlite3_stmt statement, IntPtr pointer, int index, string value, ref byte[] buffer, ref GCHandle pinned)
        {
            if (!SqliteNative.Usable) return raw.sqlite3_bind_text(statement, index, value);
            var length = Encoding.UTF8.GetMaxByteCount(value.Length);
            if (length > buffer.Length)
            {
                pinned.Free();
                buffer = new byte[Math.Max(length, buffer.Length * 2)];
                pinned = GCHandle.Alloc(buffer, GCHandleType.Pinned);
            }
            var bytes = Encoding.UTF8.GetBytes(value, 0, value.Length, buffer, 0);
            return SqliteNative.BindText(pointer, index, pinned.AddrOfPinnedObject(), bytes, SqliteNative.Transient);
        }
    }

    public override string Describe(DbException error) => (error as SqliteException)?.SqliteErrorCode switch
    {
        SqliteFull => $"Die Datenbank ist voll: Auf dem Datenträger ist kein Platz mehr{(maxSizeMiB > 0 ? $", oder die Datei hat Database:SqliteMaxSizeMiB ({maxSizeMiB.ToString("N0", German.Culture)} MiB) erreicht" : "")}. " +
            $"Nichts von diesem Import wurde übernommen; bitte Platz schaffen und erneut importieren. ({error.Message})",
        SqliteBusy => $"Ein anderer Prozess hält die Schreibsperre der Datenbankdatei länger als Database:SqliteBusyTimeoutSeconds; nichts wurde geändert, bitte erneut importieren. ({error.Message})",
        _ => error.Message,
    };

    /// <summary>SQLite's statement API directly: one call per value read, where ADO.NET makes several with checks.</summary>
    public override Task<RowCursor> ReadRowsAsync(DbConnection connection, DbTransaction? transaction, string sql,
        IReadOnlyList<(string Name, object Value)> parameters, CancellationToken cancellationToken = default)
    {
        if (!SqliteNative.Usable) return base.ReadRowsAsync(connection, transaction, sql, parameters, cancellationToken);
        var handle = ((SqliteConnection)connection).Handle!;
        Check(raw.sqlite3_prepare_v2(handle, sql, out var statement), handle);
        try
        {
            foreach (var (name, value) in parameters)
            {
                var index = raw.sqlite3_bind_parameter_index(statement, name);
                Check(value switch
                {
                    int n => raw.sqlite3_bind_int(statement, index, n),
                    long l => raw.sqlite3_bind_int64(statement, index, l),
                    double d => raw.sqlite3_bind_double(statement, index, d),
                    _ => raw.sqlite3_bind_text(statement, index, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)),
                }, handle);
            }
        }
        catch
        {
            statement.Dispose();
            throw;
        }
        return Task.FromResult<RowCursor>(new SqliteStatementCursor(handle, statement));
    }

    static void Check(int result, sqlite3 handle)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), result, raw.sqlite3_extended_errcode(handle));
        }
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
            throw new DatabaseStartupException($"Der Ordner „{directory}“ für Database:SqlitePath kann nicht angelegt werden: {ex.Message}", ex);
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
                    $"Die Datei „{FilePath}“ (Database:SqlitePath) ist eine SQLite-Datenbank einer anderen Anwendung " +
                    $"(Tabellen: {string.Join(", ", tables.Take(5))}). Sie blieb unberührt; bitte Database:SqlitePath auf eine andere Datei richten.");
            }

            // Persistent in the file: set once, cheap to repeat.
            var mode = await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode = WAL;");
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new DatabaseStartupException($"Die SQLite-Datei „{FilePath}“ (Database:SqlitePath) lässt sich nicht in den WAL-Modus schalten (Antwort: „{mode}“); liegt sie auf einem Netzlaufwerk?");
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteNotADatabase)
        {
            throw new DatabaseStartupException(
                $"Die Datei „{FilePath}“ (Database:SqlitePath) ist keine SQLite-Datenbank. Sie blieb unberührt; bitte sie verschieben oder Database:SqlitePath auf eine andere Datei richten.", ex);
        }
        catch (SqliteException ex)
        {
            throw new DatabaseStartupException($"Die SQLite-Datei „{FilePath}“ (Database:SqlitePath) lässt sich nicht öffnen: {ex.Message}", ex);
        }
    }

    internal override UpgradeEngineBuilder CreateUpgrader() =>
        DeployChanges.To.SqliteDatabase(connectionString).JournalToSqliteTable(Schema.JournalTable);

    /// <summary>
    /// A pooled connection keeps the schema it read: one from before a script that changed a definition in place
    /// (0016 widens the areas' levels) would still check the old one.
    /// </summary>
    internal override void SchemaChanged() => SqliteConnection.ClearAllPools();

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
