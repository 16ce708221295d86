using System.Net;
using System.Text;
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
}
