using Monitoring.Core.Accounts;
using Monitoring.Tests.Core.Changes;
using Monitoring.Tests.Core.Storage;

namespace Monitoring.Tests.Core.Accounts;

/// <summary>Issue 17: lifting a sign-in lock (API and Benutzer page) is audited in the same transaction as the lift.</summary>
public sealed class SignInUnlockTests : MigratedStore
{
    async Task LockAsync(string userName)
    {
        // Every attempt as soon as the growing wait allows: the account is locked after the last one.
        var now = DateTime.UtcNow;
        for (var i = 0; i < SignInThrottle.AccountLockAfter; i++)
        {
            await Db.AdmitSignInAsync(userName, "198.51.100.7", now);
            now += SignInThrottle.WaitAfter(i + 1, SignInThrottle.AccountFreeAttempts) + TimeSpan.FromMilliseconds(1);
        }
    }

    [Fact]
    public async Task When_the_audit_entry_cannot_be_written_the_lock_stays()
    {
        await LockAsync("redaktion");
        Assert.Contains(await Db.ListBlocksAsync(DateTime.UtcNow), b => b.Subject == "account:redaktion" && b.Locked);
        var before = await AuditRefusal.StateAsync(Db, "sign_in_throttle");
        await AuditRefusal.RefuseAsync(Db);

        await Assert.ThrowsAnyAsync<Exception>(() => Db.LiftAsync(SignInThrottle.AccountSubject("redaktion"), "admin"));

        Assert.Equal(before, await AuditRefusal.StateAsync(Db, "sign_in_throttle"));
        Assert.Contains(await Db.ListBlocksAsync(DateTime.UtcNow), b => b.Subject == "account:redaktion" && b.Locked);
    }
}
