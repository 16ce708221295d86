using Monitoring.Core.Accounts;
using Monitoring.Tests.Core.Storage;

namespace Monitoring.Tests.Core.Accounts;

public sealed class UserAccountTests : MigratedStore
{
    [Fact]
    public async Task The_last_active_administrator_cannot_be_demoted_or_locked_and_names_are_unique_regardless_of_case()
    {
        var admin = await Db.CreateUserAsync("Admin", "Admin", Role.Admin, "ein-langes-Passwort");

        Assert.True(await Db.WouldLockOutAsync(admin, Role.Analyst, disabled: false));
        Assert.True(await Db.WouldLockOutAsync(admin, Role.Admin, disabled: true));
        Assert.False(await Db.WouldLockOutAsync(admin, Role.Admin, disabled: false));
        Assert.True(await Db.UserNameTakenAsync(" admin "));

        await Db.CreateUserAsync("zweite", "Zweite", Role.Admin, "ein-langes-Passwort");
        Assert.False(await Db.WouldLockOutAsync(admin, Role.Viewer, disabled: true));
        Assert.False(await Db.UserNameTakenAsync("dritte"));
    }

    [Fact]
    public async Task A_password_is_verified_against_its_hash_and_a_disabled_account_cannot_sign_in()
    {
        var user = await Db.CreateUserAsync("sachbearbeitung", "Sachbearbeitung", Role.Editor, "ein-langes-Passwort");

        Assert.Equal(user.Id, (await Db.VerifyPasswordAsync("SACHBEARBEITUNG", "ein-langes-Passwort"))?.Id);
        Assert.Null(await Db.VerifyPasswordAsync("sachbearbeitung", "ein-falsches-Passwort"));
        await Db.UpdateUserAsync(user.Id, user.DisplayName, user.Role, disabled: true, newPassword: null);
        Assert.Null(await Db.VerifyPasswordAsync("sachbearbeitung", "ein-langes-Passwort"));
        Assert.Throws<ArgumentException>(() => Db.CreateUserAsync("kurz", "Kurz", Role.Viewer, "kurz").GetAwaiter().GetResult());
    }
}
