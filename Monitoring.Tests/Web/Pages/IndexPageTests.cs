using System.Text.RegularExpressions;
using Monitoring.Tests.Hosting;


namespace Monitoring.Tests.Web.Pages;

/// <summary>The start page: the goal overview.</summary>
[Collection(HangfireCollection.Name)]
public sealed class IndexPageTests(PagesHost pages) : PageTests(pages)
{
    [Fact]
    public async Task The_goal_overview_groups_targets_by_field_filters_them_and_draws_a_sparkline_per_target()
    {
        var all = await Browser().GetStringAsync("/");
        Assert.Contains("<h3>Soziale Sicherung</h3>", all, StringComparison.Ordinal);
        Assert.Contains("<h3>Ausbildung und Arbeit</h3>", all, StringComparison.Ordinal);

        var filtered = await Browser().GetStringAsync("/?feld=" + Uri.EscapeDataString("Soziale Sicherung") + "&gebiet=05754");
        Assert.Contains("<h3>Soziale Sicherung</h3>", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain("<h3>Ausbildung und Arbeit</h3>", filtered, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Soziale Sicherung\" selected=\"selected\">", filtered, StringComparison.Ordinal);

        var sparkline = Regex.Match(filtered, "<img class=\"sparkline\" src=\"([^\"]+)\"").Groups[1].Value;
        Assert.Contains("/api/indicators/SGB2_Q_AUS/sparkline.svg?area=05754&amp;target=15", sparkline, StringComparison.Ordinal);
        var svg = await Browser().GetStringAsync(System.Net.WebUtility.HtmlDecode(sparkline));
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("<path", svg, StringComparison.Ordinal);
        Assert.Contains("Keine Ziele für diese Auswahl.", await Browser().GetStringAsync("/?gebiet=05754044"), StringComparison.Ordinal);
    }
}
