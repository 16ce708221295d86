using System.Data.Common;
using Dapper;
using DbUp.Builder;
using Microsoft.Extensions.Configuration;

namespace Monitoring.Core.Storage;

/// <summary>
/// The database provider boundary: how to connect, migrate and lock for one provider.
/// Everything else (queries, features) is shared and talks to this type.
/// </summary>
public abstract class Database
{
    static Database() => DapperTypes.Register();

    protected Database()
    {
        Version = new Changes.DataVersion(this);
        Cache = new Changes.DataCache(Version);
    }

    /// <summary>The number every write advances (<see cref="InTransactionAsync{T}"/>); caches key their entries by it.</summary>
    public Changes.DataVersion Version { get; }

    /// <summary>This database's cache of data read from it, valid for one data version; the hosts resolve it from dependency injection.</summary>
    public Changes.DataCache Cache { get; }

    public abstract DatabaseProvider Provider { get; }

    public abstract SqlDialect Dialect { get; }

    /// <summary>Where the data lives, safe to log and show: never contains credentials.</summary>
    public abstract string Location { get; }

    /// <summary>Opens a connection configured for this provider (pragmas, time-outs).</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>Checks the database can be reached and is one this application may use; throws <see cref="DatabaseStartupException"/>.</summary>
    internal abstract Task CheckUsableAsync(CancellationToken cancellationToken);

    internal abstract UpgradeEngineBuilder CreateUpgrader();

    /// <summary>Serialises schema migrations across processes.</summary>
    internal abstract Task<IAsyncDisposable> LockMigrationsAsync(CancellationToken cancellationToken);

    /// <summary>After schema scripts were applied: connections kept open from before must not go on with the old schema.</summary>
    internal virtual void SchemaChanged()
    {
    }

    /// <summary>
    /// Appends rows to a table inside the caller's transaction, the fastest way the provider has.
    /// Each row holds one value per column, in order.
    /// </summary>
    public abstract Task BulkInsertAsync(DbConnection connection, DbTransaction transaction, string table, IReadOnlyList<string> columns,
        IReadOnlyList<object?[]> rows, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs a query for a loop over many rows; <paramref name="parameters"/> are named as in the text (<c>@Code</c>).
    /// The cursor must be disposed before the connection's next command.
    /// </summary>
    public virtual async Task<RowCursor> ReadRowsAsync(DbConnection connection, DbTransaction? transaction, string sql,
        IReadOnlyList<(string Name, object Value)> parameters, CancellationToken cancellationToken = default)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            (parameter.ParameterName, parameter.Value) = (name, value);
            command.Parameters.Add(parameter);
        }
        try
        {
            return new RowCursor.OfReader(command, await command.ExecuteReaderAsync(cancellationToken));
        }
        catch
        {
            await command.DisposeAsync();
            throw;
        }
    }

    /// <summary>What a database error means for the user, in words that say what to do; the provider's own message follows.</summary>
    public virtual string Describe(DbException error) => error.Message;

    /// <summary>
    /// Runs a write, <paramref name="work"/>, in one transaction: all of it is committed or none, and the data version
    /// advances with it, last before the commit (writers wait for each other on that one row only for that instant).
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(connection, transaction);
        await Changes.DataVersion.AdvanceAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>A write that answers nothing, in one transaction with the data version advanced (<see cref="InTransactionAsync{T}"/>).</summary>
    public Task InTransactionAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            await work(connection, transaction);
            return true;
        }, cancellationToken);

    /// <summary>Builds the configured provider; configuration errors name the setting to fix.</summary>
    public static Database Create(IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (!Enum.TryParse<DatabaseProvider>(options.Provider, ignoreCase: true, out var provider) || !Enum.IsDefined(provider))
        {
            throw new DatabaseStartupException(
                $"Database:Provider ist „{options.Provider}“, kein bekannter Anbieter. Möglich sind „Sqlite“ (eingebettete Datei) und „SqlServer“.");
        }

        switch (provider)
        {
            case DatabaseProvider.SqlServer:
                var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new DatabaseStartupException(
                        "Database:Provider ist „SqlServer“, aber ConnectionStrings:Monitoring ist leer. " +
                        "Bitte in der Konfiguration oder als Umgebungsvariable ConnectionStrings__Monitoring setzen.");
                }
                return new SqlServerDatabase(connectionString);
            default:
                if (string.IsNullOrWhiteSpace(options.SqlitePath))
                {
                    throw new DatabaseStartupException("Database:SqlitePath ist leer. Bitte den Pfad der SQLite-Datei angeben, z. B. data/monitoring.db.");
                }
                return new SqliteDatabase(Path.GetFullPath(options.SqlitePath, contentRoot), TimeSpan.FromSeconds(Math.Max(1, options.SqliteBusyTimeoutSeconds)), Math.Max(0, options.SqliteMaxSizeMiB));
        }
    }
}

static class DapperTypes
{
    static int registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1) return;
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
    }

    // SQLite keeps dates as ISO text, SQL Server as DATE; both arrive here.
    sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(System.Data.IDbDataParameter parameter, DateOnly value)
        {
            parameter.DbType = System.Data.DbType.Date;
            parameter.Value = value.ToDateTime(TimeOnly.MinValue);
        }

        public override DateOnly Parse(object value) => value switch
        {
            DateTime dateTime => DateOnly.FromDateTime(dateTime),
            DateOnly date => date,
            string text => DateOnly.Parse(text[..Math.Min(10, text.Length)], System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new InvalidCastException($"Cannot read a date from {value.GetType().Name}."),
        };
    }
}
