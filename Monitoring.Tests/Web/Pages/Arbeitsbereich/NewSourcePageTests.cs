using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Ingestion.Files;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Web.Pages.Arbeitsbereich;

/// <summary>The workspace wizard "Neue Datenquelle": its preview within the importer's limits, and the previewed file removed when the wizard is left.</summary>
[Collection(HangfireCollection.Name)]
public sealed partial class NewSourcePageTests(NewSourcePageTests.Host host) : IClassFixture<NewSourcePageTests.Host>
{
    /// <summary>The dashboard host with an administrator, without demo data, taking uploads of up to 16 MB.</summary>
    public sealed class Host : IAsyncLifetime
    {
        public const string Password = "erstes-Admin-Passwort-42";

        public MonitoringFactory<Monitoring.Web.Program> Factory { get; } = new(settings: new Dictionary<string, string?>
        {
            ["Auth:InitialAdmin:UserName"] = "admin",
            ["Auth:InitialAdmin:Password"] = Password,
            ["Demo:ImportOnFirstStart"] = "false",
            ["Imports:MaxUploadMegabytes"] = "16",
        });

        public string Uploads => Factory.Services.GetRequiredService<IConfiguration>()["Imports:UploadFolder"]!;

        /// <summary>A browser signed in as the administrator (who holds the Analyst's rights), with cookies, not following redirects.</summary>
        public Task<HttpClient> AnalystAsync() => SignInAsync("admin", Password);

