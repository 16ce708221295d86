using System.Net;
using Monitoring.Tests.Hosting;


namespace Monitoring.Tests.Web.Pages.Arbeitsbereich;

/// <summary>The indicator editor in the workspace.</summary>
[Collection(HangfireCollection.Name)]
public sealed class IndikatorEditorPageTests(PagesHost pages) : PageTests(pages)
{
    [Fact]
    public async Task An_analyst_checks_previews_and_saves_an_indicator_in_the_editor()
    {
        var analyst = Browser();
        await SignInAsync(analyst, "test-analyst", "test-analyst-Passwort-1");
        Dictionary<string, string> Form(string numerator) => new()
        {
            ["Code"] = "AUS_ANT_EDITOR", ["NameDe"] = "Ausländeranteil je 1.000", ["NameEn"] = "Foreign residents per 1,000", ["Definition"] = "Ausländer je 1.000 Einwohner",
            ["Field"] = "Bevölkerung und Migration", ["Numerator"] = numerator, ["Denominator"] = "v('BEVSTD')", ["Factor"] = "1000", ["Unit"] = "je 1.000",
            ["Decimals"] = "1", ["Direction"] = "Neutral", ["Levels"] = "Kreis", ["Source"] = "Bevölkerungsfortschreibung (12411)",
        };

        var broken = await (await PostFormAsync(analyst, "/Arbeitsbereich/Indikatoren", "Preview", Form("v('BEVSTD', 'NAT=NATX')"))).Content.ReadAsStringAsync();
        Assert.Contains("Bitte korrigieren", broken, StringComparison.Ordinal);
        Assert.Contains("NATX", broken, StringComparison.Ordinal);

        var preview = await (await PostFormAsync(analyst, "/Arbeitsbereich/Indikatoren", "Preview", Form("v('BEVSTD', 'NAT=NATA')"))).Content.ReadAsStringAsync();
        Assert.Contains("Vorschau (nicht gespeichert)", preview, StringComparison.Ordinal);
        Assert.Matches(@"<td class=""num"">\d{2,3},\d</td>", preview); // per mille, German format
        Assert.Equal(HttpStatusCode.NotFound, (await Browser().GetAsync("/Indikatoren/AUS_ANT_EDITOR")).StatusCode); // nothing stored by a preview

        var saved = await (await PostFormAsync(analyst, "/Arbeitsbereich/Indikatoren", "Save", Form("v('BEVSTD', 'NAT=NATA')"))).Content.ReadAsStringAsync();
        Assert.Contains("Gespeichert und neu berechnet", saved, StringComparison.Ordinal);
        Assert.Contains("<h1>Ausländeranteil je 1.000</h1>", await Browser().GetStringAsync("/Indikatoren/AUS_ANT_EDITOR"), StringComparison.Ordinal);
    }
}
