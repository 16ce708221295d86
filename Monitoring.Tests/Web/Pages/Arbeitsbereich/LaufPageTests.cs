using System.Net.Http.Json;
using Monitoring.Tests.Hosting;


namespace Monitoring.Tests.Web.Pages.Arbeitsbereich;

/// <summary>The page of one import run.</summary>
[Collection(HangfireCollection.Name)]
public sealed class LaufPageTests(PagesHost pages) : PageTests(pages)
{
    [Fact]
    public async Task The_run_page_names_the_unknown_areas_of_a_run_with_their_row_counts()
    {
        var source = await (await Host.As(Monitoring.Core.Accounts.Role.Analyst).PostAsJsonAsync("/api/sources", new { name = "Mit fremden Gebieten", kind = "GenesisFlatFile" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var csv = Monitoring.Tests.Ingestion.Genesis.GenesisSamples.GermanWide.Replace("05754044;Verl", "05799044;Nirgendwo", StringComparison.Ordinal);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "fremd.csv" } };
        var run = await (await Host.As(Monitoring.Core.Accounts.Role.Analyst).PostAsync($"/api/sources/{source.GetProperty("id").GetInt32()}/upload?wait=true", form))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();

        var analyst = Browser();
        await SignInAsync(analyst, "test-analyst", "test-analyst-Passwort-1");
        var page = await analyst.GetStringAsync($"/Arbeitsbereich/Laeufe/{run.GetProperty("runId").GetInt64()}");
        Assert.Contains("<h2>Unbekannte Gebiete</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<tr><td>05799044</td><td>Nirgendwo</td><td class=\"num\">1</td></tr>", page, StringComparison.Ordinal);
    }
}
