using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Http.Security;
using Monitoring.Core.Accounts;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Http.Security;

/// <summary>
/// Issue 15, finding 7: 50 wrong passwords in a few seconds used to be answered 401 each and the right one then signed
/// in. Now the waits grow, the account locks, the right password is refused while it is locked, and an administrator
/// sees the lock and lifts it.
/// </summary>
[Collection(HangfireCollection.Name)]
public sealed partial class SignInThrottleTests
{
    const string Password = "erstes-Admin-Passwort-42";

    /// <summary>The clock stands still, as for an attacker faster than any wait: every refusal below is certain, not a race.</summary>
    readonly ManualClock clock = new(DateTimeOffset.UtcNow);

    MonitoringFactory<Monitoring.Web.Program> Host() => new(settings: new Dictionary<string, string?>
    {
        ["Auth:InitialAdmin:UserName"] = "admin",
        ["Auth:InitialAdmin:Password"] = Password,
        ["Demo:ImportOnFirstStart"] = "false",
    }, services: s => s.AddSingleton<TimeProvider>(clock));

    [Fact]
    public async Task Fifty_wrong_passwords_are_held_back_the_right_one_waits_for_the_lock_and_an_admin_lifts_it()
    {
        await using var factory = Host();
        // An administrator's token, made before the attack.
        var admin = factory.CreateClient();
        (await admin.PostAsJsonAsync("/api/account/login", new { userName = "admin", password = Password })).EnsureSuccessStatusCode();
        using (var create = new HttpRequestMessage(HttpMethod.Post, "/api/users") { Content = JsonContent.Create(new { userName = "opfer", role = "Editor", password = "richtiges-Passwort-77" }) })
        {
            create.Headers.Add(SecurityHosting.AntiforgeryHeader, await ApiHost.Antiforgery(admin));
            (await admin.SendAsync(create)).EnsureSuccessStatusCode();
        }

        var attacker = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 50; i++)
        {
            var answer = await attacker.PostAsJsonAsync("/api/account/login", new { userName = "opfer", password = $"falsch-{i}" });
            statuses.Add(answer.StatusCode);
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(int.TryParse(answer.Headers.GetValues("Retry-After").Single(), out var seconds) && seconds >= 1, "Retry-After in seconds");
            }
        }
        // The first three are free, then every attempt inside the wait is refused without checking the password.
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, SignInThrottle.AccountFreeAttempts), statuses.Take(SignInThrottle.AccountFreeAttempts));
        Assert.All(statuses.Skip(SignInThrottle.AccountFreeAttempts), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));

        var right = await attacker.PostAsJsonAsync("/api/account/login", new { userName = "opfer", password = "richtiges-Passwort-77" });
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Contains("Zu viele fehlgeschlagene Anmeldungen", (await right.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The administrator sees the account held back on the dashboard and lifts it there; the address through the API.
        var page = await admin.GetStringAsync("/Verwaltung/Benutzer");
        Assert.Contains("Anmeldesperren", page, StringComparison.Ordinal);
        Assert.Contains("Konto opfer", page, StringComparison.Ordinal);
        var lifted = await admin.PostAsync("/Verwaltung/Benutzer?handler=Lift", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["subject"] = "account:opfer",
            ["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value,
        }));
        Assert.True(lifted.IsSuccessStatusCode, $"{lifted.StatusCode}");
        Assert.DoesNotContain("Konto opfer", await admin.GetStringAsync("/Verwaltung/Benutzer"), StringComparison.Ordinal);
        var blocks = await admin.GetFromJsonAsync<JsonElement>("/api/users/sign-in-blocks");
        Assert.DoesNotContain(blocks.EnumerateArray(), b => b.GetProperty("subject").GetString() == "account:opfer");
        foreach (var block in blocks.EnumerateArray())
        {
            using var lift = new HttpRequestMessage(HttpMethod.Delete, $"/api/users/sign-in-blocks/{block.GetProperty("kind").GetString()}/{Uri.EscapeDataString(block.GetProperty("value").GetString()!)}");
            lift.Headers.Add(SecurityHosting.AntiforgeryHeader, await ApiHost.Antiforgery(admin));
            Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(lift)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await attacker.PostAsJsonAsync("/api/account/login", new { userName = "opfer", password = "richtiges-Passwort-77" })).StatusCode);
        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/audit?entity=signin&key=account:opfer");
        Assert.Equal("signin.unlock", audit.EnumerateArray().First().GetProperty("action").GetString());
    }

    [Fact]
    public async Task Ten_failures_lock_the_account_even_when_the_attacker_waits_out_each_delay()
    {
        await using var factory = Host();
        var database = factory.Services.GetService(typeof(Monitoring.Core.Storage.Database)) as Monitoring.Core.Storage.Database;
        Assert.NotNull(database);
        // The attacker waits out every delay: the clock is moved on past each wait instead of sleeping.
        var now = DateTime.UtcNow;
        SignInRefusal? refusal = null;
        for (var i = 0; i < SignInThrottle.AccountLockAfter; i++)
        {
            refusal = await database.AdmitSignInAsync("admin", "198.51.100.7", now);
            Assert.Null(refusal);
            now += SignInThrottle.WaitAfter(i + 1, SignInThrottle.AccountFreeAttempts) + TimeSpan.FromMilliseconds(1);
        }
        refusal = await database.AdmitSignInAsync("admin", "198.51.100.8", DateTime.UtcNow);
        Assert.NotNull(refusal);
        Assert.True(refusal.AccountLocked);
        Assert.Contains(await database.ListBlocksAsync(DateTime.UtcNow), b => b.Subject == "account:admin" && b.Locked);
    }

    [Fact]
    public async Task The_sign_in_form_is_throttled_the_same_way_and_says_so_in_german()
    {
        await using var factory = Host();
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        HttpResponseMessage? last = null;
        for (var i = 0; i <= SignInThrottle.AccountFreeAttempts; i++)
        {
            var form = await browser.GetStringAsync("/Anmelden");
            last = await browser.PostAsync("/Anmelden", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = "admin",
                ["Password"] = i == SignInThrottle.AccountFreeAttempts ? Password : "falsch",
                ["__RequestVerificationToken"] = Token().Match(form).Groups[1].Value,
            }));
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.NotNull(last.Headers.RetryAfter);
        Assert.Contains("Zu viele fehlgeschlagene Anmeldungen", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
