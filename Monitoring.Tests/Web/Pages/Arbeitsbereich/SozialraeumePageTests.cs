using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Core.Accounts;
using Monitoring.Core.Areas;
using Monitoring.Core.Indicators;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Imports;
using Monitoring.Ingestion.Tabular;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Web.Pages.Arbeitsbereich;

/// <summary>Issue 18, item 7: an Analyst keeps a Gemeinde's Sozialräume on a page: created, renamed, retired, their boundaries loaded all or nothing.</summary>
[Collection(HangfireCollection.Name)]
public sealed class SozialraeumePageTests(NewSourcePageTests.Host host) : IClassFixture<NewSourcePageTests.Host>
{
    const string Page = "/Arbeitsbereich/Sozialraeume?gemeinde=05754008";

    static string Square(string key, double lon, double lat) =>
        FormattableString.Invariant($$$"""{"type":"Feature","properties":{"schluessel":"{{{key}}}"},"geometry":{"type":"Polygon","coordinates":[[[{{{lon}}},{{{lat}}}],[{{{lon + 0.02}}},{{{lat}}}],[{{{lon + 0.02}}},{{{lat + 0.015}}}],[{{{lon}}},{{{lat + 0.015}}}],[{{{lon}}},{{{lat}}}]]]}}""");

    static async Task<string> PostAsync(HttpClient browser, string handler, Dictionary<string, string> fields)
    {
        var form = await browser.GetStringAsync(Page);
        fields["__RequestVerificationToken"] = NewSourcePageTests.Token().Match(form).Groups[1].Value;
        var response = await browser.PostAsync($"{Page}&handler={handler}", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    static async Task<string> UploadAsync(HttpClient browser, string geoJson)
    {
        var form = await browser.GetStringAsync(Page);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(NewSourcePageTests.Token().Match(form).Groups[1].Value), "__RequestVerificationToken" },
            { new StringContent("schluessel"), "keyProperty" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(geoJson)), "file", "sozialraeume.geojson" },
        };
        var response = await browser.PostAsync($"{Page}&handler=Boundaries", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Three_sozialraeume_are_created_their_boundaries_loaded_all_or_nothing_one_renamed_and_one_retired()
    {
        var browser = await host.AnalystAsync();
        foreach (var (key, name) in new[] { ("05754008-SR1", "Innenstadt"), ("05754008-SR2", "Nord"), ("05754008-SR3", "Süd") })
        {
            Assert.Contains($"„{name}“ ({key}) angelegt.", await PostAsync(browser, "Create", new() { ["key"] = key, ["name"] = name, ["level"] = "Sozialraum" }), StringComparison.Ordinal);
        }
        Assert.Contains("ab 01.01.2026", await PostAsync(browser, "Create", new() { ["key"] = "05754008-SR4", ["name"] = "Neubaugebiet", ["level"] = "Stadtteil", ["validFrom"] = "2026-01-01" }), StringComparison.Ordinal);
        Assert.Contains("Diesen Schlüssel hat schon ein geltendes Gebiet.", await PostAsync(browser, "Create", new() { ["key"] = "05754008-SR1", ["name"] = "Doppelt", ["level"] = "Sozialraum" }), StringComparison.Ordinal);

        // In UTM (as many GIS exports are) and with a key no area has: refused whole, naming both.
        var utm = """{"type":"FeatureCollection","features":[""" + Square("05754008-SR1", 452000, 5750000) + "," + Square("05754008-SR9", 8.38, 51.90) + "]}";
        var refused = await UploadAsync(browser, utm);
        Assert.Contains("sozialraeume.geojson, Objekt 1 („05754008-SR1“): die Koordinaten (452000, 5750000) liegen nicht in Deutschland", refused, StringComparison.Ordinal);
        Assert.Contains("EPSG:25832", refused, StringComparison.Ordinal);
        Assert.Contains("„05754008-SR9“ ist kein Teilgebiet von Gütersloh", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", refused, StringComparison.Ordinal);
        Assert.Contains("kein gültiges GeoJSON", await UploadAsync(browser, "{\"type\":\"FeatureCollection\",\"features\":[{"), StringComparison.Ordinal);

        var loaded = await UploadAsync(browser, """{"type":"FeatureCollection","features":[""" +
            string.Join(",", Square("05754008-SR1", 8.37, 51.90), Square("05754008-SR2", 8.37, 51.915), Square("05754008-SR3", 8.39, 51.90)) + "]}");
        Assert.Contains("Grenzen von 3 Gebieten aus sozialraeume.geojson übernommen.", loaded, StringComparison.Ordinal);
        Assert.Contains("<title id=\"grenzen-titel\">Grenzen der Teilgebiete von Gütersloh</title>", loaded, StringComparison.Ordinal);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(loaded, "<path d="));

        Assert.Contains("05754008-SR3 heißt jetzt „Süd-Ost“.", await PostAsync(browser, "Rename", new() { ["key"] = "05754008-SR3", ["name"] = "Süd-Ost" }), StringComparison.Ordinal);
        var retired = await PostAsync(browser, "Retire", new() { ["key"] = "05754008-SR2", ["validTo"] = "2025-12-31" });
        Assert.Contains("„Nord“ (05754008-SR2) gilt bis 31.12.2025.", retired, StringComparison.Ordinal);
        Assert.Contains(" bis 31.12.2025", retired, StringComparison.Ordinal);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(retired, "<path d="));

        // Official areas are not the page's to change.
        Assert.Contains("Dieses Gebiet gibt es nicht (mehr) als eigenes Gebiet", await PostAsync(browser, "Rename", new() { ["key"] = "05754008", ["name"] = "Umbenannt" }), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Gebiete/05754008-SR1")).StatusCode);
    }

    [Fact]
    public async Task A_small_count_at_sozialraum_level_and_the_cell_beside_it_are_a_dot_for_a_viewer_and_numbers_for_an_analyst()
    {
        var services = host.Factory.Services;
        var database = services.GetRequiredService<Database>();
        foreach (var (key, name) in new[] { ("05754012-K1", "Altstadt"), ("05754012-K2", "Künsebeck"), ("05754012-K3", "Hesseln") })
        {
            Assert.True((await services.GetRequiredService<AreaWrites>().CreateSubMunicipalAsync("test", new SubMunicipalDraft(key, name, AreaLevel.Sozialraum, "05754012"))).Succeeded);
        }
        var source = (await services.GetRequiredService<SourceWrites>().CreateAsync("test", new DataSource
        {
            Name = "Jugendamt (kleine Zahlen)", Kind = SourceKind.Tabular,
            Settings = new SourceSettings
            {
                MinCount = 3,
                Mapping = new TabularMapping
                {
                    AreaColumn = "Gebiet", PeriodColumn = "Jahr",
                    Values = [new ValueColumn("Kinder", "EIG_SR_KINDER", "Kinder in Hilfen", "Anzahl"), new ValueColumn("Alle", "EIG_SR_ALLE", "Kinder insgesamt", "Anzahl")],
                },
            },
        })).Value!;
        var path = Path.Combine(host.Uploads, "..", "jugendamt.csv");
        await File.WriteAllTextAsync(path, "Gebiet;Jahr;Kinder;Alle\n05754012-K1;2023;2;40\n05754012-K2;2023;10;50\n05754012-K3;2023;12;60\n");
        var report = await services.GetRequiredService<Importer>().ImportFileAsync(source, path, "jugendamt.csv");
        Assert.Equal((ImportStatus.Succeeded, 6L), (report.Status, report.Inserted));
        // Altstadt's 2 (below 3), and beside it the smallest other count (Künsebeck's 10), so Halle's total does not give it away.
        Assert.Equal(2, report.SmallCounts);
        var indicator = await services.GetRequiredService<IndicatorWrites>().CreateAsync("test", new Indicator
        {
            Code = "EIG_SR_HILFEN", NameDe = "Anteil der Kinder in Hilfen", NameEn = "Share of children in care", Definition = "Kinder in Hilfen je 100 Kinder",
            Field = "Bildung", Numerator = "v('EIG_SR_KINDER')", Denominator = "v('EIG_SR_ALLE')", Factor = 100, Unit = "%", Decimals = 1,
            Levels = [AreaLevel.Sozialraum], Source = "Jugendamt",
        });
        Assert.True(indicator.Succeeded, string.Join(" ", indicator.Messages));

        await database.CreateUserAsync("betrachter", "Betrachterin", Role.Viewer, "Betrachter-Passwort-42");
        var viewer = await host.SignInAsync("betrachter", "Betrachter-Passwort-42");
        var analyst = await host.AnalystAsync();
        const string Page = "/Indikatoren/EIG_SR_HILFEN?gebiete=05754012-K1,05754012-K2,05754012-K3";

        var seen = GermanText.Visible(await viewer.GetStringAsync(Page));
        Assert.Contains("Altstadt .", seen, StringComparison.Ordinal);
        Assert.Contains("Künsebeck .", seen, StringComparison.Ordinal);
        Assert.Contains("Hesseln 20,0", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("5,0", seen, StringComparison.Ordinal);
        var known = GermanText.Visible(await analyst.GetStringAsync(Page));
        Assert.Contains("Altstadt 5,0", known, StringComparison.Ordinal);
        Assert.Contains("Künsebeck 20,0", known, StringComparison.Ordinal);

        Assert.Contains(". (2023)", GermanText.Visible(await viewer.GetStringAsync("/Gebiete/05754012-K1")), StringComparison.Ordinal);
        Assert.Contains("5,0 (2023)", GermanText.Visible(await analyst.GetStringAsync("/Gebiete/05754012-K1")), StringComparison.Ordinal);
        // On the map of Halle's Sozialräume (their boundaries loaded) and in the table beside it.
        var boundaries = "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", Square("05754012-K1", 8.36, 52.05), Square("05754012-K2", 8.38, 52.05), Square("05754012-K3", 8.36, 52.065)) + "]}";
        Assert.True((await services.GetRequiredService<AreaWrites>().LoadBoundariesAsync("test", "05754012", new MemoryStream(Encoding.UTF8.GetBytes(boundaries)), "halle.geojson", "schluessel")).Succeeded);
        var publicMap = await viewer.GetStringAsync("/Gebiete/05754012?teilgebiete=EIG_SR_HILFEN");
        Assert.Contains("<title>Altstadt: .</title>", publicMap, StringComparison.Ordinal);
        Assert.Contains("<title>Hesseln: 20,0</title>", publicMap, StringComparison.Ordinal);
        Assert.Contains("Altstadt .", GermanText.Visible(publicMap), StringComparison.Ordinal);
        Assert.DoesNotContain("5,0", publicMap, StringComparison.Ordinal);
        Assert.Contains("<title>Altstadt: 5,0</title>", await analyst.GetStringAsync("/Gebiete/05754012?teilgebiete=EIG_SR_HILFEN"), StringComparison.Ordinal);

        // The API and its exports are read by anyone with a token: the secret holds there too.
        var csv = await viewer.GetStringAsync("/api/indicators/EIG_SR_HILFEN/values.csv?areas=05754012-K1");
        Assert.Contains("05754012-K1;Altstadt;2023;.;", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("5,0", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(";2;", csv, StringComparison.Ordinal);
    }
}
