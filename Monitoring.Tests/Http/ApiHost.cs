using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Monitoring.Core.Accounts;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Http;

/// <summary>
/// The dashboard host over its own embedded store with the demo data, a first administrator from configuration, and
/// one account with an API token per role, shared by a test class.
/// </summary>
public sealed class ApiHost : IAsyncLifetime
{
    public const string AdminPassword = "erstes-Admin-Passwort-42";

    public MonitoringFactory<Monitoring.Web.Program> Factory { get; } = new(settings: new Dictionary<string, string?>
    {
        ["Auth:InitialAdmin:UserName"] = "admin",
        ["Auth:InitialAdmin:Password"] = AdminPassword,
        ["Imports:MaxUploadMegabytes"] = "1",
    });

    readonly Dictionary<Role, string> tokens = [];

    public async ValueTask InitializeAsync()
    {
        var admin = Factory.CreateClient();
        (await admin.PostAsJsonAsync("/api/account/login", new { userName = "admin", password = AdminPassword })).EnsureSuccessStatusCode();
        var csrf = await Antiforgery(admin);
        foreach (var role in Enum.GetValues<Role>())
        {
            var name = $"test-{role}".ToLowerInvariant();
            using var create = new HttpRequestMessage(HttpMethod.Post, "/api/users") { Content = JsonContent.Create(new { userName = name, displayName = $"Test {role}", role = role.ToString(), password = $"{name}-Passwort-1" }) };
            create.Headers.Add("X-CSRF-TOKEN", csrf);
            (await admin.SendAsync(create)).EnsureSuccessStatusCode();

            var user = Factory.CreateClient();
            (await user.PostAsJsonAsync("/api/account/login", new { userName = name, password = $"{name}-Passwort-1" })).EnsureSuccessStatusCode();
            using var token = new HttpRequestMessage(HttpMethod.Post, "/api/account/tokens") { Content = JsonContent.Create(new { name = "tests" }) };
            token.Headers.Add("X-CSRF-TOKEN", await Antiforgery(user));
            var created = await (await user.SendAsync(token)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            tokens[role] = created.GetProperty("secret").GetString()!;
        }
    }

    /// <summary>A client signed in with the role's API token (no cookie, so no antiforgery token needed).</summary>
    public HttpClient As(Role role)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens[role]);
        return client;
    }

    public static async Task<string> Antiforgery(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/account/antiforgery")).GetProperty("token").GetString()!;

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}
