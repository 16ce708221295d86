using System.Text.RegularExpressions;
using Monitoring.Tests.Hosting;


namespace Monitoring.Tests.Web.Pages.Vergleich;

/// <summary>The comparison page.</summary>
[Collection(HangfireCollection.Name)]
public sealed class VergleichPageTests(PagesHost pages) : PageTests(pages)
{
    [Fact]
    public async Task The_comparison_shows_sorted_bars_a_tile_map_and_the_ranking_with_kreis_and_nrw_for_reference()
    {
        var html = await Browser().GetStringAsync("/Vergleich/AUS_ANT?jahr=2023");

        Assert.Contains("src=\"/api/indicators/AUS_ANT/comparison.svg?parent=05754&amp;year=2023\"", html, StringComparison.Ordinal);
        Assert.Equal(13, Regex.Matches(html, "class=\"tile\" role=\"listitem\"").Count);
        Assert.Contains("Kreis Gütersloh (Referenz)", html, StringComparison.Ordinal);
        Assert.Contains("Nordrhein-Westfalen (Referenz)", html, StringComparison.Ordinal);
        var body = html[html.LastIndexOf("<tbody>", StringComparison.Ordinal)..html.LastIndexOf("</tbody>", StringComparison.Ordinal)];
        var ranked = Regex.Matches(body, @"<td class=""num"">(\d+,\d)</td></tr>").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.GetCultureInfo("de-DE"))).ToList();
        Assert.Equal(13, ranked.Count);
        Assert.Equal(ranked.OrderDescending(), ranked);

        var svg = await Browser().GetStringAsync("/api/indicators/AUS_ANT/comparison.svg?parent=05754&year=2023");
        Assert.Contains("Rheda-Wiedenbrück", System.Net.WebUtility.HtmlDecode(svg), StringComparison.Ordinal);
        Assert.Contains("Kreis Gütersloh: ", System.Net.WebUtility.HtmlDecode(svg), StringComparison.Ordinal);
    }
}
