using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Monitoring.Core.Accounts;
using Monitoring.Ingestion.Demo;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Http.Reports;

/// <summary>
/// Both templates generated on the demo data through the API and read back as a reader would: the PDF through poppler,
/// the Word file through OpenXml; a published edition frozen against a corrected re-import, and the comparison naming the change.
/// </summary>
[Collection(HangfireCollection.Name)]
public sealed partial class ReportTests(ApiHost host) : IClassFixture<ApiHost>
{
    const string Commentary = "Der Anteil steigt seit 2015 stetig; die Beratungsangebote wurden 2023 ausgebaut.";

    async Task<int> CreateAsync(object definition)
    {
        var response = await host.As(Role.Editor).PostAsJsonAsync("/api/reports", definition);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    async Task<JsonElement> PublishAsync(int id)
    {
        var response = await host.As(Role.Editor).PostAsync($"/api/reports/{id}/editions", null);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    async Task<string> DisplayAsync(string indicator, string area, int year) =>
        (await host.As(Role.Viewer).GetFromJsonAsync<JsonElement>($"/api/indicators/{indicator}/values?areas={area}")).GetProperty("values").EnumerateArray()
        .Single(v => v.GetProperty("year").GetInt32() == year).GetProperty("display").GetString()!;

    [Fact]
    public async Task The_integration_report_reads_back_from_pdf_and_word_with_headings_german_numbers_legend_and_page_numbers()
    {
        var id = await CreateAsync(new
        {
            title = "Integrationsbericht 2025",
            template = "Integrationsbericht",
            reportingDate = "2025-06-30",
            commentary = new Dictionary<string, string> { ["AUS_ANT"] = Commentary },
        });
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As(Role.Viewer).GetAsync($"/api/reports/{id}/preview.pdf")).StatusCode); // drafts are the Editors'
        Assert.Equal(HttpStatusCode.OK, (await host.As(Role.Editor).GetAsync($"/api/reports/{id}/preview.pdf")).StatusCode);
        await PublishAsync(id);

        var viewer = host.As(Role.Viewer);
        var pdf = await viewer.GetAsync($"/api/reports/{id}/editions/1.pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Integrationsbericht-2025-Ausgabe-1.pdf", pdf.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        var (text, pages) = await PdfText.ReadAsync(await pdf.Content.ReadAsByteArrayAsync());

        var kreis2024 = await DisplayAsync("AUS_ANT", "05754", 2024);
        Assert.Matches(@"^\d{1,3},\d$", kreis2024); // German decimal comma, e.g. "14,3"
        Assert.True(pages >= 10, $"{pages} pages");
        foreach (var expected in new[]
                 {
                     "Integrationsbericht 2025", "Inhalt", "1 Einleitung", "2 Zielerreichung im Überblick", "Bevölkerung und Migration", "Ausländeranteil",
                     "Methodik und Quellen", "Zeichenerklärung", "Zahlenwert unbekannt oder geheim zu halten", "Bruch in der Zeitreihe", "Beispieldaten",
                     "Berichtsstand", "30.06.2025", "Ausgabe 1 vom", $"Seite 2 von {pages}", $"Seite {pages} von {pages}", Commentary[..40], kreis2024,
                     "Quelle:", "auf Kurs",
                 })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
        Assert.Matches(@"Stand der Daten\s+\d{2}\.\d{2}\.\d{4}", text);
        Assert.DoesNotMatch(@"\b20\.2[0-4]\b", text.Replace("30.06.2025", "", StringComparison.Ordinal)); // years are never printed as 2.020 or 20.24
        // The table of contents gives the page a chapter starts on.
        var methods = Regex.Match(text, @"Methodik und Quellen\s*\.*\s*(\d+)");
        Assert.True(methods.Success);
        Assert.True(int.Parse(methods.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is var page && page > 2 && page <= pages);

        var docx = await viewer.GetAsync($"/api/reports/{id}/editions/1.docx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Content.Headers.ContentType!.MediaType);
        using var stream = new MemoryStream(await docx.Content.ReadAsByteArrayAsync());
        using var word = WordprocessingDocument.Open(stream, false);
        var body = word.MainDocumentPart!.Document.Body!;
        var headings = body.Elements<Paragraph>().Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value is "Heading1" or "Heading2")
            .Select(p => (Style: p.ParagraphProperties!.ParagraphStyleId!.Val!.Value, p.InnerText)).ToList();
        Assert.Contains(("Heading1", "1 Einleitung"), headings);
        Assert.Contains(headings, h => h.Style == "Heading1" && h.InnerText.EndsWith("Methodik und Quellen", StringComparison.Ordinal));
        Assert.Contains(headings, h => h.Style == "Heading2" && h.InnerText.Contains("Ausländeranteil", StringComparison.Ordinal));
        var styles = word.MainDocumentPart.StyleDefinitionsPart!.Styles!.Elements<Style>().ToDictionary(s => s.StyleId!.Value!);
        Assert.Equal("heading 1", styles["Heading1"].StyleName!.Val!.Value);
        var tables = body.Elements<Table>().ToList();
        Assert.True(tables.Count > 20);
        Assert.Contains(tables.SelectMany(t => t.Descendants<TableCell>()), c => c.InnerText == kreis2024);
        Assert.Contains(tables.SelectMany(t => t.Descendants<TableCell>()), c => c.InnerText == "Zahlenwert unbekannt oder geheim zu halten");
        Assert.True(tables.All(t => t.Elements<TableRow>().First().TableRowProperties?.GetFirstChild<TableHeader>() is not null)); // header repeats on each page
        var charts = word.MainDocumentPart.ImageParts.Count();
        Assert.True(charts >= 15, $"{charts} charts");
        Assert.Equal(charts, body.Descendants<Drawing>().Count());
        Assert.Contains(body.Descendants<FieldCode>(), f => f.Text.Contains("TOC", StringComparison.Ordinal));
        Assert.Contains(word.MainDocumentPart.FooterParts.Single().Footer!.Descendants<SimpleField>(), f => f.Instruction!.Value!.Contains("PAGE", StringComparison.Ordinal));
        Assert.Equal(11906u, body.GetFirstChild<SectionProperties>()!.GetFirstChild<PageSize>()!.Width!.Value); // A4
        Assert.Contains(Commentary, body.InnerText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Goal_attainment_at_a_glance_is_one_landscape_page_with_every_target_and_its_status()
    {
        var id = await CreateAsync(new { title = "Zielerreichung auf einen Blick – Ausschuss für Integration", template = "Zielerreichung", reportingDate = "2025-09-01" });
        await PublishAsync(id);
        var goals = await host.As(Role.Viewer).GetFromJsonAsync<JsonElement>("/api/goals");
        var targets = goals.EnumerateArray().SelectMany(g => g.GetProperty("goals").EnumerateArray()).SelectMany(g => g.GetProperty("targets").EnumerateArray()).ToList();

        var (text, pages) = await PdfText.ReadAsync(await host.As(Role.Viewer).GetByteArrayAsync($"/api/reports/{id}/editions/1.pdf"));
        Assert.Equal(1, pages);
        Assert.Contains("Zielerreichung auf einen Blick", text, StringComparison.Ordinal);
        Assert.Contains($"{targets.Count} Ziele:", text, StringComparison.Ordinal);
        Assert.Contains("Seite 1 von 1", text, StringComparison.Ordinal);
        Assert.Contains("geheim zu halten", text, StringComparison.Ordinal); // the legend in small print
        foreach (var target in targets.Where(t => t.GetProperty("targetValue").ValueKind == JsonValueKind.Number))
        {
            // Target values in German notation with the indicator's decimals, and the target year.
            var decimals = (await host.As(Role.Viewer).GetFromJsonAsync<JsonElement>($"/api/indicators/{target.GetProperty("indicator").GetString()}")).GetProperty("decimals").GetInt32();
            var value = target.GetProperty("targetValue").GetDouble().ToString("N" + decimals, System.Globalization.CultureInfo.GetCultureInfo("de-DE"));
            Assert.Contains($"{value} ({target.GetProperty("targetYear").GetInt32()})", text, StringComparison.Ordinal);
        }
        Assert.Matches(@"Stand der Daten: \d{2}\.\d{2}\.\d{4}", text);

        using var stream = new MemoryStream(await host.As(Role.Viewer).GetByteArrayAsync($"/api/reports/{id}/editions/1.docx"));
        using var word = WordprocessingDocument.Open(stream, false);
        var body = word.MainDocumentPart!.Document.Body!;
        var size = body.GetFirstChild<SectionProperties>()!.GetFirstChild<PageSize>()!;
        Assert.Equal(PageOrientationValues.Landscape, size.Orient!.Value);
        var rows = body.Elements<Table>().Single().Elements<TableRow>().ToList();
        Assert.Equal(targets.Count + 1, rows.Count);
        Assert.All(rows.Skip(1), r => Assert.Matches("^■ (Ziel erreicht|auf Kurs|leichte Abweichung|deutliche Abweichung|entfernt sich vom Ziel|zu wenige Daten)$", r.Elements<TableCell>().Last().InnerText));
    }

    [Fact]
    public async Task A_published_edition_stays_as_published_after_a_corrected_import_and_the_next_edition_lists_the_revision()
    {
        var id = await CreateAsync(new { title = "Bevölkerung kompakt", template = "Integrationsbericht", reportingDate = "2025-03-31", indicators = new[] { "AUS_ANT" } });
        await PublishAsync(id);
        var viewer = host.As(Role.Viewer);
        var frozenJson = await viewer.GetStringAsync($"/api/reports/{id}/editions/1");
        var before = await DisplayAsync("AUS_ANT", "05754", 2024);

        // A corrected delivery: 2,000 more foreign residents in the Kreis at the end of 2024 (the row of all ages).
        var demo = DemoDataGenerator.Files()["12411_bevoelkerung_beispieldaten_flat.csv"].Split('\n');
        var row = demo.Single(l => l.Contains(";31.12.2024;KREISE;", StringComparison.Ordinal) && l.Contains(";NATA;", StringComparison.Ordinal) && l.Contains(";ALTX21;", StringComparison.Ordinal)
            && l.Contains(";;Insgesamt;", StringComparison.Ordinal));
        var count = int.Parse(row[(row.LastIndexOf(';') + 1)..].Replace(".", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        var corrected = row[..(row.LastIndexOf(';') + 1)] + (count + 2000).ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("de-DE"));
        var sources = await host.As(Role.Analyst).GetFromJsonAsync<JsonElement>("/api/sources");
        var source = sources.EnumerateArray().Single(s => s.GetProperty("name").GetString()!.Contains("Bevölkerungsstand", StringComparison.Ordinal)).GetProperty("id").GetInt32();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(demo[0] + "\n" + corrected + "\n")), "file", "12411_korrektur.csv" } };
        var run = await (await host.As(Role.Analyst).PostAsync($"/api/sources/{source}/upload?wait=true", form)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Succeeded", run.GetProperty("status").GetString());
        var after = await DisplayAsync("AUS_ANT", "05754", 2024);
        Assert.NotEqual(before, after);

        // Edition 1 is what the committee saw, to the byte, and its PDF still prints the old figure.
        Assert.Equal(frozenJson, await viewer.GetStringAsync($"/api/reports/{id}/editions/1"));
        var (first, _) = await PdfText.ReadAsync(await viewer.GetByteArrayAsync($"/api/reports/{id}/editions/1.pdf"));
        Assert.Matches($@"2024\s+{Regex.Escape(before)}\s", first);
        Assert.DoesNotMatch($@"2024\s+{Regex.Escape(after)}\s", first);

        var second = await PublishAsync(id);
        Assert.Equal(2, second.GetProperty("edition").GetInt32());
        var revision = second.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "Revised");
        Assert.Equal("Kreis Gütersloh", revision.GetProperty("area").GetString());
        Assert.Equal(2024, revision.GetProperty("year").GetInt32());
        Assert.Equal(before, revision.GetProperty("before").GetString());
        Assert.Equal(after, revision.GetProperty("after").GetString());

        var (text, _) = await PdfText.ReadAsync(await viewer.GetByteArrayAsync($"/api/reports/{id}/editions/2.pdf"));
        Assert.Contains("Änderungen seit Ausgabe 1", text, StringComparison.Ordinal);
        Assert.Matches($@"Wert revidiert\s+Ausländeranteil\s+Kreis Gütersloh\s+2024\s+{Regex.Escape(before)}\s+{Regex.Escape(after)}", text);
        Assert.Equal(HttpStatusCode.Conflict, (await host.As(Role.Editor).DeleteAsync($"/api/reports/{id}")).StatusCode); // published: on record
    }

    [Fact]
    public async Task A_definition_with_errors_is_refused_naming_each_field()
    {
        var response = await host.As(Role.Editor).PostAsJsonAsync("/api/reports", new
        {
            title = " ",
            template = "Jahresbericht",
            reportingDate = "2025-06-30",
            areas = new[] { "99999" },
            indicators = new[] { "GIBTS_NICHT" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "title", "template", "areas", "indicators" }) Assert.True(errors.TryGetProperty(field, out _), field);

        var draft = await CreateAsync(new { title = "Entwurf", template = "Zielerreichung", reportingDate = "2025-06-30" });
        // A draft is the Editors' until published.
        Assert.Equal(HttpStatusCode.NotFound, (await host.As(Role.Viewer).GetAsync($"/api/reports/{draft}")).StatusCode);
        Assert.DoesNotContain((await host.As(Role.Viewer).GetFromJsonAsync<JsonElement>("/api/reports")).EnumerateArray(), r => r.GetProperty("id").GetInt32() == draft);
        Assert.Contains((await host.As(Role.Editor).GetFromJsonAsync<JsonElement>("/api/reports")).EnumerateArray(), r => r.GetProperty("id").GetInt32() == draft);
        var badGoal = await host.As(Role.Editor).PutAsJsonAsync($"/api/reports/{draft}", new { title = "Entwurf", template = "Zielerreichung", reportingDate = "2025-06-30", goals = new[] { 999_999 } });
        Assert.True((await badGoal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("goals", out _));
        Assert.Equal(HttpStatusCode.NoContent, (await host.As(Role.Editor).DeleteAsync($"/api/reports/{draft}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.As(Role.Editor).GetAsync($"/api/reports/{draft}")).StatusCode);
    }

    /// <summary>Issue 15, finding 8: the Editors' unpublished edits of a published report used to be served to every reader.</summary>
    [Fact]
    public async Task Below_editor_a_published_report_reads_as_published_never_with_the_editors_unpublished_changes()
    {
        var id = await CreateAsync(new
        {
            title = "Zielbericht 2025",
            template = "Zielerreichung",
            reportingDate = "2025-06-30",
            commentary = new Dictionary<string, string> { ["AUS_ANT"] = Commentary },
        });
        await PublishAsync(id);
        const string Unpublished = "Noch nicht abgestimmt: Die Quote sinkt 2026 vermutlich.";
        var edit = await host.As(Role.Editor).PutAsJsonAsync($"/api/reports/{id}", new
        {
            title = "Zielbericht 2025 (Entwurf der Überarbeitung)",
            template = "Zielerreichung",
            reportingDate = "2025-12-31",
            commentary = new Dictionary<string, string> { ["AUS_ANT"] = Unpublished },
        });
        Assert.Equal(HttpStatusCode.NoContent, edit.StatusCode);

        foreach (var reader in new[] { host.As(Role.Viewer), host.Factory.CreateClient() })
        {
            var report = await reader.GetStringAsync($"/api/reports/{id}");
            Assert.DoesNotContain(Unpublished, report, StringComparison.Ordinal);
            Assert.DoesNotContain("Überarbeitung", report, StringComparison.Ordinal);
            Assert.DoesNotContain("2025-12-31", report, StringComparison.Ordinal);
            Assert.Contains("2025-06-30", report, StringComparison.Ordinal);
            var list = await reader.GetStringAsync("/api/reports");
            Assert.DoesNotContain(Unpublished, list, StringComparison.Ordinal);
            Assert.DoesNotContain("Überarbeitung", list, StringComparison.Ordinal);
            var page = await reader.GetStringAsync($"/Berichte/{id}");
            Assert.DoesNotContain("Überarbeitung", page, StringComparison.Ordinal);
            Assert.DoesNotContain("31.12.2025", page, StringComparison.Ordinal);
            Assert.DoesNotContain("Überarbeitung", await reader.GetStringAsync("/Berichte"), StringComparison.Ordinal);
        }
        var editor = await host.As(Role.Editor).GetStringAsync($"/api/reports/{id}");
        Assert.Contains(Unpublished, editor, StringComparison.Ordinal);
    }
}
