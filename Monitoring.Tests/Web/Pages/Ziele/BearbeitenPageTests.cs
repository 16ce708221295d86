using System.Net;
using System.Text.RegularExpressions;
using Monitoring.Tests.Hosting;


namespace Monitoring.Tests.Web.Pages.Ziele;

/// <summary>The goal editor.</summary>
[Collection(HangfireCollection.Name)]
public sealed class BearbeitenPageTests(PagesHost pages) : PageTests(pages)
{
    [Fact]
    public async Task An_editor_adds_a_goal_with_a_target_in_the_editor_and_finds_it_assessed_on_the_overview()
    {
        var editor = Browser();
        await SignInAsync(editor, "test-editor", "test-editor-Passwort-1");
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(editor, "/Ziele/Bearbeiten", "Goal", new() { ["title"] = "Wohnen ohne Ausgrenzung", ["field"] = "Wohnen" })).StatusCode);
        var html = await editor.GetStringAsync("/Ziele/Bearbeiten");
        var guidingId = Regex.Match(html, @"<input type=""hidden"" name=""parentId"" value=""(\d+)"" />\s*<input type=""hidden"" name=""field"" value=""Wohnen"" />").Groups[1].Value;
        Assert.NotEmpty(guidingId);
        await PostFormAsync(editor, "/Ziele/Bearbeiten", "Goal", new() { ["parentId"] = guidingId, ["title"] = "Ausländeranteil in allen Gemeinden beobachten", ["field"] = "Wohnen" });
        html = await editor.GetStringAsync("/Ziele/Bearbeiten");
        var goalId = Regex.Match(html, @"<input type=""hidden"" name=""goalId"" value=""(\d+)"" />", RegexOptions.RightToLeft).Groups[1].Value;

        var invalid = await PostFormAsync(editor, "/Ziele/Bearbeiten", "Target", new()
        {
            ["goalId"] = goalId, ["indicator"] = "AUS_ANT", ["areaKey"] = "05754", ["baselineYear"] = "2015", ["targetYear"] = "2030", ["targetValue"] = "zwölf", ["direction"] = "Up",
        });
        Assert.Contains("Der Zielwert ist eine Zahl im deutschen Format", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var saved = await PostFormAsync(editor, "/Ziele/Bearbeiten", "Target", new()
        {
            ["goalId"] = goalId, ["indicator"] = "AUS_ANT", ["areaKey"] = "05754", ["baselineYear"] = "2015", ["targetYear"] = "2030", ["targetValue"] = "12,5", ["direction"] = "Up", ["department"] = "Integrationsbüro",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var overview = await Browser().GetStringAsync("/?feld=Wohnen");
        Assert.Contains("Ausländeranteil in allen Gemeinden beobachten", overview, StringComparison.Ordinal);
        Assert.Contains("12,5 bis 2030", overview, StringComparison.Ordinal);
        Assert.Contains("Integrationsbüro", overview, StringComparison.Ordinal);

        var viewer = Browser();
        await SignInAsync(viewer, "test-viewer", "test-viewer-Passwort-1");
        Assert.StartsWith("/Zugriff-verweigert", (await viewer.GetAsync("/Ziele/Bearbeiten")).Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
