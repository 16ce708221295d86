using Monitoring.Core.Accounts;
using Monitoring.Tests.Core.Changes;
using Monitoring.Tests.Core.Storage;

namespace Monitoring.Tests.Core.Accounts;

/// <summary>Issue 17: an account's API tokens are created and revoked by one class (API and Konto page), audited in the same transaction.</summary>
public sealed class ApiTokenWritesTests : MigratedStore
{
    ApiTokenWrites Tokens => new(Db, TimeProvider.System);

    [Fact]
    public async Task Name_and_expiry_are_checked_and_a_foreign_token_is_not_found()
    {
        var user = await Db.CreateUserAsync("skript", "Skript", Role.Analyst, "ein-langes-Passwort-1");
        Assert.Equal("name", Assert.Single((await Tokens.CreateAsync("skript", user.Id, " ", null)).Errors.Keys));
        Assert.Equal("expiresAt", Assert.Single((await Tokens.CreateAsync("skript", user.Id, "Import", DateTime.UtcNow.AddDays(-1))).Errors.Keys));
        var token = (await Tokens.CreateAsync("skript", user.Id, " Import ", null)).Value!;
        Assert.Equal("Import", token.Token.Name);
        Assert.StartsWith("mon_", token.Secret, StringComparison.Ordinal);
        Assert.True((await Tokens.RevokeAsync("andere", user.Id + 1, token.Token.Id)).IsNotFound);
        Assert.True((await Tokens.RevokeAsync("skript", user.Id, token.Token.Id)).Succeeded);
    }

    [Fact]
    public async Task When_the_audit_entry_cannot_be_written_no_token_is_created_or_revoked()
    {
        var user = await Db.CreateUserAsync("skript", "Skript", Role.Analyst, "ein-langes-Passwort-1");
        var token = (await Tokens.CreateAsync("skript", user.Id, "Import", null)).Value!;
        var before = await AuditRefusal.StateAsync(Db, "api_tokens");
        await AuditRefusal.RefuseAsync(Db);

        await Assert.ThrowsAnyAsync<Exception>(() => Tokens.CreateAsync("skript", user.Id, "Zweites", null));
        await Assert.ThrowsAnyAsync<Exception>(() => Tokens.RevokeAsync("skript", user.Id, token.Token.Id));

        Assert.Equal(before, await AuditRefusal.StateAsync(Db, "api_tokens"));
        Assert.Equal(user.Id, (await Db.FindUserByTokenAsync(token.Secret))?.Id);
    }
}
