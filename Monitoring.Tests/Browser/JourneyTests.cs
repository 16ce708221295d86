using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Monitoring.Core.Accounts;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Browser;

/// <summary>The users' journeys through the dashboard in a real browser.</summary>
[Collection(HangfireCollection.Name)]
public sealed class JourneyTests(BrowserHost host) : IClassFixture<BrowserHost>
{
    static readonly string[] OffTrack = ["leichte Abweichung", "deutliche Abweichung", "entfernt sich vom Ziel"];

    /// <summary>The image's width once it has loaded (0 if it failed): an image may still be on its way when the page is shown.</summary>
    static Task<int> LoadedWidthAsync(ILocator image) =>
        image.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : new Promise(done => { img.onload = () => done(img.naturalWidth); img.onerror = () => done(0); })");

    [Fact]
    public async Task A_department_head_checks_the_goals_and_opens_an_off_track_one()
    {
        var page = await host.PageAsync(Role.Editor);
        await Assertions.Expect(page.Locator("h2#ziele")).ToHaveTextAsync("Ziele des Integrationskonzepts");
        await BrowserHost.ScreenshotAsync(page, "01-zieluebersicht");

        var rows = page.Locator("table.data tbody tr");
        ILocator? offTrack = null;
        for (var i = 0; i < await rows.CountAsync(); i++)
        {
            var status = await rows.Nth(i).Locator(".status").InnerTextAsync();
            if (OffTrack.Contains(status)) { offTrack = rows.Nth(i); break; }
        }
        Assert.NotNull(offTrack);
        var indicator = await offTrack.Locator("td a").First.InnerTextAsync();
        await offTrack.Locator("td a").First.ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(indicator);
        await Assertions.Expect(page.Locator("figure.chart img")).ToBeVisibleAsync();
        Assert.True(await LoadedWidthAsync(page.Locator("figure.chart img")) > 0, "the chart image loads");
        await BrowserHost.ScreenshotAsync(page, "02-indikator");
    }

