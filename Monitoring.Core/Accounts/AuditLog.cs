using System.Data.Common;
using System.Text.Json;
using Dapper;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Accounts;

/// <summary>One recorded change.</summary>
/// <remarks>Properties, not a positional record: Dapper converts property types (SQLite keeps times as text).</remarks>
public sealed record AuditEntry
{
    public long Id { get; init; }
    public DateTime At { get; init; }
    public string UserName { get; init; } = "";
    public string Action { get; init; } = "";
    public string Entity { get; init; } = "";
    public string EntityKey { get; init; } = "";
    public string? BeforeJson { get; init; }
    public string? AfterJson { get; init; }
}

/// <summary>Who changed which source, indicator, goal or user, and when, with the state before and after.</summary>
public static class AuditLog
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static async Task WriteAsync(this Database database, string userName, string action, string entity, string entityKey, object? before, object? after,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await WriteAsync(connection, null, userName, action, entity, entityKey, before, after, cancellationToken);
    }

    /// <summary>Within the change's own transaction, so that a change is never stored without its record.</summary>
    public static Task WriteAsync(DbConnection connection, DbTransaction? transaction, string userName, string action, string entity, string entityKey, object? before, object? after,
        CancellationToken cancellationToken = default) =>
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

    /// <summary>The newest entries first, optionally of one entity.</summary>
    public static async Task<IReadOnlyList<AuditEntry>> ListAsync(this Database database, string? entity, string? entityKey, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AuditEntry>(new CommandDefinition(Select(database.Dialect),
            new { Entity = entity, EntityKey = entityKey, Skip = skip, Take = take }, cancellationToken: cancellationToken))).ToList();
    }

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
