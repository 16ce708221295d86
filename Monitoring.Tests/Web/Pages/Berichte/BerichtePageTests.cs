using System.Net;
using System.Text.RegularExpressions;
using Monitoring.Tests.Hosting;


namespace Monitoring.Tests.Web.Pages.Berichte;

/// <summary>The report pages: composing, previewing, publishing, the print view.</summary>
[Collection(HangfireCollection.Name)]
public sealed class BerichtePageTests(PagesHost pages) : PageTests(pages)
{
    [Fact]
    public async Task An_editor_composes_previews_and_publishes_a_report_and_a_viewer_reads_the_print_view_with_everything_encoded()
    {
        var editor = Browser();
        await SignInAsync(editor, "test-editor", "test-editor-Passwort-1");
        // Posted where the builder's own form posts, with its antiforgery token.
        var builder = await editor.GetStringAsync("/Berichte/Bearbeiten?vorlage=Integrationsbericht");
        var action = WebUtility.HtmlDecode(Regex.Match(builder, "<form method=\"post\" action=\"([^\"]+)\"[^>]*class=\"form report-builder\"").Groups[1].Value);
        Assert.Equal("/Berichte/Bearbeiten?handler=Save", action);
        async Task<HttpResponseMessage> SaveAsync(Dictionary<string, string> fields)
        {
            fields["__RequestVerificationToken"] = Token().Match(builder).Groups[1].Value;
            return await editor.PostAsync(action, new FormUrlEncodedContent(fields));
        }
        var invalid = await SaveAsync(new() { ["title"] = " ", ["template"] = "Integrationsbericht", ["reportingDate"] = "2025-06-30" });
        Assert.Contains("Bitte einen Titel angeben", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var saved = await SaveAsync(new()
        {
            ["title"] = "<script>alert(1)</script> Bericht an den Integrationsausschuss",
            ["template"] = "Integrationsbericht",
            ["reportingDate"] = "2025-06-30",
            ["areas"] = "05754",
            ["indicators"] = "AUS_ANT",
            ["commentary[AUS_ANT]"] = "Leicht steigend, <b>fett</b> gemeint.",
            ["commentary[EINB_RATE]"] = "",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = saved.Headers.Location!.OriginalString;
        var id = int.Parse(Regex.Match(page, @"^/Berichte/(\d+)$").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        // A draft is the Editors': not listed for viewers, its preview closed to them.
        var viewer = Browser();
        await SignInAsync(viewer, "test-viewer", "test-viewer-Passwort-1");
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync(page)).StatusCode);
        Assert.StartsWith("/Zugriff-verweigert", (await viewer.GetAsync($"{page}/Vorschau")).Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.StartsWith("/Anmelden", (await Browser().GetAsync($"{page}/Vorschau")).Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var preview = await editor.GetStringAsync($"{page}/Vorschau");
        Assert.Contains("Vorschau mit dem heutigen Datenstand", preview, StringComparison.Ordinal);
        Assert.Contains("Entwurf, nicht veröffentlicht", preview, StringComparison.Ordinal);

        // The report page's publish button posts to the builder's handler.
        var html = await editor.GetStringAsync(page);
        Assert.Contains($"action=\"/Berichte/Bearbeiten/{id}?handler=Publish\"", html, StringComparison.Ordinal);
        var published = await editor.PostAsync($"/Berichte/Bearbeiten/{id}?handler=Publish",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token().Match(html).Groups[1].Value }));
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);

        var listed = await viewer.GetStringAsync("/Berichte");
        Assert.Contains($"href=\"/Berichte/{id}\">&lt;script&gt;alert(1)&lt;/script&gt; Bericht an den Integrationsausschuss</a>", listed, StringComparison.Ordinal);
        var report = await viewer.GetStringAsync(page);
        Assert.Contains($"/api/reports/{id}/editions/1.pdf", report, StringComparison.Ordinal);
        Assert.Contains($"/Berichte/{id}/Ausgabe/1", report, StringComparison.Ordinal);
        Assert.DoesNotContain("Veröffentlichen", report, StringComparison.Ordinal); // no publishing for viewers

        var print = await viewer.GetStringAsync($"/Berichte/{id}/Ausgabe/1");
        Assert.DoesNotContain("<script>alert", print, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>fett</b>", print, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;fett&lt;/b&gt;", print, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"k1\">1 Einleitung</h2>", print, StringComparison.Ordinal);
        Assert.Contains("src=\"data:image/svg+xml;base64,", print, StringComparison.Ordinal);
        Assert.Contains("Zahlenwert unbekannt oder geheim zu halten", print, StringComparison.Ordinal);
        Assert.Contains("Ausgabe 1 vom", print, StringComparison.Ordinal);
        Assert.Contains("Kreis Gütersloh", print, StringComparison.Ordinal);
        Assert.DoesNotContain("Nordrhein-Westfalen</th>", print, StringComparison.Ordinal); // only the chosen area
    }
}