    [Fact]
    public async Task A_committee_member_opens_an_indicator_switches_municipalities_and_downloads_the_csv()
    {
        var page = await host.PageAsync(Role.Viewer);
        await page.GotoAsync($"{host.BaseAddress}/Indikatoren/AUS_ANT");
        await page.GetByLabel("Verl").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Anzeigen" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("gebiete=", StringComparison.Ordinal) && url.Contains("05754044", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("table.data tbody th", new() { HasText = "Verl" })).ToBeVisibleAsync();
        // German numbers in the table: a decimal comma, never a point.
        Assert.Matches(@"^\d{1,2},\d$", await page.Locator("table.data tbody td.num").First.InnerTextAsync());

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "CSV (Excel)" }).ClickAsync());
        var path = Path.Combine(TestPaths.TempDirectory(), download.SuggestedFilename);
        await download.SaveAsAsync(path);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("Gebietsschlüssel;Gebiet;Jahr;Wert", text, StringComparison.Ordinal);
        Assert.Contains(";Verl;", text, StringComparison.Ordinal);
        await BrowserHost.ScreenshotAsync(page, "03-indikator-verl");
    }

    [Fact]
    public async Task An_analyst_uploads_a_csv_maps_it_imports_it_and_sees_the_values_in_a_chart()
    {
        var page = await host.PageAsync(Role.Analyst);
        await page.GetByRole(AriaRole.Link, new() { Name = "Arbeitsbereich" }).ClickAsync();
        await BrowserHost.ScreenshotAsync(page, "04-arbeitsbereich");
        await page.GetByRole(AriaRole.Link, new() { Name = "Neue Datenquelle aus einer Datei anlegen" }).ClickAsync();

        // What German Excel writes as "CSV (Trennzeichen-getrennt)": Windows-1252, municipality names, one of them misspelt,
        // one ambiguous (a Sozialraum of Rietberg has the name of the Gemeinde Langenberg).
        await host.Factory.Services.GetRequiredService<Monitoring.Core.Areas.AreaWrites>().CreateSubMunicipalAsync("test",
            new Monitoring.Core.Areas.SubMunicipalDraft("05754032-S01", "Langenberg", Monitoring.Core.Areas.AreaLevel.Sozialraum, "05754032"));
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var csv = "Gemeinde;Jahr;Personen;davon Duldung\r\nGütersloh;2022;1.180;60\r\nGütersloh;2023;1.234;70\r\nSchloß Holte-Stukenbrock;2023;312;8\r\nHerzebrok-Clarholz;2023;415;12\r\nLangenberg;2023;80;2\r\n";
        await page.GetByLabel("Datei").SetInputFilesAsync(new FilePayload { Name = "auslaenderbehoerde.csv", MimeType = "text/csv", Buffer = Encoding.GetEncoding(1252).GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Hochladen und Vorschau zeigen" }).ClickAsync();
        await Assertions.Expect(page.Locator("table.data").First.Locator("tbody tr")).ToHaveCountAsync(5);
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Schloß Holte-Stukenbrock" }).First).ToBeVisibleAsync();
        await BrowserHost.ScreenshotAsync(page, "05-neue-quelle-vorschau");

        await page.GetByLabel("Name der Datenquelle").FillAsync("Ausländerbehörde (Browsertest)");
        await Assertions.Expect(page.GetByLabel("Die Gebietsspalte enthält")).ToHaveValueAsync("Name");
        await page.GetByLabel("Code von Personen").FillAsync("ABH_BROWSER");
        await page.GetByLabel("Bezeichnung von Personen").FillAsync("Personen laut Ausländerbehörde");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ganze Datei prüfen" }).ClickAsync();
        await Assertions.Expect(page.Locator("#pruefung")).ToBeVisibleAsync();
        await page.GetByLabel("Gemeintes Gebiet für Herzebrok-Clarholz").SelectOptionAsync("05754020");
        await Assertions.Expect(page.Locator("section[aria-labelledby=pruefung]").GetByRole(AriaRole.Row, new() { Name = "Langenberg" })).ToContainTextAsync("passt auf mehrere Gebiete");
        await page.GetByLabel("Gemeintes Gebiet für Langenberg").SelectOptionAsync("05754024");
        await BrowserHost.ScreenshotAsync(page, "05b-neue-quelle-pruefung");
        // At phone width the wide tables scroll in their own boxes; the page does not widen.
        await page.SetViewportSizeAsync(390, 844);
        await BrowserHost.ScreenshotAsync(page, "05c-neue-quelle-pruefung-mobil");
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "the wizard's check is wider than 390 px: " + await WiderThanAsync(page, 390));
        await page.SetViewportSizeAsync(1280, 900);
        await page.GetByRole(AriaRole.Button, new() { Name = "Quelle anlegen und importieren" }).ClickAsync();

        await Assertions.Expect(page.Locator("dd strong")).ToHaveTextAsync("erfolgreich");
        var chart = page.Locator("figure.chart img").First;
        await Assertions.Expect(chart).ToBeVisibleAsync();
        Assert.True(await LoadedWidthAsync(chart) > 0, "the chart of the new values loads");
        var svg = await page.APIRequest.GetAsync(await chart.GetAttributeAsync("src") is { } src ? host.BaseAddress + src : "");
        Assert.Contains("Personen laut Ausländerbehörde", System.Net.WebUtility.HtmlDecode(await svg.TextAsync()), StringComparison.Ordinal);
        await BrowserHost.ScreenshotAsync(page, "06-importlauf");

        // The source kept for next year, and the raw data of its variable, at phone width too.
        await page.GetByRole(AriaRole.Link, new() { Name = "Ausländerbehörde (Browsertest)" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Nächste Datei hochladen" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Personen laut Ausländerbehörde (ABH_BROWSER, Anzahl)" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "1.234" })).ToBeVisibleAsync();
        await page.SetViewportSizeAsync(390, 844);
        await BrowserHost.ScreenshotAsync(page, "06b-variable-mobil");
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "the variable page is wider than 390 px: " + await WiderThanAsync(page, 390));
        await page.SetViewportSizeAsync(1280, 900);

        // An indicator from the two imported variables, picked in the editor by their labels.
        await page.GotoAsync($"{host.BaseAddress}/Arbeitsbereich/Indikatoren");
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync("EIG_DULDUNG_BROWSER");
        await page.GetByLabel("Name (deutsch)").FillAsync("Anteil mit Duldung (Browsertest)");
        await page.GetByLabel("Name (englisch)").FillAsync("Share with toleration");
        await page.GetByLabel("Definition").FillAsync("Personen mit Duldung je 100 Personen laut Ausländerbehörde");
        await page.GetByLabel("Quelle", new() { Exact = true }).FillAsync("Ausländerbehörde");
        await page.Locator("details.variable-picker summary").ClickAsync();
        var search = page.GetByLabel("Suchen (Bezeichnung, Code, Merkmal)");
        await search.FillAsync("EIG_DAVON_DULDUNG");
        await page.Locator("#variable-list li:visible").GetByRole(AriaRole.Button, new() { Name = "Zähler", Exact = true }).ClickAsync();
        await search.FillAsync("Personen laut Ausländerbehörde");
        await page.Locator("#variable-list li:visible").GetByRole(AriaRole.Button, new() { Name = "Nenner", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Zähler", new() { Exact = true })).ToHaveValueAsync("v('EIG_DAVON_DULDUNG')");
        await Assertions.Expect(page.Locator("#formel-status")).ToContainTextAsync("Formeln in Ordnung");
        await BrowserHost.ScreenshotAsync(page, "06c-indikator-aus-eigenen-daten");
        await page.GetByRole(AriaRole.Button, new() { Name = "Speichern und berechnen" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.notice")).ToContainTextAsync("Gespeichert und neu berechnet");

        await page.GotoAsync($"{host.BaseAddress}/Indikatoren/EIG_DULDUNG_BROWSER?gebiete=05754008");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "5,7" })).ToBeVisibleAsync(); // 70 of 1.234 in 2023
        Assert.True(await LoadedWidthAsync(page.Locator("figure.chart img").First) > 0, "the new indicator's chart loads");

        // Next year's file to the same source: the choices are remembered, the series goes on.
        await page.GotoAsync($"{host.BaseAddress}/Arbeitsbereich");
        await page.GetByRole(AriaRole.Link, new() { Name = "Ausländerbehörde (Browsertest)" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Nächste Datei hochladen" }).ClickAsync();
        var next = "Gemeinde;Jahr;Personen;davon Duldung\r\nGütersloh;2024;1.300;91\r\nSchloß Holte-Stukenbrock;2024;330;9\r\nHerzebrok-Clarholz;2024;420;12\r\nLangenberg;2024;85;3\r\n";
        await page.GetByLabel("Datei").SetInputFilesAsync(new FilePayload { Name = "auslaenderbehoerde-2024.csv", MimeType = "text/csv", Buffer = Encoding.GetEncoding(1252).GetBytes(next) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Hochladen und Vorschau zeigen" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ganze Datei prüfen" }).ClickAsync();
        await Assertions.Expect(page.Locator("section[aria-labelledby=pruefung]")).ToContainTextAsync("8 Werte würden gespeichert, 0 abgewiesen, 0 mit nicht zugeordnetem Gebiet");
        await page.GetByRole(AriaRole.Button, new() { Name = "Zuordnung speichern und importieren" }).ClickAsync();
        await Assertions.Expect(page.Locator("dd strong")).ToHaveTextAsync("erfolgreich");
        await page.GotoAsync($"{host.BaseAddress}/Indikatoren/EIG_DULDUNG_BROWSER?gebiete=05754008");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "7,0" })).ToBeVisibleAsync(); // 91 of 1.300 in 2024
    }

    [Fact]
    public async Task An_analyst_previews_a_workbook_choosing_its_sheet_and_header_row_and_checks_it_before_anything_is_stored()
    {
        var workbook = new MemoryStream();
        Monitoring.Publishing.Exports.Spreadsheet.Write(workbook,
            new Monitoring.Publishing.Exports.Spreadsheet.Sheet("Hinweise", [["Quelle: Jobcenter Kreis Gütersloh"]]),
            new Monitoring.Publishing.Exports.Spreadsheet.Sheet("Daten", [["Bestand Dezember"], ["Kommune", "Stichtag", "Leistungsberechtigte"], ["Rheda-Wiedenbrück", "31.12.2024", 2345.0], ["Halle Westf.", "31.12.2024", 512.0]]));
        var page = await host.PageAsync(Role.Analyst);
        await page.GotoAsync($"{host.BaseAddress}/Arbeitsbereich/Neue-Quelle");
        await page.GetByLabel("Datei").SetInputFilesAsync(new FilePayload { Name = "jobcenter.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = workbook.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Hochladen und Vorschau zeigen" }).ClickAsync();
        await page.GetByLabel("Tabellenblatt").SelectOptionAsync("Daten");
        await page.GetByLabel("Zeile mit den Spaltennamen").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Neu lesen" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Leistungsberechtigte" }).First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Die Gebietsspalte enthält")).ToHaveValueAsync("Name");
        await Assertions.Expect(page.GetByLabel("Zeitspalte (Jahr, Stichtag 31.12.2024 oder 2024-12-31)")).ToHaveValueAsync("Stichtag");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ganze Datei prüfen" }).ClickAsync();
        var check = page.Locator("section[aria-labelledby=pruefung]");
        await Assertions.Expect(check).ToContainTextAsync("2 Werte würden gespeichert");
        await Assertions.Expect(check.GetByRole(AriaRole.Cell, new() { Name = "Halle (Westf.) (05754012)" })).ToBeVisibleAsync();
        await Assertions.Expect(check.GetByRole(AriaRole.Cell, new() { Name = "31.12.2024" }).First).ToBeVisibleAsync();
        await Assertions.Expect(check.GetByRole(AriaRole.Cell, new() { Name = "2.345" })).ToBeVisibleAsync();
        await BrowserHost.ScreenshotAsync(page, "05d-arbeitsmappe-pruefung");
        await page.GetByRole(AriaRole.Button, new() { Name = "Abbrechen" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Arbeitsbereich Analyse");
    }

    /// <summary>The elements reaching past <paramref name="width"/> px (outside a scrolling box), to say what widens a page.</summary>
    static Task<string> WiderThanAsync(IPage page, int width) => page.EvaluateAsync<string>(
        """
        width => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1 && !e.parentElement.closest('.table-scroll'))
            .slice(0, 8).concat([document.documentElement]).map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className ? '.' + e.className : ''} ${Math.round(e.getBoundingClientRect().right)}/${e.scrollWidth}`).join(', ')
        """, width);

    [Fact]
    public async Task An_analyst_sees_formula_errors_while_typing_in_the_indicator_editor()
    {
        var page = await host.PageAsync(Role.Analyst);
        await page.GotoAsync($"{host.BaseAddress}/Arbeitsbereich/Indikatoren/AUS_ANT");
        await page.GetByLabel("Zähler").FillAsync("v('BEVSTD', 'NAT=NATA'");
        await Assertions.Expect(page.Locator("#formel-status")).ToContainTextAsync("Spalte");
        await page.GetByLabel("Zähler").FillAsync("v('BEVSTD', 'NAT=NATA')");
        await Assertions.Expect(page.Locator("#formel-status")).ToContainTextAsync("Formeln in Ordnung");
        await BrowserHost.ScreenshotAsync(page, "11-indikator-editor");
    }

    [Fact]
    public async Task An_editor_builds_a_report_publishes_it_and_a_committee_member_opens_the_print_view_and_the_pdf()
    {
        var page = await host.PageAsync(Role.Editor);
        await page.GotoAsync($"{host.BaseAddress}/Berichte");
        await page.GetByRole(AriaRole.Link, new() { Name = "Neuer Integrationsbericht" }).ClickAsync();
        await page.GetByLabel("Titel").FillAsync("Bericht an den Integrationsausschuss");
        await page.GetByText("Sprache und Bildung", new() { Exact = true }).ClickAsync(); // opens the field's indicators
        await page.GetByLabel("Kommentar zu „Ausländische Schulabgänger ohne Ersten Schulabschluss“").FillAsync("Der Anteil sinkt, bleibt aber über dem Ziel.");
        await BrowserHost.ScreenshotAsync(page, "12-bericht-bearbeiten");
        await page.GetByRole(AriaRole.Button, new() { Name = "Entwurf speichern" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Bericht an den Integrationsausschuss");
        await page.GetByRole(AriaRole.Button, new() { Name = "Veröffentlichen" }).ClickAsync();
        await Assertions.Expect(page.Locator("table.data tbody tr")).ToHaveCountAsync(1);
        var report = page.Url;

        var viewer = await host.PageAsync(Role.Viewer);
        await viewer.GotoAsync(report);
        await viewer.GetByRole(AriaRole.Link, new() { Name = "Druckansicht" }).ClickAsync();
        await Assertions.Expect(viewer.Locator("h2#k1")).ToHaveTextAsync("1 Einleitung");
        await Assertions.Expect(viewer.GetByText("Der Anteil sinkt, bleibt aber über dem Ziel.")).ToBeVisibleAsync();
        Assert.True(await LoadedWidthAsync(viewer.Locator("figure.chart img").First) > 0, "the report's chart loads");
        await viewer.Locator("#i-AUS_ANT").ScrollIntoViewIfNeededAsync();
        await BrowserHost.ScreenshotAsync(viewer, "13-bericht-druckansicht", fullPage: false);

        var download = await viewer.RunAndWaitForDownloadAsync(() => viewer.GetByRole(AriaRole.Link, new() { Name = "PDF", Exact = true }).ClickAsync());
        Assert.EndsWith("-Ausgabe-1.pdf", download.SuggestedFilename, StringComparison.Ordinal);
        var path = Path.Combine(TestPaths.TempDirectory(), download.SuggestedFilename);
        await download.SaveAsAsync(path);
        Assert.Equal("%PDF"u8.ToArray(), (await File.ReadAllBytesAsync(path))[..4]);
    }

    [Fact]
    public async Task A_viewer_cannot_reach_the_workspace_and_anonymous_users_are_asked_to_sign_in()
    {
        var viewer = await host.PageAsync(Role.Viewer);
        await Assertions.Expect(viewer.GetByRole(AriaRole.Link, new() { Name = "Arbeitsbereich" })).ToHaveCountAsync(0);
        await viewer.GotoAsync($"{host.BaseAddress}/Arbeitsbereich");
        await Assertions.Expect(viewer.Locator("h1")).ToHaveTextAsync("Kein Zugriff");

        var anonymous = await host.PageAsync();
        await anonymous.GotoAsync($"{host.BaseAddress}/Arbeitsbereich");
        await Assertions.Expect(anonymous.Locator("h1")).ToHaveTextAsync("Anmelden");
        await BrowserHost.ScreenshotAsync(anonymous, "07-anmelden");
    }

    [Fact]
    public async Task The_main_pages_read_well_at_phone_width()
    {
        var page = await host.PageAsync(width: 390);
        await page.GotoAsync(host.BaseAddress + "/");
        // The stylesheet applies: the header has the accent colour.
        Assert.Equal("rgb(0, 90, 140)", await page.Locator("header.site-header").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        foreach (var (path, name) in new[] { ("/", "08-start-mobil"), ("/Vergleich/AUS_ANT", "09-vergleich-mobil"), ("/Gebiete/05754008", "10-profil-mobil") })
        {
            await page.GotoAsync(host.BaseAddress + path);
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
            await BrowserHost.ScreenshotAsync(page, name);
        }

        // Signed in: the user administration with its sign-in locks, and the workspace, each for its role.
        foreach (var (role, path, name) in new[] { (Role.Admin, "/Verwaltung/Benutzer", "14-benutzer-mobil"), (Role.Analyst, "/Arbeitsbereich", "15-arbeitsbereich-mobil") })
        {
            var signedIn = await host.PageAsync(role, width: 390);
            await signedIn.GotoAsync(host.BaseAddress + path);
            await Assertions.Expect(signedIn.Locator("h1")).ToBeVisibleAsync();
            // The navigation of a signed-in role wraps instead of widening the page.
            Assert.True(await signedIn.EvaluateAsync<int>("() => document.querySelector('header.site-header').scrollWidth") <= 390, $"{path}: the header is wider than 390 px");
            await BrowserHost.ScreenshotAsync(signedIn, name);
        }
    }
}
