using System.Globalization;
using Monitoring.Core.Changes;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Accounts;

/// <summary>A token just created: the only time its secret is seen.</summary>
public sealed record CreatedToken(ApiToken Token, string Secret);

/// <summary>
/// A local account's own API tokens, for the API and the Konto page alike: the name and expiry rules, the change and its
/// audit entry in one transaction.
/// </summary>
public sealed class ApiTokenWrites(Database database, TimeProvider time)
{
    public Task<WriteResult<CreatedToken>> CreateAsync(string actor, int userId, string? name, DateTime? expiresAt, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > UserAccounts.MaxTokenNameLength)
        {
            return Task.FromResult(WriteResult<CreatedToken>.Invalid("name", $"Bitte angeben, wofür das Token ist (höchstens {UserAccounts.MaxTokenNameLength} Zeichen)."));
        }
        if (expiresAt <= time.GetUtcNow().UtcDateTime) return Task.FromResult(WriteResult<CreatedToken>.Invalid("expiresAt", "Das Ablaufdatum muss in der Zukunft liegen."));
        return database.InTransactionAsync(async (connection, transaction) =>
        {
            var (token, secret) = await UserAccounts.CreateTokenAsync(connection, transaction, database.Dialect, userId, name, expiresAt, cancellationToken);
            await AuditLog.WriteAsync(connection, transaction, actor, "token.create", "token", token.Id.ToString(CultureInfo.InvariantCulture), null, token, cancellationToken);
            return WriteResult<CreatedToken>.Done(new CreatedToken(token, secret));
        }, cancellationToken);
    }

    /// <summary>Revokes one of the account's own tokens; not found when it is not theirs or already revoked.</summary>
    public Task<WriteResult<int>> RevokeAsync(string actor, int userId, int tokenId, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            if (!await UserAccounts.RevokeTokenAsync(connection, transaction, userId, tokenId, cancellationToken)) return WriteResult<int>.Missing;
            await AuditLog.WriteAsync(connection, transaction, actor, "token.revoke", "token", tokenId.ToString(CultureInfo.InvariantCulture), null, null, cancellationToken);
            return WriteResult<int>.Done(tokenId);
        }, cancellationToken);
}