        /// <summary>A browser signed in as <paramref name="userName"/>, with cookies, not following redirects.</summary>
        public async Task<HttpClient> SignInAsync(string userName, string password)
        {
            var browser = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            var form = await browser.GetStringAsync("/Anmelden");
            var signedIn = await browser.PostAsync("/Anmelden", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = userName,
                ["Password"] = password,
                ["ReturnUrl"] = "",
                ["__RequestVerificationToken"] = Token().Match(form).Groups[1].Value,
            }));
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            return browser;
        }

        public ValueTask InitializeAsync() => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => Factory.DisposeAsync();
    }

    const string Page = "/Arbeitsbereich/Neue-Quelle";

    Task<HttpClient> AnalystAsync() => host.AnalystAsync();

    static async Task<string> PreviewAsync(HttpClient browser, string fileName, byte[] content)
    {
        var form = await browser.GetStringAsync(Page);
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(Token().Match(form).Groups[1].Value), "__RequestVerificationToken" },
            { new ByteArrayContent(content), "file", fileName },
        };
        var response = await browser.PostAsync($"{Page}?handler=Preview", upload);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    static Task<HttpResponseMessage> StepAsync(HttpClient browser, string step, string html, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = Token().Match(html).Groups[1].Value;
        fields["StoredFile"] = StoredFile().Match(html).Groups[1].Value;
        fields["FileName"] = FileName().Match(html).Groups[1].Value;
        return browser.PostAsync($"{Page}?handler={step}", new FormUrlEncodedContent(fields));
    }

    string[] Previews() => Directory.Exists(host.Uploads) ? Directory.GetFiles(host.Uploads, "vorschau-*") : [];

    static byte[] Table(int rows, int columns, Func<int, int, string> cell)
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(';', Enumerable.Range(1, columns).Select(c => $"Spalte {c}")));
        for (var r = 1; r <= rows; r++) csv.AppendLine(string.Join(';', Enumerable.Range(1, columns).Select(c => cell(r, c))));
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    [Fact]
    public async Task A_10_MB_single_line_file_is_answered_quickly_with_the_import_limit_on_a_small_page_and_not_kept()
    {
        var browser = await AnalystAsync();
        var path = Path.Combine(TestPaths.TempDirectory(), "einzeilig.csv");
        Monitoring.Tests.Ingestion.Files.CheckedTextReaderTests.WriteSingleLine(path);
        var content = await File.ReadAllBytesAsync(path);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);

        var clock = Stopwatch.StartNew();
        var html = await PreviewAsync(browser, "einzeilig.csv", content);
        clock.Stop();

        // Before: a 959 MB page that never arrived, the process at 4.75 GB.
        Assert.True(html.Length < 200_000, $"{html.Length:N0} characters");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{clock.Elapsed.TotalSeconds:N1} s");
        Assert.Contains("einzeilig.csv, ", html, StringComparison.Ordinal);
        Assert.Contains("mehr als 16.384 Spalten", html, StringComparison.Ordinal);
        Assert.Empty(Previews());
    }

    [Fact]
    public async Task The_preview_shows_at_most_20_rows_and_30_columns_and_cancelling_the_wizard_deletes_the_file()
    {
        var browser = await AnalystAsync();
        var html = await PreviewAsync(browser, "breit.csv", Table(50, 40, (r, c) => r == 1 && c == 1 ? new string('y', 5_000) : $"{r}/{c}"));

        var table = Regex.Match(html, "<caption>Vorschau der Datei, wie sie gelesen wird</caption>(.*?)</table>", RegexOptions.Singleline).Groups[1].Value;
        var body = Regex.Match(table, "<tbody>(.*?)</tbody>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(20, Regex.Count(body, "<tr>"));
        Assert.Equal(20 * 30, Regex.Count(body, "<td>"));
        Assert.Equal(30, Regex.Count(table, "<th scope=\"col\">"));
        Assert.Contains("<td>20/30</td>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("21/1", html, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('y', 100), html, StringComparison.Ordinal);
        Assert.Contains("Von den 40 Spalten zeigt sie die ersten 30", html, StringComparison.Ordinal);
        var stored = Assert.Single(Previews());

        var cancelled = await StepAsync(browser, "Cancel", html, new());

        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Equal("/Arbeitsbereich", cancelled.Headers.Location?.OriginalString);
        Assert.False(File.Exists(stored));
    }

    /// <summary>The mapping form's fields: area by name in "Gemeinde", period "Jahr", two value columns.</summary>
    static Dictionary<string, string> Mapping(int headerRow, params (string InFile, string Key)[] names)
    {
        var fields = new Dictionary<string, string>
        {
            ["SourceName"] = "Ausländerbehörde (Assistent)",
            ["Form.HeaderRow"] = headerRow.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.AreaColumn"] = "Gemeinde",
            ["Form.AreaBy"] = "Name",
            ["Form.PeriodColumn"] = "Jahr",
            ["Form.NumberFormat"] = "German",
            ["Form.RejectPercent"] = "0",
            ["Form.Columns[0].Column"] = "Gemeinde", ["Form.Columns[0].Role"] = "None",
            ["Form.Columns[1].Column"] = "Jahr", ["Form.Columns[1].Role"] = "None",
            ["Form.Columns[2].Column"] = "Personen", ["Form.Columns[2].Role"] = "Value", ["Form.Columns[2].Code"] = "EIG_ABH_PERSONEN",
            ["Form.Columns[2].Label"] = "Ausländische Personen", ["Form.Columns[2].Unit"] = "Anzahl",
            ["Form.Columns[3].Column"] = "davon Duldung", ["Form.Columns[3].Role"] = "Value", ["Form.Columns[3].Code"] = "EIG_ABH_DULDUNG",
            ["Form.Columns[3].Label"] = "Personen mit Duldung", ["Form.Columns[3].Unit"] = "Anzahl",
        };
        for (var i = 0; i < names.Length; i++)
        {
            fields[$"Form.Names[{i}].InFile"] = names[i].InFile;
            fields[$"Form.Names[{i}].Key"] = names[i].Key;
        }
        return fields;
    }

    /// <summary>Follows a queued import from its job page to its finished run page.</summary>
    static async Task<string> FinishedRunAsync(HttpClient browser, HttpResponseMessage queued)
    {
        Assert.Equal(HttpStatusCode.Redirect, queued.StatusCode);
        var location = queued.Headers.Location!.OriginalString;
        Assert.StartsWith("/Arbeitsbereich/Auftraege/", location, StringComparison.Ordinal);
        var clock = Stopwatch.StartNew();
        var html = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var response = await browser.GetAsync(location);
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                location = response.Headers.Location!.OriginalString;
                continue;
            }
            html = await response.Content.ReadAsStringAsync();
            if (location.StartsWith("/Arbeitsbereich/Laeufe/", StringComparison.Ordinal) && !html.Contains("<strong>läuft</strong>", StringComparison.Ordinal)) return html;
            Assert.DoesNotContain("fehlgeschlagen", html, StringComparison.Ordinal);
            await Task.Delay(250);
        }
        throw new TimeoutException($"The import queued at {queued.Headers.Location} did not finish within a minute ({location}): {(html.Length > 3000 ? html[^3000..] : html)}");
    }

    [Fact]
    public async Task A_windows_1252_file_with_names_is_mapped_checked_confirmed_imported_as_a_job_and_next_years_file_goes_to_the_same_source()
    {
        // A Sozialraum named like the Gemeinde Verl, so that "Verl" needs a choice; created as an Analyst would, so the
        // data version moves and no cached list of names misses it.
        await host.Factory.Services.GetRequiredService<Monitoring.Core.Areas.AreaWrites>()
            .CreateSubMunicipalAsync("test", new Monitoring.Core.Areas.SubMunicipalDraft("05754008-S01", "Verl", Monitoring.Core.Areas.AreaLevel.Sozialraum, "05754008"));
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var windows1252 = Encoding.GetEncoding(1252);
        byte[] File(int year) => windows1252.GetBytes(
            $"Ausländerbehörde Kreis Gütersloh, Stand 31.12.{year}\r\nGemeinde;Jahr;Personen;davon Duldung\r\n" +
            $"Gütersloh;{year};2.134;120\r\nSchloß Holte-Stukenbrock;{year};312;8\r\nHerzebrok-Clarholz;{year};200;5\r\nVerl;{year};150;-\r\n");
        var browser = await AnalystAsync();

        var first = await PreviewAsync(browser, "abh.csv", File(2023));
        GermanText.Assert(first, "preview");
        Assert.Contains("gelesen als Windows-1252", first, StringComparison.Ordinal);
        Assert.Contains("Ausländerbehörde Kreis Gütersloh", first, StringComparison.Ordinal);

        // The title line is no header: line 2 is, read again.
        var reread = await (await StepAsync(browser, "Reread", first, new() { ["Form.HeaderRow"] = "2" })).Content.ReadAsStringAsync();
        Assert.Contains("<th scope=\"col\">davon Duldung</th>", reread, StringComparison.Ordinal);
        Assert.Contains("<td>Schloß Holte-Stukenbrock</td>", reread, StringComparison.Ordinal);

        var checkedPage = await (await StepAsync(browser, "Check", reread, Mapping(2))).Content.ReadAsStringAsync();
        GermanText.Assert(checkedPage, "check");
        Assert.Contains("8 Einträge gelesen: 4 Werte würden gespeichert", checkedPage, StringComparison.Ordinal);
        Assert.Contains("Schloß Holte-Stukenbrock (05754036)", checkedPage, StringComparison.Ordinal);
        Assert.Contains("<option value=\"05754020\">Herzebrock-Clarholz (Kreis Gütersloh, 05754020)</option>", checkedPage, StringComparison.Ordinal);
        Assert.Contains("passt auf mehrere Gebiete", checkedPage, StringComparison.Ordinal);
        Assert.Contains("<option value=\"05754044\">Verl (Kreis Gütersloh, 05754044)</option>", checkedPage, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFiles(host.Uploads), f => !Path.GetFileName(f).StartsWith("vorschau-", StringComparison.Ordinal));

        var run = await FinishedRunAsync(browser, await StepAsync(browser, "Import", checkedPage, Mapping(2, ("Herzebrok-Clarholz", "05754020"), ("Verl", "05754044"))));
        Assert.Contains("<strong>erfolgreich</strong>", run, StringComparison.Ordinal);
        GermanText.Assert(run, "run");
        Assert.Contains("8 gelesen, 8 neu", run, StringComparison.Ordinal);
        Assert.Contains("Windows-1252", run, StringComparison.Ordinal);
        Assert.Empty(Previews());

        // The raw data, as stored and as a download.
        var variablePage = await browser.GetStringAsync("/Arbeitsbereich/Variablen/EIG_ABH_PERSONEN");
        Assert.Matches("<th scope=\"row\">Schloß Holte-Stukenbrock <span class=\"area-meta\">05754036</span></th>\\s*<td class=\"num\">312</td>", variablePage);
        Assert.Contains("2.134", variablePage, StringComparison.Ordinal);
        var download = await browser.GetStringAsync("/Arbeitsbereich/Variablen/EIG_ABH_DULDUNG?format=csv");
        Assert.Contains("05754044;Verl;2023;;0;;Anzahl;EIG_ABH_DULDUNG;", download, StringComparison.Ordinal);

        // An indicator from the two imported variables: the editor knows them by label, the formula check accepts them.
        var editor = await browser.GetStringAsync("/Arbeitsbereich/Indikatoren");
        Assert.Contains("<strong>Personen mit Duldung</strong> <code>v('EIG_ABH_DULDUNG')</code>", editor, StringComparison.Ordinal);
        var saved = await (await browser.PostAsync("/Arbeitsbereich/Indikatoren?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token().Match(editor).Groups[1].Value,
            ["Code"] = "EIG_DULDUNG_ANT", ["NameDe"] = "Anteil mit Duldung", ["NameEn"] = "Share with toleration", ["Definition"] = "Personen mit Duldung je 100 ausländische Personen",
            ["Field"] = "__neu__", ["NewField"] = "Aufenthalt", ["Numerator"] = "v('EIG_ABH_DULDUNG')", ["Denominator"] = "v('EIG_ABH_PERSONEN')", ["Factor"] = "100", ["Unit"] = "%",
            ["Decimals"] = "1", ["Direction"] = "Down", ["Levels"] = "Gemeinde", ["Source"] = "Ausländerbehörde",
        }))).Content.ReadAsStringAsync();
        Assert.Contains("Gespeichert und neu berechnet", saved, StringComparison.Ordinal);
        var indicatorPage = await browser.GetStringAsync("/Indikatoren/EIG_DULDUNG_ANT?gebiete=05754008,05754036");
        Assert.Contains("5,6", indicatorPage, StringComparison.Ordinal); // Gütersloh 2023: 120 of 2.134
        Assert.Contains("Aufenthalt", await browser.GetStringAsync("/Indikatoren"), StringComparison.Ordinal);

        // The source remembers the choices: next year's file needs none, and its values join the series.
        var database = host.Factory.Services.GetRequiredService<Monitoring.Core.Storage.Database>();
        var source = await Monitoring.Ingestion.Imports.DataSourceQueries.FindSourceAsync(database, "Ausländerbehörde (Assistent)");
        Assert.Equal("05754020", source!.Settings.Mapping!.AreaNames["Herzebrok-Clarholz"]);
        var next = await browser.GetStringAsync($"{Page}?quelle={source.Id}");
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(Token().Match(next).Groups[1].Value), "__RequestVerificationToken" },
            { new ByteArrayContent(File(2024)), "file", "abh-2024.csv" },
        };
        var nextPreview = await (await browser.PostAsync($"{Page}?quelle={source.Id}&handler=Preview", upload)).Content.ReadAsStringAsync();
        Assert.Contains("value=\"2\"", nextPreview, StringComparison.Ordinal);
        var fields = Mapping(2);
        fields["__RequestVerificationToken"] = Token().Match(nextPreview).Groups[1].Value;
        fields["StoredFile"] = StoredFile().Match(nextPreview).Groups[1].Value;
        fields["FileName"] = FileName().Match(nextPreview).Groups[1].Value;
        var nextCheck = await (await browser.PostAsync($"{Page}?quelle={source.Id}&handler=Check", new FormUrlEncodedContent(fields))).Content.ReadAsStringAsync();
        Assert.Contains("8 Werte würden gespeichert", nextCheck, StringComparison.Ordinal);
        Assert.DoesNotContain("Gebiete, die eine Entscheidung brauchen", nextCheck, StringComparison.Ordinal);
        var second = await FinishedRunAsync(browser, await browser.PostAsync($"{Page}?quelle={source.Id}&handler=Import", new FormUrlEncodedContent(fields)));
        Assert.Contains("8 gelesen, 8 neu", second, StringComparison.Ordinal);
        Assert.Contains("2024", await browser.GetStringAsync("/Indikatoren/EIG_DULDUNG_ANT?gebiete=05754008"), StringComparison.Ordinal);
        var sourcePage = await browser.GetStringAsync($"/Arbeitsbereich/Quellen/{source.Id}");
        GermanText.Assert(sourcePage, "source");
        GermanText.Assert(variablePage, "variable");
        GermanText.Assert(editor, "indicator editor");
        Assert.Contains("16 aus 2 Läufen", sourcePage, StringComparison.Ordinal);
        Assert.Contains("abh-2024.csv", sourcePage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workbook_s_sheet_and_header_row_are_chosen_and_its_typed_cells_read_as_the_import_reads_them()
    {
        var workbook = new MemoryStream();
        Monitoring.Publishing.Exports.Spreadsheet.Write(workbook,
            new Monitoring.Publishing.Exports.Spreadsheet.Sheet("Hinweise", [["Quelle: Ausländerbehörde"], ["Stand 31.12.2023"]]),
            new Monitoring.Publishing.Exports.Spreadsheet.Sheet("Daten", [
                ["Ausländerbehörde Kreis Gütersloh"],
                ["Gemeinde", "Jahr", "Personen", "davon Duldung"],
                ["Rheda-Wiedenbrück", 2023, 1876.0, 41.0],
                ["Halle (Westf.)", 2023, 402.0, 9.0],
            ]));
        var browser = await AnalystAsync();
        var first = await PreviewAsync(browser, "abh.xlsx", workbook.ToArray());
        Assert.Contains("Tabellenblatt „Hinweise“", first, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Daten\">Daten</option>", first, StringComparison.Ordinal);

        var daten = await (await StepAsync(browser, "Reread", first, new() { ["Form.Sheet"] = "Daten", ["Form.HeaderRow"] = "2" })).Content.ReadAsStringAsync();
        Assert.Contains("<th scope=\"col\">davon Duldung</th>", daten, StringComparison.Ordinal);
        Assert.Contains("<td>Rheda-Wiedenbrück</td>", daten, StringComparison.Ordinal);

        var fields = Mapping(2);
        fields["Form.Sheet"] = "Daten";
        fields["SourceName"] = "Ausländerbehörde (Arbeitsmappe)";
        var checkedPage = await (await StepAsync(browser, "Check", daten, fields)).Content.ReadAsStringAsync();
        Assert.Contains("4 Einträge gelesen: 4 Werte würden gespeichert, 0 abgewiesen, 0 mit nicht zugeordnetem Gebiet.", checkedPage, StringComparison.Ordinal);
        Assert.Contains("<td>Rheda-Wiedenbrück (05754028)</td>", checkedPage, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">1.876</td>", checkedPage, StringComparison.Ordinal);
        GermanText.Assert(checkedPage, "workbook check");
        await StepAsync(browser, "Cancel", checkedPage, new());
    }

    [Fact]
    public async Task A_file_with_a_broken_row_fails_its_run_and_every_page_on_the_way_reads_german()
    {
        var browser = await AnalystAsync();
        var html = await PreviewAsync(browser, "kaputt.csv", Encoding.UTF8.GetBytes("Gemeinde;Jahr;Personen;davon Duldung\nGütersloh;2023;12x;3\nVerl;2023;5;1\n"));
        var fields = Mapping(1);
        fields["SourceName"] = "Kaputte Datei";
        var checkedPage = await (await StepAsync(browser, "Check", html, fields)).Content.ReadAsStringAsync();
        Assert.Contains("kaputt.csv, Zeile 2, Spalte 3", checkedPage, StringComparison.Ordinal);
        GermanText.Assert(checkedPage, "check");

        var run = await FinishedRunAsync(browser, await StepAsync(browser, "Import", checkedPage, fields));

        Assert.Contains("<strong>fehlgeschlagen (nichts übernommen)</strong>", run, StringComparison.Ordinal);
        Assert.Contains("<td>kaputt.csv</td><td class=\"num\">2</td><td class=\"num\">3</td>", run, StringComparison.Ordinal);
        GermanText.Assert(run, "failed run");
    }

    [Fact]
    public async Task A_preview_left_open_for_more_than_a_day_is_removed_when_the_next_is_stored()
    {
        var browser = await AnalystAsync();
        Directory.CreateDirectory(host.Uploads);
        var left = Path.Combine(host.Uploads, UploadFolder.NewPreviewName());
        await File.WriteAllTextAsync(left, "Gemeinde;Jahr;Personen\n05754008;2023;1\n");
        File.SetLastWriteTimeUtc(left, DateTime.UtcNow.AddDays(-2));

        var html = await PreviewAsync(browser, "neu.csv", Encoding.UTF8.GetBytes("Gemeinde;Jahr;Personen\n05754008;2023;1\n"));

        Assert.Contains("<td>05754008</td>", html, StringComparison.Ordinal);
        Assert.False(File.Exists(left));
        await StepAsync(browser, "Cancel", html, new());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    internal static partial Regex Token();

    [GeneratedRegex("name=\"StoredFile\" value=\"([^\"]*)\"")]
    private static partial Regex StoredFile();

    [GeneratedRegex("name=\"FileName\" value=\"([^\"]*)\"")]
    private static partial Regex FileName();
}
