using System.Data.Common;
using System.Text.Json;
using Dapper;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Changes;

/// <summary>Who changed which source, indicator, goal or user, and when, with the state before and after.</summary>
public static class AuditLog
{
    static JsonSerializerOptions Json => StoredJson.Options;

    /// <summary>
    /// Records a change within the change's own transaction (<see cref="Database.InTransactionAsync{T}"/>, which also
    /// advances the data version), so that a change is never stored without its record nor a record without its change.
    /// </summary>
    public static Task WriteAsync(DbConnection connection, DbTransaction transaction, string userName, string action, string entity, string entityKey,
        object? before, object? after, CancellationToken cancellationToken = default) =>
        InsertAsync(connection, transaction, userName, action, entity, entityKey, before, after, cancellationToken);

    /// <summary>
    /// Records an event that changes no stored data of its own (a catalog fetch asked of an office): its effects, if
    /// any, are import runs with their own records.
    /// </summary>
    public static async Task RecordEventAsync(this Database database, string userName, string action, string entity, string entityKey, object? details,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await InsertAsync(connection, null, userName, action, entity, entityKey, null, details, cancellationToken);
    }

    /// <summary>The newest entries first, optionally of one entity.</summary>
    public static async Task<IReadOnlyList<AuditEntry>> ListAuditEntriesAsync(this Database database, string? entity, string? entityKey, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AuditEntry>(new CommandDefinition(Select(database.Dialect),
            new { Entity = entity, EntityKey = entityKey, Skip = skip, Take = take }, cancellationToken: cancellationToken))).ToList();
    }

    static Task InsertAsync(DbConnection connection, DbTransaction? transaction, string userName, string action, string entity, string entityKey, object? before, object? after,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            At = DateTime.UtcNow,
            UserName = userName,
            Action = action,
            Entity = entity,
            EntityKey = entityKey,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        }, transaction, cancellationToken: cancellationToken));

    const string Insert =
        "INSERT INTO audit_log (at, user_name, action, entity, entity_key, before_json, after_json) VALUES (@At, @UserName, @Action, @Entity, @EntityKey, @Before, @After)";

    static string Select(SqlDialect dialect) => dialect.Page(
        """
        SELECT id AS Id, at AS At, user_name AS UserName, action AS Action, entity AS Entity, entity_key AS EntityKey, before_json AS BeforeJson, after_json AS AfterJson
        FROM audit_log
        WHERE (@Entity IS NULL OR entity = @Entity) AND (@EntityKey IS NULL OR entity_key = @EntityKey)
        ORDER BY id DESC
        """);
}
