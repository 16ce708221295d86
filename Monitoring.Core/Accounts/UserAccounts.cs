using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Accounts;

/// <summary>A local account.</summary>
public sealed record User(int Id, string UserName, string DisplayName, Role Role, bool Disabled, DateTime CreatedAt);

/// <summary>An API token as listed: never the token itself, which is shown once when created.</summary>
public sealed record ApiToken
{
    public int Id { get; init; }
    public int UserId { get; init; }
    public string Name { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public DateTime? ExpiresAt { get; init; }
    public DateTime? RevokedAt { get; init; }
}

/// <summary>Local accounts and API tokens. Passwords are hashed with ASP.NET Core Identity's PBKDF2 hasher; tokens are kept as SHA-256.</summary>
public static class UserAccounts
{
    static readonly PasswordHasher<User> Hasher = new();

    public const int MinimumPasswordLength = 12;

    /// <summary>The longest name of an API token (what it is for), on the page and in the API alike.</summary>
    public const int MaxTokenNameLength = 200;

    /// <summary>Problems with a new password, in German; empty when it will do. The rules: <see cref="PasswordRules"/>.</summary>
    public static IReadOnlyList<string> CheckPassword(string? password, string? userName = null) => PasswordRules.Check(password, userName);

    /// <remarks>Without an audit entry: for the tests' fixtures only; accounts are created through <see cref="UserAdministration"/>.</remarks>
    internal static async Task<User> CreateUserAsync(this Database database, string userName, string displayName, Role role, string password, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await CreateUserAsync(connection, null, database.Dialect, userName, displayName, role, password, cancellationToken);
    }

