using Monitoring.Core.Accounts;
using Monitoring.Tests.Core.Changes;
using Monitoring.Tests.Core.Storage;

namespace Monitoring.Tests.Core.Accounts;

/// <summary>Issue 17: account writes (API, Benutzer page, command line, first administrator) go through one class with its audit entry in its transaction.</summary>
public sealed class UserAdministrationTests : MigratedStore
{
    UserAdministration Users => new(Db);

    [Fact]
    public async Task The_rules_hold_for_every_caller_and_are_named_by_field()
    {
        var invalid = await Users.CreateAsync("admin", new NewAccount(" ", new string('x', 201), Role.Viewer, "kurz"));
        Assert.Equal(["displayName", "password", "userName"], invalid.Errors.Keys.Order());
        var created = await Users.CreateAsync("admin", new NewAccount("sachbearbeitung", null, Role.Editor, "ein-langes-Passwort-1"));
        Assert.True(created.Succeeded, string.Join(" ", created.Messages));
        Assert.Equal("Diesen Benutzernamen gibt es schon.", (await Users.CreateAsync("admin", new NewAccount("sachbearbeitung", null, Role.Editor, "ein-langes-Passwort-1"))).Errors["userName"][0]);
        Assert.True((await Users.UpdateAsync("admin", created.Value!.Id + 99, new AccountChange(null, Role.Viewer, null, null))).IsNotFound);
    }

    [Fact]
    public async Task When_the_audit_entry_cannot_be_written_no_account_changes()
    {
        var user = (await Users.CreateAsync("admin", new NewAccount("redaktion", "Redaktion", Role.Editor, "ein-langes-Passwort-1"))).Value!;
        var before = await AuditRefusal.StateAsync(Db, "users");
        await AuditRefusal.RefuseAsync(Db);

        await Assert.ThrowsAnyAsync<Exception>(() => Users.CreateAsync("admin", new NewAccount("neu", null, Role.Viewer, "ein-langes-Passwort-2")));
        await Assert.ThrowsAnyAsync<Exception>(() => Users.UpdateAsync("admin", user.Id, new AccountChange("Anders", Role.Admin, true, "ein-neues-Passwort-3")));

        Assert.Equal(before, await AuditRefusal.StateAsync(Db, "users"));
        var stored = (await Db.FindUserAsync(user.Id))!;
        Assert.Equal(("Redaktion", Role.Editor, false), (stored.DisplayName, stored.Role, stored.Disabled));
        Assert.NotNull(await Db.VerifyPasswordAsync("redaktion", "ein-langes-Passwort-1"));
    }
}
