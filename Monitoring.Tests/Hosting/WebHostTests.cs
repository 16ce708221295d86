using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Tests.Hosting;

[Collection(HangfireCollection.Name)]
public sealed class WebHostTests : IAsyncDisposable
{
    readonly MonitoringFactory<Monitoring.Web.Program> factory = new();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public async Task The_start_page_is_german_and_shows_the_area_tree()
    {
        var client = factory.CreateClient();

        var response = await client.GetAsync("/");

        response.EnsureSuccessStatusCode();
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"de\">", html, StringComparison.Ordinal);
        Assert.Contains("Kreis Gütersloh mit 13 Städten und Gemeinden; im amtlichen Gebietsverzeichnis 12.808 Gebiete, davon 10.953 Städte und Gemeinden.", html, StringComparison.Ordinal);
        // The other Kreise are searched, not listed.
        Assert.DoesNotContain("Kreis Unna", html, StringComparison.Ordinal);
        // Nested in order: Deutschland > Nordrhein-Westfalen > Regierungsbezirk Detmold > Kreis Gütersloh > municipalities.
        var positions = new[] { "Deutschland", "Nordrhein-Westfalen", "Regierungsbezirk Detmold", "Kreis Gütersloh", "Borgholzhausen", "Werther (Westf.)" }
            .Select(name => html.IndexOf($"<span class=\"area-name\">{name}</span>", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("<code>05754028</code>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_start_imports_the_demo_data_through_the_pipeline_and_labels_it()
    {
        var client = factory.CreateClient();

        var html = await client.GetStringAsync("/");

        Assert.Contains("<strong>Beispieldaten:</strong> Die Zahlen dieser Installation sind synthetisch erzeugt", html, StringComparison.Ordinal);
        Assert.Contains("Beispieldaten – Bevölkerungsstand (12411)", html, StringComparison.Ordinal);
        Assert.Matches(@"<td class=""num"">\d{1,3}(\.\d{3})+</td>", html); // German thousands separator
        var db = factory.Services.GetRequiredService<Database>();
        var runs = await db.ListRunsAsync(0, 100);
        Assert.Equal(10, runs.Count); // one run per file in demo/
        Assert.All(runs, r => Assert.Equal("Succeeded", r.Status));
        Assert.All(await db.ListSourcesAsync(), s => Assert.True(s.IsDemo));
        await using var connection = await db.OpenAsync();
        var kreisShare = await connection.ExecuteScalarAsync<double?>(
            "SELECT v.value FROM indicator_values v JOIN areas a ON a.id = v.area_id WHERE v.indicator_code = 'AUS_ANT' AND a.area_key = '05754' AND v.period = '2024'");
        Assert.InRange(kreisShare!.Value, 8, 25);

        var targets = await Monitoring.Core.Goals.GoalQueries.TargetStatusesAsync(db);
        Assert.Equal(6, targets.Count);
        Assert.All(targets, t => Assert.Equal("05754", t.Target.AreaKey));
        Assert.True(targets.Count(t => t.Assessment.Status != Monitoring.Core.Goals.ProgressStatus.InsufficientData) >= 4, "most demo targets have a status");
        Assert.Contains("Stand der Zielerreichung (Beispielziele): ", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"status status-", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_dashboard_page_says_it_shows_demo_data_and_an_installation_without_it_does_not()
    {
        const string mark = "<strong>Beispieldaten:</strong>";
        var client = factory.CreateClient();
        foreach (var page in new[] { "/", "/Indikatoren", "/Indikatoren/AUS_ANT", "/Gebiete/05754", "/Vergleich/AUS_ANT", "/Berichte", "/Anmelden" })
        {
            var html = await client.GetStringAsync(page);
            Assert.True(html.Contains(mark, StringComparison.Ordinal), $"{page} does not say Beispieldaten");
        }

        await using var empty = new MonitoringFactory<Monitoring.Web.Program>(settings: new Dictionary<string, string?> { ["Demo:ImportOnFirstStart"] = "false" });
        var emptyClient = empty.CreateClient();
        foreach (var page in new[] { "/", "/Indikatoren" })
        {
            Assert.DoesNotContain(mark, await emptyClient.GetStringAsync(page), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_second_start_does_not_import_the_demo_data_again()
    {
        factory.CreateClient();
        await using var second = new MonitoringFactory<Monitoring.Web.Program>(factory.DatabasePath);

        second.CreateClient();

        Assert.Equal(10, (await second.Services.GetRequiredService<Database>().ListRunsAsync(0, 100)).Count);
    }

    [Fact]
    public async Task Health_reports_provider_reachability_and_schema_version()
    {
        var client = factory.CreateClient();

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var database = json.RootElement.GetProperty("database");
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("Sqlite", database.GetProperty("provider").GetString());
        Assert.True(database.GetProperty("reachable").GetBoolean());
        Assert.Equal(Schema.ExpectedVersion(DatabaseProvider.Sqlite), database.GetProperty("schemaVersion").GetInt32());
    }

    [Fact]
    public async Task Health_answers_503_when_the_schema_is_not_the_expected_one()
    {
        var client = factory.CreateClient();
        var db = factory.Services.GetRequiredService<Database>();
        await using (var connection = await db.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM schema_versions");
        }

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(0, json.RootElement.GetProperty("database").GetProperty("schemaVersion").GetInt32());
    }

    [Fact]
    public async Task The_area_api_answers_tree_single_areas_and_search_with_paging()
    {
        var client = factory.CreateClient();

        using var tree = JsonDocument.Parse(await client.GetStringAsync("/api/areas/tree"));
        static JsonElement Child(JsonElement node, string key) => node.GetProperty("children").EnumerateArray().Single(c => c.GetProperty("key").GetString() == key);
        var germany = tree.RootElement.EnumerateArray().Single();
        Assert.Equal(16, germany.GetProperty("children").GetArrayLength());
        var kreis = Child(Child(Child(germany, "05"), "057"), "05754");
        Assert.Equal(13, kreis.GetProperty("children").GetArrayLength());

        using var verl = JsonDocument.Parse(await client.GetStringAsync("/api/areas/05754044"));
        Assert.Equal("Verl", verl.RootElement.GetProperty("name").GetString());
        Assert.Equal("Gemeinde", verl.RootElement.GetProperty("level").GetString());
        Assert.Equal("05754", verl.RootElement.GetProperty("parentKey").GetString());

        using var page = JsonDocument.Parse(await client.GetStringAsync("/api/areas?q=05754&skip=1&take=2"));
        Assert.Equal(["05754004", "05754008"], page.RootElement.EnumerateArray().Select(a => a.GetProperty("key").GetString()));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/areas/99999")).StatusCode);
    }

    [Fact]
    public async Task Invalid_paging_is_a_problem_naming_the_field()
    {
        var client = factory.CreateClient();

        var response = await client.GetAsync("/api/areas?take=0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty("take", out _));
    }
}

[Collection(HangfireCollection.Name)]
public sealed class ApiHostTests : IAsyncDisposable
{
    readonly MonitoringFactory<Monitoring.Api.Program> factory = new(settings: new Dictionary<string, string?> { ["Auth:AllowAnonymousRead"] = "true" });

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public async Task The_api_runs_as_its_own_host_with_its_own_migrations_and_no_dashboard()
    {
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        using var areas = JsonDocument.Parse(await client.GetStringAsync("/api/areas?q=05754&take=500"));
        Assert.Equal(14, areas.RootElement.GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/")).StatusCode);
    }
}
