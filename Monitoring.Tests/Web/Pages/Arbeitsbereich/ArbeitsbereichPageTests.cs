using System.Net;
using System.Text.RegularExpressions;
using Monitoring.Tests.Hosting;


namespace Monitoring.Tests.Web.Pages.Arbeitsbereich;

/// <summary>The workspace: sources and their schedules.</summary>
[Collection(HangfireCollection.Name)]
public sealed class ArbeitsbereichPageTests(PagesHost pages) : PageTests(pages)
{
    [Fact]
    public async Task An_analyst_changes_a_sources_schedule_in_the_workspace_and_sees_the_next_run()
    {
        var analyst = Browser();
        await SignInAsync(analyst, "test-analyst", "test-analyst-Passwort-1");
        var page = await analyst.GetStringAsync("/Arbeitsbereich");
        var id = Regex.Match(page, @"<input type=""hidden"" name=""id"" value=""(\d+)"" />").Groups[1].Value;

        var wrong = await (await PostFormAsync(analyst, "/Arbeitsbereich", "Schedule", new() { ["id"] = id, ["schedule"] = "montags", ["enabled"] = "true" })).Content.ReadAsStringAsync();
        Assert.Contains("ist kein gültiger Zeitplan", wrong, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(analyst, "/Arbeitsbereich", "Schedule", new() { ["id"] = id, ["schedule"] = "0 6 * * 1", ["enabled"] = "true" })).StatusCode);
        var after = await analyst.GetStringAsync("/Arbeitsbereich");
        Assert.Contains($"id=\"schedule-{id}\" name=\"schedule\" value=\"0 6 * * 1\"", after, StringComparison.Ordinal);
        Assert.Matches(@"<td>\d{2}\.\d{2}\.\d{4} 06:00</td>", after); // the next Monday, 6:00 German time
    }
}
