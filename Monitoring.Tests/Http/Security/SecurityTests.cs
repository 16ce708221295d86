using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Http.Security;
using Monitoring.Core.Accounts;
using Monitoring.Core.Storage;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Http.Security;

[Collection(HangfireCollection.Name)]
public sealed class SecurityTests(ApiHost host) : IClassFixture<ApiHost>
{
    static readonly string[] Writes = ["POST", "PUT", "PATCH", "DELETE"];

    /// <summary>Every write endpoint the host maps, with the role it requires (sign-in itself is open).</summary>
    IReadOnlyList<(string Method, string Route, Role? Role, bool Form)> WriteEndpoints() =>
        host.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Where(Writes.Contains)
                .Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'), e.Metadata.GetMetadata<RequiredRole>()?.Role,
                    e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes.Any(c => c.StartsWith("multipart/", StringComparison.Ordinal)) == true)))
            .Where(e => e.Item2.StartsWith("/api/", StringComparison.Ordinal) && e.Item2 != "/api/account/login")
            .ToList();

    /// <summary>A body of the kind the endpoint accepts (routing answers 415 to any other before authorization).</summary>
    static HttpContent Body(bool form) => form ? new MultipartFormDataContent { { new ByteArrayContent([1]), "file", "x.csv" } } : JsonContent.Create(new { });

    static string Concrete(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route, @"\{(\w+)(:[^}]*)?\}", m => m.Groups[2].Value.Contains("int", StringComparison.Ordinal) ? "1" : "X");

    [Fact]
    public async Task Every_write_endpoint_answers_401_without_sign_in_and_403_to_each_role_below_the_required_one()
    {
        var endpoints = WriteEndpoints();
        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e => Assert.True(e.Role is not null, $"{e.Method} {e.Route} names no required role"));

        var anonymous = host.Factory.CreateClient();
        foreach (var (method, route, role, form) in endpoints)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), Concrete(route)) { Content = Body(form) };
            var status = (await anonymous.SendAsync(request)).StatusCode;
            Assert.True(HttpStatusCode.Unauthorized == status, $"{method} {route} without sign-in: {status}");
            foreach (var below in Enum.GetValues<Role>().Where(r => r < role))
            {
                using var again = new HttpRequestMessage(new HttpMethod(method), Concrete(route)) { Content = Body(form) };
                Assert.True(HttpStatusCode.Forbidden == (await host.As(below).SendAsync(again)).StatusCode, $"{method} {route} as {below}");
            }
        }
    }

    [Fact]
    public async Task A_cookie_write_needs_the_antiforgery_token_a_token_write_does_not()
    {
        var browser = host.Factory.CreateClient();
        (await browser.PostAsJsonAsync("/api/account/login", new { userName = "admin", password = ApiHost.AdminPassword })).EnsureSuccessStatusCode();

        var forged = await browser.PostAsJsonAsync("/api/users", new { userName = "forged", role = "Admin", password = "ein-langes-Passwort" });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("antiforgery", await forged.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/users") { Content = JsonContent.Create(new { userName = "mit-token", role = "Viewer", password = "ein-langes-Passwort" }) };
        request.Headers.Add(SecurityHosting.AntiforgeryHeader, await ApiHost.Antiforgery(browser));
        Assert.Equal(HttpStatusCode.Created, (await browser.SendAsync(request)).StatusCode);

        var script = await host.As(Role.Admin).PostAsJsonAsync("/api/users", new { userName = "per-skript", role = "Viewer", password = "ein-langes-Passwort" });
        Assert.Equal(HttpStatusCode.Created, script.StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_cookie_session()
    {
        var browser = host.Factory.CreateClient();
        (await browser.PostAsJsonAsync("/api/account/login", new { userName = "admin", password = ApiHost.AdminPassword })).EnsureSuccessStatusCode();
        var me = await browser.GetFromJsonAsync<JsonElement>("/api/account/me");
        Assert.Equal("Admin", me.GetProperty("role").GetString());

        using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/account/logout");
        logout.Headers.Add(SecurityHosting.AntiforgeryHeader, await ApiHost.Antiforgery(browser));
        Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(logout)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/account/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/users")).StatusCode);
    }

    [Fact]
    public async Task Wrong_passwords_and_weak_new_passwords_are_refused_with_problem_details()
    {
        var client = host.Factory.CreateClient();
        var wrong = await client.PostAsJsonAsync("/api/account/login", new { userName = "admin", password = "falsch" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);

        var weak = await host.As(Role.Admin).PostAsJsonAsync("/api/users", new { userName = "schwach", role = "Viewer", password = "kurz" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        var problem = await weak.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));
    }

    [Fact]
    public async Task A_revoked_token_no_longer_signs_in()
    {
        var admin = host.As(Role.Admin);
        var created = await (await admin.PostAsJsonAsync("/api/account/tokens", new { name = "kurzlebig" })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var client = host.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", created.GetProperty("secret").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/account/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/account/tokens/{created.GetProperty("token").GetProperty("id").GetInt32()}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/account/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/users")).StatusCode);
    }

    [Fact]
    public async Task The_audit_log_records_who_changed_a_user_with_before_and_after()
    {
        var admin = host.As(Role.Admin);
        var user = await (await admin.PostAsJsonAsync("/api/users", new { userName = "wird-befoerdert", role = "Viewer", password = "ein-langes-Passwort" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        (await admin.PutAsJsonAsync($"/api/users/{user.GetProperty("id").GetInt32()}", new { role = "Editor" })).EnsureSuccessStatusCode();

        var entries = await admin.GetFromJsonAsync<JsonElement>("/api/audit?entity=user&key=wird-befoerdert");
        var update = entries.EnumerateArray().First();
        Assert.Equal("user.update", update.GetProperty("action").GetString());
        Assert.Equal("test-admin", update.GetProperty("userName").GetString());
        Assert.Contains("\"role\":\"Viewer\"", update.GetProperty("beforeJson").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"role\":\"Editor\"", update.GetProperty("afterJson").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("password", update.GetProperty("afterJson").GetString()!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_first_administrator_comes_from_configuration_and_passwords_are_stored_hashed()
    {
        var users = await host.Factory.Services.GetRequiredService<Database>().ListUsersAsync();
        Assert.Contains(users, u => u.UserName == "admin" && u.Role == Role.Admin);

        await using var connection = await host.Factory.Services.GetRequiredService<Database>().OpenAsync();
        var stored = await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection, "SELECT password_hash FROM users WHERE user_name = 'admin'");
        Assert.DoesNotContain(ApiHost.AdminPassword, stored!, StringComparison.Ordinal);
        Assert.StartsWith("AQAAAA", stored, StringComparison.Ordinal); // ASP.NET Core Identity's v3 format (PBKDF2)
    }

    [Fact]
    public async Task The_interactive_documentation_and_the_openapi_document_are_served()
    {
        var client = host.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/docs")).StatusCode);
        var document = await client.GetFromJsonAsync<JsonElement>("/api/openapi/v1.json");
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/areas/{key}", out _));
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/users", out _));
    }
}

/// <summary>The API-only host without anonymous reading: everything but sign-in, health and the documentation needs an account.</summary>
public sealed class ClosedReadTests : IAsyncDisposable
{
    readonly MonitoringFactory<Monitoring.Api.Program> factory = new();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public async Task Reading_needs_sign_in_when_anonymous_reading_is_off()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/areas")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        // Without a configured administrator there is no account at all: no default password.
        Assert.Empty(await factory.Services.GetRequiredService<Database>().ListUsersAsync());
    }
}
