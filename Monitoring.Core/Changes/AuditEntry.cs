namespace Monitoring.Core.Changes;

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
