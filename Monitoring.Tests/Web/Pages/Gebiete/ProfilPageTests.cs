using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Monitoring.Tests.Hosting;


namespace Monitoring.Tests.Web.Pages.Gebiete;

/// <summary>An area's profile page.</summary>
[Collection(HangfireCollection.Name)]
public sealed class ProfilPageTests(PagesHost pages) : PageTests(pages)
{
    [Fact]
    public async Task A_municipality_profile_lists_its_indicators_with_change_rank_and_peer_group()
    {
        var html = await Browser().GetStringAsync("/Gebiete/05754008");

        Assert.Contains("<h1>Gütersloh</h1>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/Indikatoren/AUS_ANT?gebiete=05754008\"", html, StringComparison.Ordinal);
        // The Gemeinden's indicators (the only ones published down to them: the foreigners' share and its change) have
        // no desired direction, so no rank; the legend says why.
        Assert.Contains("Indikatoren ohne Wertungsrichtung haben keinen Rang", html, StringComparison.Ordinal);
        Assert.Matches(@"seit 2012</td>", html);                              // change since the first year
        // Every change in German notation with sign, a change that rounds to nothing as 0,0.
        Assert.All(Regex.Matches(html, @"<td class=""num"">([^<]*) seit \d{4}</td>").Select(m => m.Groups[1].Value), change => Assert.Matches(@"^((&#x2B;|−)\d+|0),\d$", change));
        Assert.Contains("<h2 id=\"vergleichsgruppe\">Vergleichsgruppe", html, StringComparison.Ordinal);
        // The peer group's median for the latest year equals the API's group median for that year.
        var row = Regex.Match(html, @"AUS_ANT\?gebiete=05754008"">[^<]+</a>.*?\((\d{4})\)</td>\s*<td class=""num"">[^<]*</td>\s*<td class=""num"">[^<]*</td>\s*<td class=""num"">([^<]+)</td>",
            RegexOptions.Singleline);
        Assert.True(row.Success);
        var grouping = await Browser().GetFromJsonAsync<System.Text.Json.JsonElement>("/api/peer-groups");
        var group = grouping.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("areaKey").GetString() == "05754008").GetProperty("group").GetInt32();
        var medians = await Browser().GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/peer-groups/medians?indicator=AUS_ANT&year={row.Groups[1].Value}");
        Assert.Equal(medians.GetProperty(group.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetDouble(),
            double.Parse(row.Groups[2].Value, System.Globalization.CultureInfo.GetCultureInfo("de-DE")), 1);
        Assert.Equal(HttpStatusCode.NotFound, (await Browser().GetAsync("/Gebiete/99999")).StatusCode);
    }

    [Fact]
    public async Task A_former_area_says_when_it_ended_and_its_successor_names_its_predecessors()
    {
        // Landkreis Göttingen (03152) and Osterode am Harz (03156) went into the new Landkreis Göttingen (03159) on 01.11.2016.
        var former = await Browser().GetStringAsync("/Gebiete/03152");
        Assert.Contains("besteht seit dem 01.11.2016 nicht mehr", former, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/Gebiete/03159\">Landkreis Göttingen</a>", former, StringComparison.Ordinal);

        var successor = await Browser().GetStringAsync("/Gebiete/03159");
        Assert.Contains("<h2 id=\"gebietsaenderungen\">Gebietsänderungen</h2>", successor, StringComparison.Ordinal);
        Assert.Contains("<code>03152</code>, bis 31.10.2016", successor, StringComparison.Ordinal);
        Assert.Contains("<code>03156</code>, bis 31.10.2016", successor, StringComparison.Ordinal);
        Assert.Contains("hier nicht umgerechnet", successor, StringComparison.Ordinal);

        // Its time series on the indicator page says where the years before the change are.
        var series = await Browser().GetStringAsync("/Indikatoren/AUS_ANT?gebiete=03159");
        Assert.Contains("Gebietsänderung: Landkreis Göttingen (<code>03159</code>) besteht in seinem heutigen Gebietsstand seit dem 01.11.2016", series, StringComparison.Ordinal);
        Assert.Contains("(03156)", series, StringComparison.Ordinal);
    }
}
