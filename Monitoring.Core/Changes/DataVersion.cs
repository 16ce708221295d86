using System.Data.Common;
using Dapper;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Changes;

/// <summary>
/// The one idea of "the data changed": a number in the database that every write path advances inside its own
/// transaction: every write runs in <see cref="Database.InTransactionAsync{T}"/>, which advances it (audited changes,
/// import runs, recomputes, catalog seeding, peer groupings, the area directory). Caches of every process key their entries by it, so a change made by another process (a worker's
/// import, a second web instance) is seen at the next request, and nothing is cached across a change.
/// </summary>
public sealed class DataVersion(Database database)
{
    /// <summary>The current version: one primary-key read.</summary>
    public async Task<long> CurrentAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadAsync(connection, null, cancellationToken);
    }

    /// <summary>The current version read on a connection the caller already holds (no connection of its own).</summary>
    public static Task<long> CurrentAsync(DbConnection connection, CancellationToken cancellationToken = default) => ReadAsync(connection, null, cancellationToken);

    internal static Task<long> ReadAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(Select, transaction: transaction, cancellationToken: cancellationToken));

    /// <summary>Advances the version in the caller's transaction; called last before the commit, since writers wait for each other on this row.</summary>
    public static Task AdvanceAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition(Advance, transaction: transaction, cancellationToken: cancellationToken));

    const string Select = "SELECT version FROM data_version WHERE id = 1";

    const string Advance = "UPDATE data_version SET version = version + 1 WHERE id = 1";
}
