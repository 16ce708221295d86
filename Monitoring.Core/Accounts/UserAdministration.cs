using Monitoring.Core.Storage;

namespace Monitoring.Core.Accounts;

/// <summary>A new local account as an administrator enters it.</summary>
public sealed record NewAccount(string? UserName, string? DisplayName, Role Role, string? Password);

/// <summary>A change to an account; null leaves a field as it is.</summary>
public sealed record AccountChange(string? DisplayName, Role? Role, bool? Disabled, string? Password);

/// <summary>The outcome of an account write: the account, or the problems per field (German), or not found.</summary>
public sealed record AccountResult(User? User, IReadOnlyDictionary<string, string> Errors, bool NotFound = false)
{
    public bool Succeeded => User is not null && Errors.Count == 0;
}

/// <summary>
/// The administrators' writes to local accounts, for the API and the dashboard alike: validation, the change, and its
/// audit entry in one transaction. A change of role, lock state or password ends the account's sessions.
/// </summary>
public static class UserAdministration
{
    public const int MaxUserNameLength = 100;
    public const int MaxDisplayNameLength = 200;

    public static async Task<AccountResult> CreateAsync(this Database database, string actor, NewAccount input, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.UserName) || input.UserName.Trim().Length > MaxUserNameLength) errors["userName"] = $"Bitte einen Benutzernamen (höchstens {MaxUserNameLength} Zeichen) angeben.";
        if (input.DisplayName is { Length: > MaxDisplayNameLength }) errors["displayName"] = $"Der angezeigte Name hat höchstens {MaxDisplayNameLength} Zeichen.";
        if (!Enum.IsDefined(input.Role)) errors["role"] = "Die Rolle ist eine von Viewer, Editor, Analyst, Admin.";
        if (PasswordRules.Check(input.Password, input.UserName) is { Count: > 0 } weak) errors["password"] = string.Join(" ", weak);
        if (errors.Count == 0 && await database.UserNameTakenAsync(input.UserName!, cancellationToken)) errors["userName"] = "Diesen Benutzernamen gibt es schon.";
        if (errors.Count > 0) return new AccountResult(null, errors);

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var user = await UserAccounts.CreateUserAsync(connection, transaction, database.Dialect, input.UserName!,
            string.IsNullOrWhiteSpace(input.DisplayName) ? input.UserName! : input.DisplayName, input.Role, input.Password!, cancellationToken);
        await AuditLog.WriteAsync(connection, transaction, actor, "user.create", "user", user.UserName, null, user, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AccountResult(user, new Dictionary<string, string>());
    }

    public static async Task<AccountResult> UpdateAsync(this Database database, string actor, int id, AccountChange change, CancellationToken cancellationToken = default)
    {
        if (await database.FindUserAsync(id, cancellationToken) is not { } before) return new AccountResult(null, new Dictionary<string, string>(), NotFound: true);
        var errors = new Dictionary<string, string>();
        if (change.Role is Role role && !Enum.IsDefined(role)) errors["role"] = "Die Rolle ist eine von Viewer, Editor, Analyst, Admin.";
        if (change.DisplayName is { } name && (string.IsNullOrWhiteSpace(name) || name.Length > MaxDisplayNameLength)) errors["displayName"] = $"Der angezeigte Name hat 1 bis {MaxDisplayNameLength} Zeichen.";
        if (change.Password is not null && PasswordRules.Check(change.Password, before.UserName) is { Count: > 0 } weak) errors["password"] = string.Join(" ", weak);
        // The last administrator cannot lock everyone out.
        if (await database.WouldLockOutAsync(before, change.Role ?? before.Role, change.Disabled ?? before.Disabled, cancellationToken))
        {
            errors["role"] = "Die letzte aktive Administration bleibt bestehen.";
        }
        if (errors.Count > 0) return new AccountResult(null, errors);

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await UserAccounts.UpdateUserAsync(connection, transaction, id, change.DisplayName ?? before.DisplayName, change.Role ?? before.Role, change.Disabled ?? before.Disabled,
            change.Password, cancellationToken);
        var after = before with { DisplayName = (change.DisplayName ?? before.DisplayName).Trim(), Role = change.Role ?? before.Role, Disabled = change.Disabled ?? before.Disabled };
        await AuditLog.WriteAsync(connection, transaction, actor, change.Password is null ? "user.update" : "user.update+password", "user", after.UserName, before, after, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AccountResult(after, new Dictionary<string, string>());
    }
}
