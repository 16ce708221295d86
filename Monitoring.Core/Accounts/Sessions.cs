using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Accounts;

/// <summary>
/// Sign-in sessions kept on the server. The browser's cookie only names its session (a random id, of which the
/// database keeps the SHA-256); whether the session still holds is decided here on every request, so signing out, an
/// account change (role, password, lock: a new security stamp) and the absolute lifetime end every copy of the cookie.
/// </summary>
public static class Sessions
{
    /// <summary>Starts a session for a local account (<paramref name="userId"/>) or an identity-provider user (null); returns the id the cookie carries.</summary>
    public static async Task<string> StartAsync(this Database database, int? userId, string userName, DateTime now, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var id = "ses_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Insert, new { Id = Hash(id), UserId = userId, UserName = userName, Now = now, ExpiresAt = now + lifetime },
            cancellationToken: cancellationToken));
        return id;
    }

    /// <summary>
    /// Whether the session still holds at <paramref name="now"/>: it exists, was not ended, has not reached its absolute
    /// end, and (for a local account) the account is enabled, still has the security stamp and role it was signed in with.
    /// </summary>
    public static async Task<bool> IsActiveAsync(this Database database, string? sessionId, Role? role, DateTime now, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(sessionId)) return false;
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select, new { Id = Hash(sessionId) }, cancellationToken: cancellationToken));
        if (row is null || row.EndedAt is not null || row.ExpiresAt <= now) return false;
        if (row.UserId is null) return true;
        return row.Disabled == false && row.CurrentStamp is not null && row.CurrentStamp == row.SessionStamp && row.Role == role?.ToString();
    }

    /// <summary>Ends one session (signing out); a no-op for an unknown or ended one.</summary>
    public static async Task EndAsync(this Database database, string? sessionId, string reason, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(sessionId)) return;
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(End, new { Id = Hash(sessionId), Now = DateTime.UtcNow, Reason = reason }, cancellationToken: cancellationToken));
    }

    /// <summary>Ends every session of an account, within the transaction that changes it.</summary>
    public static Task EndAllAsync(DbConnection connection, DbTransaction? transaction, int userId, string reason, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition(EndAll, new { UserId = userId, Now = DateTime.UtcNow, Reason = reason }, transaction, cancellationToken: cancellationToken));

    /// <summary>How many sessions of the account are open (not ended, not expired).</summary>
    public static async Task<int> CountActiveAsync(this Database database, int userId, DateTime now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountActive, new { UserId = userId, Now = now }, cancellationToken: cancellationToken));
    }

    static string Hash(string sessionId) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId)));

    sealed class Row
    {
        public long? UserId { get; init; }
        public DateTime ExpiresAt { get; init; }
        public DateTime? EndedAt { get; init; }
        public string? SessionStamp { get; init; }
        public string? CurrentStamp { get; init; }
        public string? Role { get; init; }
        public bool? Disabled { get; init; }
    }

    // The stamp is copied from the account as it is when the session starts: a change between the password check and
    // this insert gives the session the new stamp, but then the role check below still catches a changed role.
    const string Insert =
        """
        INSERT INTO user_sessions (id, user_id, user_name, security_stamp, created_at, expires_at)
        SELECT @Id, @UserId, @UserName, (SELECT security_stamp FROM users WHERE id = @UserId), @Now, @ExpiresAt
        """;

    const string Select =
        """
        SELECT s.user_id AS UserId, s.expires_at AS ExpiresAt, s.ended_at AS EndedAt, s.security_stamp AS SessionStamp,
               u.security_stamp AS CurrentStamp, u.role AS Role, u.disabled AS Disabled
        FROM user_sessions s LEFT JOIN users u ON u.id = s.user_id
        WHERE s.id = @Id
        """;

    const string End = "UPDATE user_sessions SET ended_at = @Now, ended_reason = @Reason WHERE id = @Id AND ended_at IS NULL";

    const string EndAll = "UPDATE user_sessions SET ended_at = @Now, ended_reason = @Reason WHERE user_id = @UserId AND ended_at IS NULL";

    const string CountActive = "SELECT COUNT(*) FROM user_sessions WHERE user_id = @UserId AND ended_at IS NULL AND expires_at > @Now";
}
