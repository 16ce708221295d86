using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Cell = DocumentFormat.OpenXml.Spreadsheet.Cell;
using Monitoring.Publishing.Exports;
using Monitoring.Core.Accounts;
using Monitoring.Core.Indicators;
using Monitoring.Core.Observations;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Http.Indicators;

[Collection(HangfireCollection.Name)]
public sealed class IndicatorApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    const string Query = "areas=05754,05754008&from=2020&to=2024";

    [Fact]
    public async Task The_catalog_lists_the_indicators_with_their_metadata()
    {
        var catalog = await host.As(Role.Viewer).GetFromJsonAsync<JsonElement>("/api/indicators");

        Assert.True(catalog.GetArrayLength() >= 25);
        var share = catalog.EnumerateArray().Single(i => i.GetProperty("code").GetString() == "AUS_ANT");
        Assert.Equal("Ausländeranteil", share.GetProperty("nameDe").GetString());
        Assert.Equal("v('BEVSTD', 'NAT=NATA')", share.GetProperty("numerator").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await host.As(Role.Viewer).GetAsync("/api/indicators/GIBTS_NICHT")).StatusCode);
    }

    [Fact]
    public async Task Values_come_with_german_display_numerator_denominator_and_the_files_they_came_from_and_an_etag()
    {
        var client = host.As(Role.Viewer);
        var response = await client.GetAsync($"/api/indicators/AUS_ANT/values?{Query}");
        var body = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();

        var values = body.GetProperty("values").EnumerateArray().ToList();
        Assert.Equal(10, values.Count); // 2 areas × 5 years
        var kreis = values.First(v => v.GetProperty("areaKey").GetString() == "05754" && v.GetProperty("year").GetInt32() == 2024);
        var value = kreis.GetProperty("value").GetDouble();
        Assert.Equal(kreis.GetProperty("numerator").GetDouble() / kreis.GetProperty("denominator").GetDouble() * 100, value, 9);
        Assert.Equal(value.ToString("N1", System.Globalization.CultureInfo.GetCultureInfo("de-DE")), kreis.GetProperty("display").GetString());
        Assert.NotEmpty(kreis.GetProperty("importRuns").EnumerateArray());
        Assert.Contains(body.GetProperty("sources").EnumerateArray(), s => s.GetProperty("fileName").GetString() == "12411_bevoelkerung_beispieldaten_flat.csv");

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/indicators/AUS_ANT/values?{Query}");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);

        var bad = await client.GetAsync("/api/indicators/AUS_ANT/values?from=2024&to=2020");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("to", out _));
    }

    [Fact]
    public async Task A_disaggregated_indicator_lists_its_groups_and_serves_each()
    {
        var client = host.As(Role.Viewer);
        var groups = await client.GetFromJsonAsync<string[]>("/api/indicators/AZR_DAUER10/breakdowns");
        Assert.Contains("EIG_STAGRP=EIG_UKR", groups!);

        var ukraine = await client.GetFromJsonAsync<JsonElement>("/api/indicators/AZR_DAUER10/values?areas=05754&breakdown=EIG_STAGRP=EIG_UKR");
        var total = await client.GetFromJsonAsync<JsonElement>("/api/indicators/AZR_DAUER10/values?areas=05754");
        Assert.NotEmpty(ukraine.GetProperty("values").EnumerateArray());
        Assert.True(ukraine.GetProperty("values")[0].GetProperty("denominator").GetDouble() < total.GetProperty("values")[0].GetProperty("denominator").GetDouble());
    }

    [Fact]
    public async Task The_csv_opens_in_german_excel_with_the_same_numbers()
    {
        var client = host.As(Role.Viewer);
        var json = await client.GetFromJsonAsync<JsonElement>($"/api/indicators/AUS_ANT/values?{Query}");
        var response = await client.GetAsync($"/api/indicators/AUS_ANT/values.csv?{Query}");
        var bytes = await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal("AUS_ANT.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Gebietsschlüssel;Gebiet;Jahr;Wert;Zeichen;Zähler;Nenner;Einheit;Indikator", lines[0]);
        Assert.Equal(11, lines.Length);
        var first = json.GetProperty("values")[0];
        var cells = lines[1].Split(';');
        Assert.Equal(first.GetProperty("areaKey").GetString(), cells[0]);
        Assert.Equal(first.GetProperty("value").GetDouble(), double.Parse(cells[3], System.Globalization.CultureInfo.GetCultureInfo("de-DE")), 9);
        Assert.Contains(',', cells[3]);
    }

    [Fact]
    public void The_csv_writes_official_symbols_keeps_negative_numbers_and_neutralises_formulas()
    {
        var indicator = IndicatorCatalog.Shipped().Indicators.Single(i => i.Code == "AUS_VERAEND") with { NameDe = "=HYPERLINK(\"http://example.org\")" };
        IndicatorValue Value(string name, double? value, QualityFlags flags) => new("05754008", name, 2024, value, null, null, flags, DateTime.UtcNow, []);
        using var stream = new MemoryStream();

        ValueExport.WriteCsv(stream, indicator, [
            Value("Gütersloh", -1.5, QualityFlags.None),
            Value("@SUMME(A1)", null, QualityFlags.Secret),
            Value("+Verl", 12.25, QualityFlags.LimitedReliability | QualityFlags.Provisional),
            Value("Langenberg", 0, QualityFlags.ExactlyZero),
        ]);

        var lines = Encoding.UTF8.GetString(stream.ToArray()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(';')).ToList();
        Assert.Equal(["05754008", "Gütersloh", "2024", "-1,5", "", "", "", "%"], lines[1][..8]); // a negative number stays a number
        Assert.Equal("\"'=HYPERLINK(\"\"http://example.org\"\")\"", lines[1][8]);
        Assert.Equal("'@SUMME(A1)", lines[2][1]);
        Assert.Equal(".", lines[2][3]);
        Assert.Equal("'+Verl", lines[3][1]);
        Assert.Equal("12,25", lines[3][3]);
        Assert.Equal("( )p", lines[3][4]);
        Assert.Equal("0", lines[4][3]);
    }

    [Fact]
    public async Task The_xlsx_holds_numbers_as_numbers_and_explains_the_symbols()
    {
        var bytes = await (await host.As(Role.Viewer).GetAsync($"/api/indicators/AUS_ANT/values.xlsx?{Query}")).EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheets = document.WorkbookPart!.Workbook.Descendants<Sheet>().Select(s => s.Name!.Value).ToList();
        Assert.Equal(["Werte", "Erläuterungen"], sheets);
        var rows = document.WorkbookPart.WorksheetParts.First().Worksheet.Descendants<Row>().ToList();
        Assert.Equal(11, rows.Count);
        var valueCell = rows[1].Elements<Cell>().ElementAt(3);
        Assert.Equal(CellValues.Number, valueCell.DataType!.Value);
        Assert.InRange(double.Parse(valueCell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture), 1, 50);
        var legend = string.Join(" ", document.WorkbookPart.WorksheetParts.Last().Worksheet.Descendants<Text>().Select(t => t.Text));
        Assert.Contains("Zahlenwert unbekannt oder geheim zu halten", legend, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_chart_comes_as_svg_with_whole_years_and_as_png()
    {
        var client = host.As(Role.Viewer);
        var svg = await client.GetStringAsync("/api/indicators/AUS_ANT/chart.svg?areas=05754,05754008");
        // ScottPlot writes each label as a <text> element with the text on its own line.
        var texts = System.Text.RegularExpressions.Regex.Matches(svg, @"<text[^>]*>\s*([^<]*?)\s*</text>").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("Ausländeranteil", texts);
        Assert.Contains("2020", texts);
        Assert.DoesNotContain(texts, t => t.Contains("2.020", StringComparison.Ordinal) || t.Contains("2,020", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("eigene Berechnung", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains(',', StringComparison.Ordinal) && char.IsDigit(t[0])); // German decimal comma on the value axis

        var png = await client.GetByteArrayAsync("/api/indicators/AUS_ANT/chart.png?areas=05754");
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], png[..4]);
        Assert.True(png.Length > 5000);
    }

    static async Task<List<string>> ChartTextsAsync(HttpClient client, string address)
    {
        var svg = await client.GetStringAsync(address);
        return System.Text.RegularExpressions.Regex.Matches(svg, @"<text[^>]*>\s*([^<]*?)\s*</text>").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
    }

    [Fact]
    public async Task The_chart_marks_the_target_with_its_projection_band_the_series_break_and_the_peer_median()
    {
        var client = host.As(Role.Viewer);

        var goal = await ChartTextsAsync(client, "/api/indicators/SGB2_Q_AUS/chart.svg?areas=05754");
        Assert.Contains("Ziel Kreis Gütersloh: 15,0 (2030)", goal);
        Assert.Contains("Trendfortschreibung bis 2030 (90-%-Band)", goal);

        var population = await ChartTextsAsync(client, "/api/indicators/AUS_ANT/chart.svg?areas=05754008");
        Assert.Contains("Zeitreihenbruch ab 2022", population); // population figures on the Zensus 2022 base
        Assert.Contains(population, t => t.StartsWith("Median der Vergleichsgruppe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_analyst_previews_and_saves_an_indicator_a_broken_formula_is_refused_naming_the_field()
    {
        var analyst = host.As(Role.Analyst);
        var indicator = await analyst.GetFromJsonAsync<JsonElement>("/api/indicators/AUS_ANT");
        var text = indicator.GetRawText();

        var broken = await analyst.PutAsync("/api/indicators/AUS_ANT", JsonContent(text.Replace("v('BEVSTD', 'NAT=NATA')", "v('BEVSTD', 'NAT=NATA'", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        var problem = await broken.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Spalte", problem.GetProperty("errors").GetProperty("numerator")[0].GetString(), StringComparison.Ordinal);

        var newCode = text.Replace("\"AUS_ANT\"", "\"AUS_ANT_TEST\"", StringComparison.Ordinal).Replace("\"factor\":100", "\"factor\":1000", StringComparison.Ordinal);
        var preview = await (await analyst.PostAsync("/api/indicators/preview?areas=05754", JsonContent(newCode))).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(preview.GetArrayLength() >= 10);
        Assert.Equal(preview[0].GetProperty("numerator").GetDouble() / preview[0].GetProperty("denominator").GetDouble() * 1000, preview[0].GetProperty("value").GetDouble(), 9);

        Assert.Equal(HttpStatusCode.Created, (await analyst.PostAsync("/api/indicators", JsonContent(newCode))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await analyst.PostAsync("/api/indicators", JsonContent(newCode))).StatusCode);
        var stored = await analyst.GetFromJsonAsync<JsonElement>("/api/indicators/AUS_ANT_TEST/values?areas=05754&from=2024&to=2024");
        Assert.Equal(preview.EnumerateArray().Last().GetProperty("value").GetDouble(), stored.GetProperty("values")[0].GetProperty("value").GetDouble(), 9);
        var audit = await host.As(Role.Admin).GetFromJsonAsync<JsonElement>("/api/audit?entity=indicator&key=AUS_ANT_TEST");
        Assert.Equal("test-analyst", audit[0].GetProperty("userName").GetString());
    }

    static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");
}
