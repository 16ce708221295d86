using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Web;

/// <summary>Issue 16, part 2: the home area is a setting, and the pages' defaults follow it (here Kreis Unna, 05978).</summary>
[Collection(HangfireCollection.Name)]
public sealed class HomeAreaTests
{
    [Fact]
    public async Task An_installation_for_kreis_unna_shows_its_own_gemeinden_by_default()
    {
        await using var factory = new MonitoringFactory<Monitoring.Web.Program>(settings: new Dictionary<string, string?>
        {
            ["Monitoring:HomeArea"] = "05978",
            ["Demo:ImportOnFirstStart"] = "false",
        });
        var client = factory.CreateClient();

        var start = await client.GetStringAsync("/");
        Assert.Contains("Kreis Unna mit 10 Städten und Gemeinden", start, StringComparison.Ordinal);
        Assert.Contains("<span class=\"area-name\">Schwerte</span>", start, StringComparison.Ordinal);
        Assert.Contains("<span class=\"area-name\">Regierungsbezirk Arnsberg</span>", start, StringComparison.Ordinal);
        Assert.DoesNotContain("<span class=\"area-name\">Kreis Gütersloh</span>", start, StringComparison.Ordinal);

        var indicator = await client.GetStringAsync("/Indikatoren/AUS_ANT");
        Assert.Contains("value=\"05978036\"", indicator, StringComparison.Ordinal); // Unna
        Assert.DoesNotContain("value=\"05754008\"", indicator, StringComparison.Ordinal);

        var comparison = await client.GetStringAsync("/Vergleich/AUS_ANT");
        Assert.Contains("Kreis Unna", comparison, StringComparison.Ordinal);
    }
}
