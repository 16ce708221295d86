using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Http.Security;
using Monitoring.Core.Accounts;
using Monitoring.Core.Storage;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Http.Security;

/// <summary>
/// Issue 15, findings 1 and 2: a cookie names a session kept on the server, so a demoted, disabled or re-passworded
/// account and a signed-out cookie are refused at the next request, however the cookie was saved.
/// </summary>
[Collection(HangfireCollection.Name)]
public sealed class SessionSecurityTests(ApiHost host) : IClassFixture<ApiHost>
{
    /// <summary>A client that sends only the cookies it is given, as an attacker replaying a saved cookie would.</summary>
    HttpClient Replay(string cookie)
    {
        var client = host.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    async Task<(int Id, string Cookie, string Csrf)> SignedInAdminAsync(string name, string password)
    {
        var created = await (await host.As(Role.Admin).PostAsJsonAsync("/api/users", new { userName = name, role = "Admin", password }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var client = host.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var login = (await client.PostAsJsonAsync("/api/account/login", new { userName = name, password })).EnsureSuccessStatusCode();
        var auth = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("monitoring.auth=", StringComparison.Ordinal)).Split(';')[0];
        // The antiforgery token belongs to the signed-in user and its own cookie.
        var csrfAnswer = await Replay(auth).GetAsync("/api/account/antiforgery");
        var csrfCookie = csrfAnswer.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("monitoring.csrf=", StringComparison.Ordinal)).Split(';')[0];
        var token = (await csrfAnswer.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        return (created.GetProperty("id").GetInt32(), auth + "; " + csrfCookie, token);
    }

    static HttpRequestMessage CreateAdmin(string csrf, string name) =>
        new(HttpMethod.Post, "/api/users")
        {
            Content = JsonContent.Create(new { userName = name, role = "Admin", password = "ein-langes-Passwort" }),
            Headers = { { SecurityHosting.AntiforgeryHeader, csrf } },
        };

    [Fact]
    public async Task A_demoted_and_disabled_admins_saved_cookie_can_no_longer_create_an_admin()
    {
        var (id, cookie, csrf) = await SignedInAdminAsync("bald-viewer", "Passwort-der-alten-Admin");
        var before = await Replay(cookie).SendAsync(CreateAdmin(csrf, "noch-erlaubt"));
        Assert.Equal(HttpStatusCode.Created, before.StatusCode);

        (await host.As(Role.Admin).PutAsJsonAsync($"/api/users/{id}", new { role = "Viewer", disabled = true })).EnsureSuccessStatusCode();

        var after = await Replay(cookie).SendAsync(CreateAdmin(csrf, "nicht-mehr-erlaubt"));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(cookie).GetAsync("/api/account/me")).StatusCode);
        Assert.DoesNotContain(await host.Factory.Services.GetRequiredService<Database>().ListUsersAsync(), u => u.UserName == "nicht-mehr-erlaubt");
    }

    [Fact]
    public async Task A_role_change_alone_and_a_password_change_each_end_the_accounts_sessions()
    {
        var (id, cookie, _) = await SignedInAdminAsync("wird-analyst", "Passwort-vor-dem-Wechsel");
        (await host.As(Role.Admin).PutAsJsonAsync($"/api/users/{id}", new { role = "Analyst" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(cookie).GetAsync("/api/account/me")).StatusCode);

        var (id2, cookie2, _) = await SignedInAdminAsync("neues-passwort", "Passwort-vor-dem-Wechsel");
        Assert.Equal(HttpStatusCode.OK, (await Replay(cookie2).GetAsync("/api/users")).StatusCode);
        (await host.As(Role.Admin).PutAsJsonAsync($"/api/users/{id2}", new { password = "ganz-anderes-Kennwort-9" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(cookie2).GetAsync("/api/users")).StatusCode);

        // A change of the display name alone leaves the session as it is.
        var (id3, cookie3, _) = await SignedInAdminAsync("nur-der-name", "Passwort-bleibt-gleich");
        (await host.As(Role.Admin).PutAsJsonAsync($"/api/users/{id3}", new { displayName = "Neuer Name" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await Replay(cookie3).GetAsync("/api/account/me")).StatusCode);
    }

    [Fact]
    public async Task A_saved_copy_of_a_signed_out_cookie_neither_reads_nor_writes()
    {
        var (_, cookie, csrf) = await SignedInAdminAsync("meldet-sich-ab", "Passwort-zum-Abmelden");
        Assert.Equal(HttpStatusCode.OK, (await Replay(cookie).GetAsync("/api/users")).StatusCode);

        using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/account/logout") { Headers = { { SecurityHosting.AntiforgeryHeader, csrf } } };
        Assert.Equal(HttpStatusCode.NoContent, (await Replay(cookie).SendAsync(logout)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(cookie).GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(cookie).SendAsync(CreateAdmin(csrf, "nach-abmeldung"))).StatusCode);
        // The dashboard sends the signed-out cookie to the sign-in form.
        var page = await Replay(cookie).GetAsync("/Verwaltung/Benutzer");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Anmelden", page.Headers.Location?.PathAndQuery ?? page.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_ends_at_its_absolute_lifetime_however_active_it_is()
    {
        var (_, cookie, _) = await SignedInAdminAsync("lange-dabei", "Passwort-fuer-lange-Sitzung");
        Assert.Equal(HttpStatusCode.OK, (await Replay(cookie).GetAsync("/api/account/me")).StatusCode);

        // Auth:SessionMaxHours after the sign-in: the session's end as stored, moved into the past.
        await using (var connection = await host.Factory.Services.GetRequiredService<Database>().OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE user_sessions SET expires_at = @Past WHERE user_name = 'lange-dabei'", new { Past = DateTime.UtcNow.AddSeconds(-1) });
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(cookie).GetAsync("/api/account/me")).StatusCode);
    }
}
