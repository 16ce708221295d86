using Monitoring.Core.Changes;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Accounts;

/// <summary>A new local account as an administrator enters it.</summary>
public sealed record NewAccount(string? UserName, string? DisplayName, Role Role, string? Password);

/// <summary>A change to an account; null leaves a field as it is.</summary>
public sealed record AccountChange(string? DisplayName, Role? Role, bool? Disabled, string? Password);

/// <summary>
/// The writes to local accounts, for the API, the dashboard, the command line and the first administrator alike:
/// validation, the change, and its audit entry in one transaction. A change of role, lock state or password ends the
/// account's sessions.
/// </summary>
public sealed class UserAdministration(Database database)
{
    public const int MaxUserNameLength = 100;
    public const int MaxDisplayNameLength = 200;

    public async Task<WriteResult<User>> CreateAsync(string actor, NewAccount input, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.UserName) || input.UserName.Trim().Length > MaxUserNameLength) errors["userName"] = $"Bitte einen Benutzernamen (höchstens {MaxUserNameLength} Zeichen) angeben.";
        if (input.DisplayName is { Length: > MaxDisplayNameLength }) errors["displayName"] = $"Der angezeigte Name hat höchstens {MaxDisplayNameLength} Zeichen.";
        if (!Enum.IsDefined(input.Role)) errors["role"] = "Die Rolle ist eine von Viewer, Editor, Analyst, Admin.";
        if (PasswordRules.Check(input.Password, input.UserName) is { Count: > 0 } weak) errors["password"] = string.Join(" ", weak);
        if (errors.Count == 0 && await database.UserNameTakenAsync(input.UserName!, cancellationToken)) errors["userName"] = "Diesen Benutzernamen gibt es schon.";
        if (errors.Count > 0) return WriteResult<User>.Invalid(errors);

        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            var user = await UserAccounts.CreateUserAsync(connection, transaction, database.Dialect, input.UserName!,
                string.IsNullOrWhiteSpace(input.DisplayName) ? input.UserName! : input.DisplayName, input.Role, input.Password!, cancellationToken);
            await AuditLog.WriteAsync(connection, transaction, actor, "user.create", "user", user.UserName, null, user, cancellationToken);
            return WriteResult<User>.Done(user);
        }, cancellationToken);
    }

    public async Task<WriteResult<User>> UpdateAsync(string actor, int id, AccountChange change, CancellationToken cancellationToken = default)
    {
        if (await database.FindUserAsync(id, cancellationToken) is not { } before) return WriteResult<User>.Missing;
        var errors = new Dictionary<string, string>();
        if (change.Role is Role role && !Enum.IsDefined(role)) errors["role"] = "Die Rolle ist eine von Viewer, Editor, Analyst, Admin.";
        if (change.DisplayName is { } name && (string.IsNullOrWhiteSpace(name) || name.Length > MaxDisplayNameLength)) errors["displayName"] = $"Der angezeigte Name hat 1 bis {MaxDisplayNameLength} Zeichen.";
        if (change.Password is not null && PasswordRules.Check(change.Password, before.UserName) is { Count: > 0 } weak) errors["password"] = string.Join(" ", weak);
        // The last administrator cannot lock everyone out.
        if (await database.WouldLockOutAsync(before, change.Role ?? before.Role, change.Disabled ?? before.Disabled, cancellationToken))
        {
            errors["role"] = "Die letzte aktive Administration bleibt bestehen.";
        }
        if (errors.Count > 0) return WriteResult<User>.Invalid(errors);

        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            await UserAccounts.UpdateUserAsync(connection, transaction, id, change.DisplayName ?? before.DisplayName, change.Role ?? before.Role, change.Disabled ?? before.Disabled,
                change.Password, cancellationToken);
            var after = before with { DisplayName = (change.DisplayName ?? before.DisplayName).Trim(), Role = change.Role ?? before.Role, Disabled = change.Disabled ?? before.Disabled };
            await AuditLog.WriteAsync(connection, transaction, actor, change.Password is null ? "user.update" : "user.update+password", "user", after.UserName, before, after, cancellationToken);
            return WriteResult<User>.Done(after);
        }, cancellationToken);
    }
}