    /// <summary>Creates an account within the caller's transaction (so that its audit entry commits with it).</summary>
    public static async Task<User> CreateUserAsync(DbConnection connection, DbTransaction? transaction, SqlDialect dialect, string userName, string displayName, Role role, string password,
        CancellationToken cancellationToken = default)
    {
        if (CheckPassword(password, userName) is { Count: > 0 } problems) throw new ArgumentException(string.Join("; ", problems), nameof(password));
        var now = DateTime.UtcNow;
        var hash = Hasher.HashPassword(null!, password);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertUser(dialect),
            new { UserName = userName.Trim(), DisplayName = displayName.Trim(), Role = role.ToString(), Hash = hash, Stamp = NewStamp(), Now = now }, transaction, cancellationToken: cancellationToken));
        return new User((int)id, userName.Trim(), displayName.Trim(), role, false, now);
    }

    /// <summary>A new random security stamp: 32 hex digits.</summary>
    public static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Whether an account has this name already (names compare without regard to case, as the unique index does).</summary>
    public static async Task<bool> UserNameTakenAsync(this Database database, string userName, CancellationToken cancellationToken = default) =>
        (await database.ListUsersAsync(cancellationToken)).Any(u => string.Equals(u.UserName, userName.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether giving <paramref name="user"/> this role and lock state would leave no active administrator.</summary>
    public static async Task<bool> WouldLockOutAsync(this Database database, User user, Role role, bool disabled, CancellationToken cancellationToken = default) =>
        user.Role == Role.Admin && !user.Disabled && (role != Role.Admin || disabled)
        && (await database.ListUsersAsync(cancellationToken)).Count(u => u.Role == Role.Admin && !u.Disabled) <= 1;

    public static async Task<int> CountUsersAsync(this Database database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountUsers, cancellationToken: cancellationToken));
    }

    public static async Task<IReadOnlyList<User>> ListUsersAsync(this Database database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<UserRow>(new CommandDefinition(SelectUsers + " ORDER BY user_name", cancellationToken: cancellationToken))).Select(r => r.ToUser()).ToList();
    }

    public static async Task<User?> FindUserAsync(this Database database, int id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(SelectUsers + " WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken)))?.ToUser();
    }

    /// <summary>
    /// The user if the name and password match an enabled account; the same answer for an unknown name and a wrong password.
    /// Names compare without regard to case on both providers (SQLite compares text case-sensitively by default).
    /// </summary>
    public static async Task<User?> VerifyPasswordAsync(this Database database, string userName, string password, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(SelectUsers + " WHERE LOWER(user_name) = LOWER(@UserName)", new { UserName = userName.Trim() }, cancellationToken: cancellationToken));
        if (row is null || row.Disabled)
        {
            // Hash anyway, so the answer takes as long as for a known name.
            Hasher.VerifyHashedPassword(null!, DummyHash, password);
            return null;
        }
        var result = Hasher.VerifyHashedPassword(null!, row.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed) return null;
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await connection.ExecuteAsync(new CommandDefinition(UpdatePassword, new { row.Id, Hash = Hasher.HashPassword(null!, password) }, cancellationToken: cancellationToken));
        }
        return row.ToUser();
    }

    /// <remarks>Without checks or an audit entry: for the tests' fixtures only; accounts change through <see cref="UserAdministration"/>.</remarks>
    internal static async Task UpdateUserAsync(this Database database, int id, string displayName, Role role, bool disabled, string? newPassword, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await UpdateUserAsync(connection, transaction, id, displayName, role, disabled, newPassword, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Saves an account within the caller's transaction. A change of role, lock state or password gives the account a
    /// new security stamp and ends all its sessions: a cookie signed in before the change is refused from then on.
    /// </summary>
    public static async Task UpdateUserAsync(DbConnection connection, DbTransaction transaction, int id, string displayName, Role role, bool disabled, string? newPassword,
        CancellationToken cancellationToken = default)
    {
        var before = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(SelectUsers + " WHERE id = @Id", new { Id = id }, transaction, cancellationToken: cancellationToken));
        if (before is null) return;
        await connection.ExecuteAsync(new CommandDefinition(UpdateUser, new { Id = id, DisplayName = displayName.Trim(), Role = role.ToString(), Disabled = disabled }, transaction, cancellationToken: cancellationToken));
        if (newPassword is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(UpdatePassword, new { Id = id, Hash = Hasher.HashPassword(null!, newPassword) }, transaction, cancellationToken: cancellationToken));
        }
        if (newPassword is not null || before.Role != role.ToString() || before.Disabled != disabled)
        {
            await connection.ExecuteAsync(new CommandDefinition(UpdateStamp, new { Id = id, Stamp = NewStamp() }, transaction, cancellationToken: cancellationToken));
            await Sessions.EndAllAsync(connection, transaction, id, newPassword is not null ? "password changed" : "account changed", cancellationToken);
        }
    }

    /// <summary>Creates a token for a script within the caller's transaction; the returned text is the only time the token is seen.</summary>
    internal static async Task<(ApiToken Token, string Secret)> CreateTokenAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, int userId, string name,
        DateTime? expiresAt, CancellationToken cancellationToken)
    {
        var secret = "mon_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = DateTime.UtcNow;
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertToken(dialect),
            new { UserId = userId, Name = name.Trim(), Hash = HashToken(secret), Now = now, ExpiresAt = expiresAt }, transaction, cancellationToken: cancellationToken));
        return (new ApiToken { Id = (int)id, UserId = userId, Name = name.Trim(), CreatedAt = now, ExpiresAt = expiresAt }, secret);
    }

    /// <summary>The enabled user a valid (not revoked, not expired) token belongs to.</summary>
    public static async Task<User?> FindUserByTokenAsync(this Database database, string secret, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(SelectUserByToken, new { Hash = HashToken(secret), Now = DateTime.UtcNow }, cancellationToken: cancellationToken));
        return row is { Disabled: false } ? row.ToUser() : null;
    }

    public static async Task<IReadOnlyList<ApiToken>> ListTokensAsync(this Database database, int userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ApiToken>(new CommandDefinition(SelectTokens, new { UserId = userId }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Revokes one of the user's tokens within the caller's transaction; false if it is not theirs or already revoked.</summary>
    internal static async Task<bool> RevokeTokenAsync(DbConnection connection, DbTransaction transaction, int userId, int tokenId, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(RevokeToken, new { Id = tokenId, UserId = userId, Now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken)) == 1;

    static string HashToken(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    static readonly string DummyHash = Hasher.HashPassword(null!, Guid.NewGuid().ToString());

    sealed class UserRow
    {
        public long Id { get; init; }
        public string UserName { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public string Role { get; init; } = "";
        public string PasswordHash { get; init; } = "";
        public bool Disabled { get; init; }
        public DateTime CreatedAt { get; init; }

        public User ToUser() => new((int)Id, UserName, DisplayName, Enum.Parse<Role>(Role), Disabled, CreatedAt);
    }

    static string InsertUser(SqlDialect dialect) =>
        dialect.InsertReturningId("users", "user_name, display_name, role, password_hash, security_stamp, disabled, created_at", "@UserName, @DisplayName, @Role, @Hash, @Stamp, 0, @Now");

    static string InsertToken(SqlDialect dialect) =>
        dialect.InsertReturningId("api_tokens", "user_id, name, token_hash, created_at, expires_at", "@UserId, @Name, @Hash, @Now, @ExpiresAt");

    const string SelectUsers =
        "SELECT id AS Id, user_name AS UserName, display_name AS DisplayName, role AS Role, password_hash AS PasswordHash, disabled AS Disabled, created_at AS CreatedAt FROM users";

    const string CountUsers = "SELECT COUNT(*) FROM users";

    const string UpdateUser = "UPDATE users SET display_name = @DisplayName, role = @Role, disabled = @Disabled WHERE id = @Id";

    const string UpdatePassword = "UPDATE users SET password_hash = @Hash WHERE id = @Id";

    const string UpdateStamp = "UPDATE users SET security_stamp = @Stamp WHERE id = @Id";

    const string SelectUserByToken =
        """
        SELECT u.id AS Id, u.user_name AS UserName, u.display_name AS DisplayName, u.role AS Role, u.password_hash AS PasswordHash, u.disabled AS Disabled, u.created_at AS CreatedAt
        FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = @Hash AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > @Now)
        """;

    const string SelectTokens =
        "SELECT id AS Id, user_id AS UserId, name AS Name, created_at AS CreatedAt, expires_at AS ExpiresAt, revoked_at AS RevokedAt FROM api_tokens WHERE user_id = @UserId ORDER BY id";

    const string RevokeToken = "UPDATE api_tokens SET revoked_at = @Now WHERE id = @Id AND user_id = @UserId AND revoked_at IS NULL";
}
