using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Monitoring.Core.Accounts;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Http.Sources;

/// <summary>Issue 18: a source is deleted through the API as on its page (asking first when it holds values); a queued import is cancelled by its job.</summary>
[Collection(HangfireCollection.Name)]
public sealed class SourceLifecycleTests(ApiHost host) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task A_source_with_values_is_deleted_only_when_confirmed_and_only_by_an_analyst()
    {
        var analyst = host.As(Role.Analyst);
        var name = "Eigene " + Guid.NewGuid().ToString("N")[..8];
        var created = await analyst.PostAsJsonAsync("/api/sources", new
        {
            name, kind = "Tabular",
            settings = new { mapping = new { areaColumn = "Gebiet", periodColumn = "Jahr", values = new[] { new { column = "Wert", variable = "EIG_API_LOESCHEN", label = "Wert", unit = "Anzahl" } } } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        using var upload = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("Gebiet;Jahr;Wert\n05754008;2023;5\n")), "file", "eigene.csv" } };
        Assert.Equal(HttpStatusCode.OK, (await analyst.PostAsync($"/api/sources/{id}/upload?wait=true", upload)).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await host.As(Role.Editor).DeleteAsync($"/api/sources/{id}?confirmed=true")).StatusCode);
        var asked = await analyst.DeleteAsync($"/api/sources/{id}");
        Assert.Equal(HttpStatusCode.BadRequest, asked.StatusCode);
        Assert.Contains("Bitte das Löschen bestätigen", (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("confirm")[0].GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await analyst.DeleteAsync($"/api/sources/{id}?confirmed=true")).StatusCode);
        Assert.DoesNotContain(name, await analyst.GetStringAsync("/api/sources"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.DeleteAsync($"/api/sources/{id}?confirmed=true")).StatusCode);
    }

    [Fact]
    public async Task Cancelling_names_a_job_and_is_for_analysts()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As(Role.Viewer).PostAsync("/api/jobs/1/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.As(Role.Analyst).PostAsync("/api/jobs/..%2F..%2Fetc/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.As(Role.Analyst).PostAsync("/api/jobs/999999/cancel", null)).StatusCode);
    }
}
