using System.Data.Common;
using Dapper;
using DbUp;
using DbUp.Builder;
using Microsoft.Data.SqlClient;

namespace Monitoring.Core.Storage;

/// <summary>Production storage. The database must exist; the schema inside it is created and migrated here.</summary>
sealed class SqlServerDatabase : Database
{
    const string MigrationLock = "Monitoring.SchemaMigration";

    readonly string connectionString;

    public SqlServerDatabase(string connectionString)
    {
        SqlConnectionStringBuilder builder;
        try
        {
            builder = new SqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new DatabaseStartupException($"ConnectionStrings:Monitoring ist keine gültige SQL-Server-Verbindungszeichenfolge: {ex.Message}", ex);
        }

        this.connectionString = builder.ConnectionString;
        Location = $"{builder.DataSource}/{(string.IsNullOrEmpty(builder.InitialCatalog) ? "(Standarddatenbank)" : builder.InitialCatalog)}";
    }

    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public override SqlDialect Dialect => SqlDialect.SqlServer;

    public override string Location { get; }

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override async Task BulkInsertAsync(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns,
        IReadOnlyList<object?[]> rows, CancellationToken cancellationToken = default)
    {
        using var bulk = new SqlBulkCopy((SqlConnection)connection, SqlBulkCopyOptions.CheckConstraints, (SqlTransaction)transaction)
        {
            DestinationTableName = table,
            BatchSize = 0,
            BulkCopyTimeout = 0,
        };
        using var data = new System.Data.DataTable();
        foreach (var column in columns)
        {
            bulk.ColumnMappings.Add(column, column);
            data.Columns.Add(column, typeof(object));
        }
        foreach (var row in rows)
        {
            data.Rows.Add(row.Select(v => v ?? DBNull.Value).ToArray());
        }
        await bulk.WriteToServerAsync(data, cancellationToken);
    }

    /// <summary>A connection that broke or never came (network, time-out, server gone) is said as such; other errors as SQL Server gives them.</summary>
    public override string Describe(DbException error) =>
        error is SqlException { Class: >= 20 } or SqlException { Number: -2 or 53 or 121 or 233 or 10053 or 10054 or 10060 or 10061 or 11001 or 40613 }
            ? $"SQL Server unter {Location} ist nicht erreichbar (die Verbindung brach ab oder lief in eine Zeitüberschreitung). Nichts von diesem Import wurde übernommen; er kann erneut laufen, sobald der Server antwortet. ({error.Message})"
            : error.Message;

    const string Ping = "SELECT 1";

    internal override async Task CheckUsableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<int>(Ping);
        }
        catch (SqlException ex)
        {
            throw new DatabaseStartupException(
                $"SQL Server unter {Location} (ConnectionStrings:Monitoring) ist nicht erreichbar oder hat die Anmeldung abgelehnt: {ex.Message}", ex);
        }
    }

    internal override UpgradeEngineBuilder CreateUpgrader() =>
        DeployChanges.To.SqlDatabase(connectionString).JournalToSqlTable("dbo", Schema.JournalTable);

    const string GetMigrationLock =
        """
        DECLARE @result INT;
        EXEC @result = sp_getapplock @Resource = @Resource, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 120000;
        SELECT @result;
        """;

    internal override async Task<IAsyncDisposable> LockMigrationsAsync(CancellationToken cancellationToken)
    {
        // A session-owned application lock: released when this connection closes, even if the process dies.
        var connection = (SqlConnection)await OpenAsync(cancellationToken);
        var result = await connection.ExecuteScalarAsync<int>(
            GetMigrationLock,
            new { Resource = MigrationLock });
        if (result < 0)
        {
            await connection.DisposeAsync();
            throw new DatabaseStartupException($"Ein anderer Prozess hält die Sperre für die Schemamigration auf {Location} seit zwei Minuten (sp_getapplock gab {result} zurück).");
        }
        return connection;
    }
}
