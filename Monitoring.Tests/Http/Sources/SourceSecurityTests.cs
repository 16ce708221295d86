using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Http.Indicators;
using Monitoring.Core.Accounts;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Http.Sources;

/// <summary>
/// Issue 15, findings 4, 5 and 15: what an Analyst configures cannot reach outside the installation's folders and
/// configured hosts; run reports and settings are the Analysts'; unreadable requests name the field; junk in a chart's
/// address draws nothing new; a token's name is limited as on the page.
/// </summary>
[Collection(HangfireCollection.Name)]
public sealed class SourceSecurityTests(ApiHost host) : IClassFixture<ApiHost>
{
    static object Genesis(object api) => new { name = "GENESIS " + Guid.NewGuid().ToString("N")[..8], kind = "GenesisFlatFile", settings = new { api } };

    static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }

    [Fact]
    public async Task An_analyst_cannot_point_a_genesis_source_at_an_address_of_their_own()
    {
        var analyst = host.As(Role.Analyst);
        var withAddress = await analyst.PostAsJsonAsync("/api/sources", Genesis(new { baseUrl = "http://127.0.0.1:9/sammelt-passwoerter/", table = "12411-02-03-5", credentials = "Regionalstatistik" }));
        var errors = await ErrorsAsync(withAddress);
        Assert.Contains("Genesis:Credentials:NAME:BaseUrl", errors.GetProperty("settings.api.baseUrl")[0].GetString(), StringComparison.Ordinal);

        var unknownSet = await analyst.PostAsJsonAsync("/api/sources", Genesis(new { table = "12411-02-03-5", credentials = "Eigener-Server" }));
        Assert.Contains("Genesis:Credentials:Eigener-Server:BaseUrl", (await ErrorsAsync(unknownSet)).GetProperty("settings.api.credentials")[0].GetString(), StringComparison.Ordinal);

        // A known office needs no address: the source names the connection and the table only.
        var known = await analyst.PostAsJsonAsync("/api/sources", Genesis(new { table = "12411-02-03-5", credentials = "Regionalstatistik", regionalKey = "05754*" }));
        Assert.Equal(HttpStatusCode.Created, known.StatusCode);
        Assert.DoesNotContain("baseUrl", await known.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/etc")]
    [InlineData("../../../../etc")]
    [InlineData("eingang/../../..")]
    [InlineData("C:\\Windows")]
    [InlineData("\\\\server\\freigabe")]
    public async Task A_drop_folder_outside_the_configured_root_is_refused(string folder)
    {
        var response = await host.As(Role.Analyst).PostAsJsonAsync("/api/sources", new { name = "Ablage " + Guid.NewGuid().ToString("N")[..8], kind = "GenesisFlatFile", settings = new { dropFolder = folder } });
        Assert.Contains("Imports:DropFolderRoot", (await ErrorsAsync(response)).GetProperty("settings.dropFolder")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_drop_folder_through_a_link_is_refused_a_plain_sub_folder_is_taken()
    {
        var root = host.Factory.Services.GetRequiredService<Monitoring.Ingestion.Imports.DropFolders>().Root;
        Directory.CreateDirectory(root);
        var link = Path.Combine(root, "verknuepft-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateSymbolicLink(link, Path.GetTempPath());
        var analyst = host.As(Role.Analyst);
        var linked = await analyst.PostAsJsonAsync("/api/sources", new { name = "Verknüpft " + Guid.NewGuid().ToString("N")[..8], kind = "GenesisFlatFile", settings = new { dropFolder = Path.GetFileName(link) + "/unten" } });
        Assert.Contains("Verknüpfung", (await ErrorsAsync(linked)).GetProperty("settings.dropFolder")[0].GetString(), StringComparison.Ordinal);

        var plain = await analyst.PostAsJsonAsync("/api/sources", new { name = "Schulamt " + Guid.NewGuid().ToString("N")[..8], kind = "GenesisFlatFile", settings = new { dropFolder = "schulamt/eingang" } });
        Assert.Equal(HttpStatusCode.Created, plain.StatusCode);
    }

    [Theory]
    [InlineData("/api/runs")]
    [InlineData("/api/runs/1")]
    [InlineData("/api/sources")]
    public async Task Run_reports_and_source_settings_are_for_analysts(string path)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Factory.CreateClient().GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As(Role.Viewer).GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As(Role.Editor).GetAsync(path)).StatusCode);
        Assert.True((await host.As(Role.Analyst).GetAsync(path)).StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_request_the_api_cannot_read_is_answered_naming_the_field()
    {
        var analyst = host.As(Role.Analyst);
        var wrongType = await analyst.PostAsync("/api/sources", new StringContent("""{"name": "Typfehler", "kind": "GenesisFlatFile", "rejectThreshold": "viel"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True((await ErrorsAsync(wrongType)).TryGetProperty("rejectThreshold", out _));

        var missing = await analyst.PostAsync("/api/sources", new StringContent("""{"name": "Ohne Tabelle", "kind": "GenesisFlatFile", "settings": {"api": {"credentials": "Regionalstatistik"}}}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True((await ErrorsAsync(missing)).TryGetProperty("settings.api.table", out _));

        var broken = await analyst.PostAsync("/api/sources", new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);

        var notANumber = await analyst.GetAsync("/api/runs?skip=abc");
        Assert.True((await ErrorsAsync(notANumber)).TryGetProperty("skip", out _));
    }

    [Fact]
    public async Task Junk_in_a_charts_address_draws_nothing_new()
    {
        var client = host.Factory.CreateClient();
        var cache = host.Factory.Services.GetRequiredService<ChartCache>();
        (await client.GetAsync("/api/indicators/AUS_ANT/chart.svg?areas=05754,05754008")).EnsureSuccessStatusCode();
        var drawn = cache.Drawn;
        for (var i = 0; i < 20; i++)
        {
            (await client.GetAsync($"/api/indicators/aus_ant/chart.svg?areas=05754,05754008,05754008,X{i}&junk={i}&_={Guid.NewGuid()}")).EnsureSuccessStatusCode();
        }
        Assert.Equal(drawn, cache.Drawn);
        (await client.GetAsync("/api/indicators/AUS_ANT/chart.svg?areas=05754")).EnsureSuccessStatusCode();
        Assert.Equal(drawn + 1, cache.Drawn);
    }

    [Fact]
    public async Task A_token_name_is_limited_in_the_api_as_on_the_page()
    {
        var tooLong = await host.As(Role.Viewer).PostAsJsonAsync("/api/account/tokens", new { name = new string('n', UserAccounts.MaxTokenNameLength + 1) });
        Assert.True((await ErrorsAsync(tooLong)).TryGetProperty("name", out _));
        Assert.Equal(HttpStatusCode.Created, (await host.As(Role.Viewer).PostAsJsonAsync("/api/account/tokens", new { name = new string('n', UserAccounts.MaxTokenNameLength) })).StatusCode);
    }
}
