using Monitoring.Core.Storage;

namespace Monitoring.Core.Accounts;

/// <summary>The outcome of a sign-in with name and password: the account, a refusal to wait, or neither (wrong name or password).</summary>
public sealed record SignInResult(User? User, SignInRefusal? Refusal);

/// <summary>
/// Sign-in with a local account's name and password, for the API and the sign-in form alike: the throttle admits the
/// attempt (or says how long to wait), then the password is checked, and only a right one clears the account's count.
/// </summary>
public static class PasswordSignIn
{
    public static async Task<SignInResult> SignInAsync(this Database database, string? userName, string? password, string? address, DateTime now,
        CancellationToken cancellationToken = default)
    {
        userName = (userName ?? "").Trim();
        if (await database.AdmitSignInAsync(userName, address, now, cancellationToken) is { } refusal) return new SignInResult(null, refusal);
        var user = await database.VerifyPasswordAsync(userName, password ?? "", cancellationToken);
        if (user is not null) await database.SignInSucceededAsync(userName, address, cancellationToken);
        return new SignInResult(user, null);
    }
}
