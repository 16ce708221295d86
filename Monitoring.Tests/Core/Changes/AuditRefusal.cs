using Dapper;
using Monitoring.Core.Storage;

namespace Monitoring.Tests.Core.Changes;

/// <summary>
/// For the tests that prove a feature's writes keep their audit entry in their transaction: from <see cref="RefuseAsync"/>
/// on, the audit log refuses every entry, so a write that changed anything before its entry failed shows it.
/// </summary>
public static class AuditRefusal
{
    public static async Task RefuseAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("CREATE TRIGGER audit_refused BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused'); END");
    }

    /// <summary>The rows of the tables a feature writes, and the data version: all must be as they were after a refused write.</summary>
    public static async Task<string> StateAsync(Database database, params string[] tables)
    {
        await using var connection = await database.OpenAsync();
        var counts = new List<string>();
        foreach (var table in tables) counts.Add($"{table}={await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}")}");
        counts.Add($"audit_log={await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log")}");
        counts.Add($"version={await database.Version.CurrentAsync()}");
        return string.Join(", ", counts);
    }
}
