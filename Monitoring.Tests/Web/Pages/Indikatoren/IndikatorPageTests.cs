using System.Net;
using Monitoring.Tests.Hosting;


namespace Monitoring.Tests.Web.Pages.Indikatoren;

/// <summary>The indicator page.</summary>
[Collection(HangfireCollection.Name)]
public sealed class IndikatorPageTests(PagesHost pages) : PageTests(pages)
{
    [Fact]
    public async Task The_indicator_page_shows_chart_table_with_german_numbers_methods_and_downloads_for_a_shareable_selection()
    {
        var html = await Browser().GetStringAsync("/Indikatoren/AUS_ANT?gebiete=05754,05754008");

        Assert.Contains("<h1>Ausländeranteil</h1>", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/api/indicators/AUS_ANT/chart.svg?areas=05754%2C05754008\"", html, StringComparison.Ordinal);
        Assert.Contains("alt=\"Liniendiagramm Ausländeranteil (%), 2012 bis 2024, für Kreis Gütersloh, Gütersloh", html, StringComparison.Ordinal);
        Assert.Matches(@"<td class=""num"">\d{1,2},\d</td>", html); // German decimal comma
        Assert.Contains("<th scope=\"col\" class=\"num\">2015</th>", html, StringComparison.Ordinal); // a year, never 2.015
        Assert.Contains("href=\"/api/indicators/AUS_ANT/values.csv?areas=05754%2C05754008\"", html, StringComparison.Ordinal);
        Assert.Contains("<code>v(&#x27;BEVSTD&#x27;, &#x27;NAT=NATA&#x27;)</code>", html, StringComparison.Ordinal);
        Assert.Contains("12411_bevoelkerung_beispieldaten_flat.csv", html, StringComparison.Ordinal);
        Assert.Contains("checked=\"checked\" /> Gütersloh", html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await Browser().GetAsync("/Indikatoren/GIBTS_NICHT")).StatusCode);
        var catalog = await Browser().GetStringAsync("/Indikatoren");
        Assert.Contains("href=\"/Indikatoren/AUS_ANT\"", catalog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_indicator_published_only_per_Kreis_says_so_instead_of_offering_empty_municipalities()
    {
        var html = await Browser().GetStringAsync("/Indikatoren/SGB2_Q_AUS");

        Assert.Contains("Dieser Indikator wird amtlich nur für Kreise und kreisfreie Städte veröffentlicht; für die Gemeinden gibt es keine Werte.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"05754008\"", html, StringComparison.Ordinal); // no municipality to choose
        Assert.Contains("value=\"05754\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Vergleich/SGB2_Q_AUS\"", html, StringComparison.Ordinal);
        Assert.Contains("Diesen Indikator gibt es nur für Kreise und kreisfreie Städte", await Browser().GetStringAsync("/Vergleich/SGB2_Q_AUS"), StringComparison.Ordinal);
    }
}
