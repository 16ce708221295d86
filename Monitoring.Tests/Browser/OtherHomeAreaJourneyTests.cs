using System.Text.Json;
using Microsoft.Playwright;
using Monitoring.Core.Accounts;
using Monitoring.Core.Areas;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Browser;

/// <summary>The dashboard of an installation for Kreis Unna (<c>Monitoring:HomeArea=05978</c>), with the demo data (which stay Kreis Gütersloh's).</summary>
public sealed class KreisUnnaBrowserHost() : BrowserHost(new Dictionary<string, string?> { [HomeArea.Setting] = "05978" });

/// <summary>Issue 16, part 2: an installation for another Kreis imports the real files and shows its own Gemeinden.</summary>
[Collection(HangfireCollection.Name)]
public sealed class OtherHomeAreaJourneyTests(KreisUnnaBrowserHost host) : IClassFixture<KreisUnnaBrowserHost>
{
    /// <summary>Regionalatlas AI-N-01-2-5 (settlement area), all German Gemeinden, as the offices deliver it.</summary>
    const string Atlas = "ffcsv-long_regio_AI-N-01-2-5_1773175147935_de_flat.zip";

    const string SourceName = "Regionalatlas Siedlungsfläche (AI-N-01-2-5)";

    /// <summary>The answer's JSON; a refused request fails the test with its status and problem text.</summary>
    static async Task<JsonElement> JsonOf(IAPIResponse response)
    {
        var text = await response.TextAsync();
        Assert.True(response.Ok, $"{response.Status} {response.Url}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task An_analyst_of_kreis_unna_imports_the_regionalatlas_and_finds_luenen_with_its_figures()
    {
        var page = await host.PageAsync(Role.Analyst);
        await Assertions.Expect(page.Locator("a.brand")).ToHaveTextAsync("Integrationsmonitoring Kreis Unna");
        await Assertions.Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("Die Beispieldaten beschreiben den Kreis Gütersloh, nicht den Kreis Unna.");

        await page.GetByRole(AriaRole.Link, new() { Name = "Arbeitsbereich" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Arbeitsbereich Analyse");
        // The new-source wizard recognises the GENESIS export by its content (a ZIP of a flat file) and needs no mapping.
        await page.GetByRole(AriaRole.Link, new() { Name = "Neue Datenquelle aus einer Datei anlegen" }).ClickAsync();
        await page.GetByLabel("Datei").SetInputFilesAsync(new FilePayload
        {
            Name = Atlas,
            MimeType = "application/zip",
            Buffer = await File.ReadAllBytesAsync(Path.Combine(TestPaths.RepositoryRoot, "Monitoring.Tests", "Ingestion", "Genesis", "RealExports", Atlas)),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Hochladen und Vorschau zeigen" }).ClickAsync();
        await Assertions.Expect(page.GetByText("GENESIS-Flatfile (ffcsv)")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table.data tbody tr").First).ToContainTextAsync("(AI011");
        await BrowserHost.ScreenshotAsync(page, "16-kreis-unna-vorschau");
        await page.GetByLabel("Name der Datenquelle").FillAsync(SourceName);
        // 27,132 rows of all of Germany with the plausibility check, on a small machine: more than the default 30 s may pass.
        page.SetDefaultTimeout(120_000);
        await page.GetByRole(AriaRole.Button, new() { Name = "Quelle anlegen und importieren" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(SourceName);
        page.SetDefaultTimeout(30_000);
        await Assertions.Expect(page.Locator("dd strong")).ToHaveTextAsync("erfolgreich");
        await Assertions.Expect(page.GetByText("27.132 gelesen")).ToBeVisibleAsync();
        await BrowserHost.ScreenshotAsync(page, "17-kreis-unna-importlauf");

        await page.GetByRole(AriaRole.Link, new() { Name = "Übersicht", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("table.data tbody tr", new() { HasText = SourceName })).ToContainTextAsync("erfolgreich");
        await Assertions.Expect(page.Locator("a.brand")).ToHaveTextAsync("Integrationsmonitoring Kreis Unna");
        await Assertions.Expect(page.GetByText("Kreis Unna mit 10 Städten und Gemeinden")).ToBeVisibleAsync();
        foreach (var gemeinde in new[] { "Lünen", "Unna", "Werne" })
        {
            await Assertions.Expect(page.Locator("ul.area-tree").GetByText(gemeinde, new() { Exact = true })).ToBeVisibleAsync();
        }
        await BrowserHost.ScreenshotAsync(page, "18-kreis-unna-start");

        await page.Locator("ul.area-tree a[href='/Gebiete/05978024']").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Lünen");
        await Assertions.Expect(page.Locator("p.lead")).ToContainTextAsync("Schlüssel 05978024");
        await Assertions.Expect(page.Locator("p.lead")).ToContainTextAsync("Rang unter den 10 Gebieten");
        await BrowserHost.ScreenshotAsync(page, "19-kreis-unna-luenen");

        // The profile lists indicators, and no indicator uses the Regionalatlas's variables: Lünen's figures as the
        // dashboard's API gives them, 2023 as the file has them (settlement and traffic area 47,3 %, change 0,1 %).
        foreach (var (variable, value) in new[] { ("AI0111", 47.3), ("AI0112", 0.1) })
        {
            var observations = await JsonOf(await page.APIRequest.GetAsync($"{host.BaseAddress}/api/variables/{variable}/observations?areas=05978024"));
            var only = Assert.Single(observations.EnumerateArray());
            Assert.Equal("2023", only.GetProperty("period").GetString());
            Assert.Equal(value, only.GetProperty("value").GetDouble());
        }
    }
}
