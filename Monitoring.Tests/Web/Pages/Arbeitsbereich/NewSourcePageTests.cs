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

        public ValueTask InitializeAsync() => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => Factory.DisposeAsync();
    }

    const string Page = "/Arbeitsbereich/Neue-Quelle";

    async Task<HttpClient> AnalystAsync()
    {
        var browser = host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await browser.GetStringAsync("/Anmelden");
        var signedIn = await browser.PostAsync("/Anmelden", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin",
            ["Password"] = Host.Password,
            ["ReturnUrl"] = "",
            ["__RequestVerificationToken"] = Token().Match(form).Groups[1].Value,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return browser;
    }

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

        var body = Regex.Match(html, "<tbody>(.*?)</tbody>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(20, Regex.Count(body, "<tr>"));
        Assert.Equal(20 * 30, Regex.Count(body, "<td>"));
        Assert.Equal(30, Regex.Count(html, "<th scope=\"col\">"));
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

    [Fact]
    public async Task Finishing_the_wizard_imports_the_file_and_deletes_it()
    {
        var browser = await AnalystAsync();
        var html = await PreviewAsync(browser, "abh.csv", Encoding.UTF8.GetBytes("Gemeinde;Jahr;Personen\n05754008;2022;1.180\n05754008;2023;1.234\n"));
        var stored = Assert.Single(Previews());

        var finished = await StepAsync(browser, "Import", html, new()
        {
            ["SourceName"] = "Ausländerbehörde (Assistent)",
            ["AreaColumn"] = "Gemeinde",
            ["PeriodColumn"] = "Jahr",
            ["ValueColumn"] = "Personen",
            ["VariableCode"] = "ABH_ASSISTENT",
        });

        Assert.Equal(HttpStatusCode.Redirect, finished.StatusCode);
        Assert.StartsWith("/Arbeitsbereich/Laeufe/", finished.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.False(File.Exists(stored));
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
    private static partial Regex Token();

    [GeneratedRegex("name=\"StoredFile\" value=\"([^\"]*)\"")]
    private static partial Regex StoredFile();

    [GeneratedRegex("name=\"FileName\" value=\"([^\"]*)\"")]
    private static partial Regex FileName();
}
