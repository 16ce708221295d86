using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Monitoring.Core.Accounts;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Http;

[Collection(HangfireCollection.Name)]
public sealed class ManageApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task The_demo_goals_come_with_status_and_projection_and_an_editor_adds_a_goal_with_a_target()
    {
        var goals = await host.As(Role.Viewer).GetFromJsonAsync<JsonElement>("/api/goals");
        var targets = goals.EnumerateArray().SelectMany(g => g.GetProperty("goals").EnumerateArray()).SelectMany(g => g.GetProperty("targets").EnumerateArray()).ToList();
        Assert.True(targets.Count >= 6);
        Assert.Contains(targets, t => t.GetProperty("assessment").GetProperty("status").GetString() != "InsufficientData"
            && t.GetProperty("assessment").GetProperty("projection").ValueKind == JsonValueKind.Object);

        var editor = host.As(Role.Editor);
        var guiding = await (await editor.PostAsJsonAsync("/api/goals", new { title = "Sprache von Anfang an", field = "Sprache und Bildung" })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var goal = await (await editor.PostAsJsonAsync("/api/goals", new { parentId = guiding.GetProperty("id").GetInt32(), title = "Kita-Besuch ausländischer Kinder erhöhen", field = "Sprache und Bildung" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var goalId = goal.GetProperty("id").GetInt32();

        var unknown = await editor.PostAsJsonAsync($"/api/goals/{goalId}/targets", new { indicator = "GIBTS_NICHT", areaKey = "05754", baselineYear = 2015, targetYear = 2030, direction = "Up" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("indicator", out _));

        var target = await (await editor.PostAsJsonAsync($"/api/goals/{goalId}/targets",
            new { indicator = "KITA_3_6_AUSL", areaKey = "05754", baselineYear = 2015, targetYear = 2030, targetValue = 95.0, direction = "Up", department = "Jugendamt" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var targetId = target.GetProperty("id").GetInt32();
        (await editor.PutAsJsonAsync($"/api/targets/{targetId}", new { baselineYear = 2016, targetYear = 2030, targetValue = 92.0, direction = "Up", department = "Jugendamt", notes = "Beschluss JHA 2025" })).EnsureSuccessStatusCode();

        var after = await host.As(Role.Viewer).GetFromJsonAsync<JsonElement>("/api/goals?field=Sprache und Bildung");
        var mine = after.EnumerateArray().Single(g => g.GetProperty("id").GetInt32() == guiding.GetProperty("id").GetInt32())
            .GetProperty("goals")[0].GetProperty("targets")[0];
        Assert.Equal(92.0, mine.GetProperty("targetValue").GetDouble());
        Assert.Equal("Beschluss JHA 2025", mine.GetProperty("notes").GetString());
        Assert.NotEqual("", mine.GetProperty("assessment").GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await editor.DeleteAsync($"/api/goals/{guiding.GetProperty("id").GetInt32()}")).StatusCode); // still has a Handlungsziel
        Assert.Equal(HttpStatusCode.NoContent, (await editor.DeleteAsync($"/api/targets/{targetId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await editor.DeleteAsync($"/api/goals/{goalId}")).StatusCode);
    }

    static MultipartFormDataContent Upload(string name, string csv)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", name);
        return form;
    }

    [Fact]
    public async Task An_analyst_creates_a_tabular_source_uploads_a_file_and_reads_the_run_report_and_the_observations()
    {
        var analyst = host.As(Role.Analyst);
        var mapping = new { areaColumn = "AGS", periodColumn = "Jahr", values = new[] { new { column = "Personen", variable = "ABH_TEST", label = "Ausländerbehörde: Personen", unit = "Anzahl" } } };
        var badSchedule = await analyst.PostAsJsonAsync("/api/sources", new { name = "Ausländerbehörde", kind = "Tabular", settings = new { mapping }, schedule = "jeden Montag" });
        Assert.True((await badSchedule.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("schedule", out _));

        var source = await (await analyst.PostAsJsonAsync("/api/sources", new { name = "Ausländerbehörde", kind = "Tabular", settings = new { mapping }, schedule = "0 6 * * 1" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var id = source.GetProperty("id").GetInt32();

        // A broken number: the run fails, names line and column, and keeps nothing.
        var broken = await (await analyst.PostAsync($"/api/sources/{id}/upload?wait=true", Upload("abh.csv", "AGS;Jahr;Personen\n05754008;2024;1.234\n05754044;2024;zwölf\n")))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Failed", broken.GetProperty("status").GetString());
        var rejected = broken.GetProperty("rejectedRows")[0];
        Assert.Equal(3, rejected.GetProperty("line").GetInt32());
        Assert.Equal(3, rejected.GetProperty("column").GetInt32());

        var report = await (await analyst.PostAsync($"/api/sources/{id}/upload?wait=true", Upload("abh.csv", "AGS;Jahr;Personen\n05754008;2024;1.234\n05754044;2024;567\n")))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Succeeded", report.GetProperty("status").GetString());
        var run = await analyst.GetFromJsonAsync<JsonElement>($"/api/runs/{report.GetProperty("runId").GetInt64()}");
        Assert.Equal("abh.csv", run.GetProperty("run").GetProperty("fileName").GetString());
        Assert.Equal(2, run.GetProperty("report").GetProperty("inserted").GetInt32());

        var observations = await host.As(Role.Viewer).GetFromJsonAsync<JsonElement>("/api/variables/ABH_TEST/observations?areas=05754008");
        Assert.Equal(1234, observations[0].GetProperty("value").GetDouble());
        var sources = await host.As(Role.Analyst).GetFromJsonAsync<JsonElement>("/api/sources");
        var listed = sources.EnumerateArray().Single(s => s.GetProperty("id").GetInt32() == id);
        Assert.Equal("Succeeded", listed.GetProperty("lastStatus").GetString());
        Assert.Equal(2, listed.GetProperty("observations").GetInt64());

        (await analyst.PutAsJsonAsync($"/api/sources/{id}", new { enabled = false, schedule = "" })).EnsureSuccessStatusCode();
        var changed = (await host.As(Role.Analyst).GetFromJsonAsync<JsonElement>("/api/sources")).EnumerateArray().Single(s => s.GetProperty("id").GetInt32() == id);
        Assert.False(changed.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, changed.GetProperty("schedule").ValueKind);

        Assert.Equal(HttpStatusCode.Accepted, (await analyst.PostAsync($"/api/sources/{id}/upload", Upload("abh2.csv", "AGS;Jahr;Personen\n05754008;2023;1.100\n"))).StatusCode);
    }

    [Fact]
    public async Task Lists_are_paged_and_bad_paging_is_a_problem_naming_the_field()
    {
        var viewer = host.As(Role.Viewer);
        var analyst = host.As(Role.Analyst);
        Assert.Equal(2, (await analyst.GetFromJsonAsync<JsonElement>("/api/runs?take=2")).GetArrayLength());
        var bad = await analyst.GetAsync("/api/runs?take=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("take", out _));
        Assert.Equal(3, (await viewer.GetFromJsonAsync<JsonElement>("/api/areas?q=05754&skip=0&take=3")).GetArrayLength());
    }

    [Fact]
    public async Task Peer_groups_of_the_demo_municipalities_and_their_medians_are_served()
    {
        var grouping = await host.As(Role.Viewer).GetFromJsonAsync<JsonElement>("/api/peer-groups");
        Assert.Equal(13, grouping.GetProperty("members").GetArrayLength());
        Assert.Contains("AUS_ANT", grouping.GetProperty("features").EnumerateArray().Select(f => f.GetString()));

        var medians = await host.As(Role.Viewer).GetFromJsonAsync<JsonElement>($"/api/peer-groups/medians?indicator=AUS_ANT&year={grouping.GetProperty("year").GetInt32()}");
        Assert.Equal(grouping.GetProperty("groups").GetInt32(), medians.EnumerateObject().Count());
    }

    [Fact]
    public async Task An_analyst_adds_a_sozialraum_under_a_municipality()
    {
        var analyst = host.As(Role.Analyst);
        var created = await analyst.PostAsJsonAsync("/api/areas", new { key = "05754008-SR01", name = "Gütersloh-Blankenhagen", level = "Sozialraum", parentKey = "05754008" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("05754008", (await host.As(Role.Viewer).GetFromJsonAsync<JsonElement>("/api/areas/05754008-SR01")).GetProperty("parentKey").GetString());

        var again = await analyst.PostAsJsonAsync("/api/areas", new { key = "05754008-SR01", name = "Doppelt", level = "Kreis", parentKey = "05" });
        var errors = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("key", out _));
        Assert.True(errors.TryGetProperty("level", out _));
        Assert.True(errors.TryGetProperty("parentKey", out _));
    }

    [Fact]
    public async Task An_upload_above_the_configured_limit_is_refused_before_it_is_imported()
    {
        var analyst = host.As(Role.Analyst);
        var sources = await analyst.GetFromJsonAsync<JsonElement>("/api/sources");
        var id = sources[0].GetProperty("id").GetInt32();
        var runsBefore = (await analyst.GetFromJsonAsync<JsonElement>("/api/runs?take=500")).GetArrayLength();

        var response = await analyst.PostAsync($"/api/sources/{id}/upload?wait=true", Upload("gross.csv", new string('x', 1_500_000)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(runsBefore, (await analyst.GetFromJsonAsync<JsonElement>("/api/runs?take=500")).GetArrayLength());
    }
}
