using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Monitoring.Tests.Api;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Web;

[Collection(HangfireCollection.Name)]
public sealed partial class DashboardTests(ApiHost host) : IClassFixture<ApiHost>
{
    HttpClient Browser() => host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string user, string password, string? returnUrl = null)
    {
        var form = await browser.GetStringAsync("/Anmelden" + (returnUrl is null ? "" : "?ReturnUrl=" + Uri.EscapeDataString(returnUrl)));
        var token = Token().Match(form).Groups[1].Value;
        return await browser.PostAsync("/Anmelden", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user,
            ["Password"] = password,
            ["ReturnUrl"] = returnUrl ?? "",
            ["__RequestVerificationToken"] = token,
        }));
    }

    [Fact]
    public async Task Signing_in_on_the_german_form_leads_back_and_shows_the_role_a_wrong_password_says_so()
    {
        var browser = Browser();
        var wrong = await SignInAsync(browser, "admin", "falsch");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Benutzername oder Passwort ist falsch.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var right = await SignInAsync(browser, "admin", ApiHost.AdminPassword, "/Indikatoren");
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/Indikatoren", right.Headers.Location?.OriginalString);
        var page = await browser.GetStringAsync("/");
        Assert.Contains("(Administration)", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/Arbeitsbereich\"", page, StringComparison.Ordinal);

        var foreign = await SignInAsync(Browser(), "admin", ApiHost.AdminPassword, "https://example.org/");
        Assert.Equal("/", foreign.Headers.Location?.OriginalString); // never a redirect to another site
    }

    [Fact]
    public async Task The_job_dashboard_is_closed_to_anonymous_users_and_viewers_and_open_to_analysts()
    {
        var anonymous = await Browser().GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/Anmelden", anonymous.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var viewer = Browser();
        await SignInAsync(viewer, "test-viewer", "test-viewer-Passwort-1");
        var denied = await viewer.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/Zugriff-verweigert", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Arbeitsbereich\"", await viewer.GetStringAsync("/"), StringComparison.Ordinal);

        var analyst = Browser();
        await SignInAsync(analyst, "test-analyst", "test-analyst-Passwort-1");
        var dashboard = await analyst.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Aufträge – Integrationsmonitoring", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_indicator_page_shows_chart_table_with_german_numbers_methods_and_downloads_for_a_shareable_selection()
    {
        var html = await Browser().GetStringAsync("/Indikatoren/AUS_ANT?gebiete=05754,05754008");

        Assert.Contains("<h1>Ausländeranteil</h1>", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/api/indicators/AUS_ANT/chart.svg?areas=05754%2C05754008\"", html, StringComparison.Ordinal);
        Assert.Contains("alt=\"Liniendiagramm Ausländeranteil (%), 2012 bis 2024, für Kreis Gütersloh, Gütersloh", html, StringComparison.Ordinal);
        Assert.Matches(@"<td class=""num"">\d{1,2},\d</td>", html); // German decimal comma
        Assert.Contains("<th scope=\"col\" class=\"num\">2015</th>", html, StringComparison.Ordinal); // a year, never 2.015
        Assert.Contains("href=\"/api/indicators/AUS_ANT/values.csv?areas=05754%2C05754008\"", html, StringComparison.Ordinal);
        Assert.Contains("<code>v(&#x27;BEVSTD&#x27;, &#x27;NAT=NATA&#x27;)</code>", html, StringComparison.Ordinal);
        Assert.Contains("12411_bevoelkerung_beispieldaten_flat.csv", html, StringComparison.Ordinal);
        Assert.Contains("checked=\"checked\" /> Gütersloh", html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await Browser().GetAsync("/Indikatoren/GIBTS_NICHT")).StatusCode);
        var catalog = await Browser().GetStringAsync("/Indikatoren");
        Assert.Contains("href=\"/Indikatoren/AUS_ANT\"", catalog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_indicator_published_only_per_Kreis_says_so_instead_of_offering_empty_municipalities()
    {
        var html = await Browser().GetStringAsync("/Indikatoren/SGB2_Q_AUS");

        Assert.Contains("Dieser Indikator wird amtlich nur für Kreise und kreisfreie Städte veröffentlicht; für die Gemeinden gibt es keine Werte.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"05754008\"", html, StringComparison.Ordinal); // no municipality to choose
        Assert.Contains("value=\"05754\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Vergleich/SGB2_Q_AUS\"", html, StringComparison.Ordinal);
        Assert.Contains("Diesen Indikator gibt es nur für Kreise und kreisfreie Städte", await Browser().GetStringAsync("/Vergleich/SGB2_Q_AUS"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_municipality_profile_lists_its_indicators_with_change_rank_and_peer_group()
    {
        var html = await Browser().GetStringAsync("/Gebiete/05754008");

        Assert.Contains("<h1>Gütersloh</h1>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/Indikatoren/AUS_ANT?gebiete=05754008\"", html, StringComparison.Ordinal);
        // The Gemeinden's indicators (the only ones published down to them: the foreigners' share and its change) have
        // no desired direction, so no rank; the legend says why.
        Assert.Contains("Indikatoren ohne Wertungsrichtung haben keinen Rang", html, StringComparison.Ordinal);
        Assert.Matches(@"seit 2012</td>", html);                              // change since the first year
        // Every change in German notation with sign, a change that rounds to nothing as 0,0.
        Assert.All(Regex.Matches(html, @"<td class=""num"">([^<]*) seit \d{4}</td>").Select(m => m.Groups[1].Value), change => Assert.Matches(@"^((&#x2B;|−)\d+|0),\d$", change));
        Assert.Contains("<h2 id=\"vergleichsgruppe\">Vergleichsgruppe", html, StringComparison.Ordinal);
        // The peer group's median for the latest year equals the API's group median for that year.
        var row = Regex.Match(html, @"AUS_ANT\?gebiete=05754008"">[^<]+</a>.*?\((\d{4})\)</td>\s*<td class=""num"">[^<]*</td>\s*<td class=""num"">[^<]*</td>\s*<td class=""num"">([^<]+)</td>",
            RegexOptions.Singleline);
        Assert.True(row.Success);
        var grouping = await Browser().GetFromJsonAsync<System.Text.Json.JsonElement>("/api/peer-groups");
        var group = grouping.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("areaKey").GetString() == "05754008").GetProperty("group").GetInt32();
        var medians = await Browser().GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/peer-groups/medians?indicator=AUS_ANT&year={row.Groups[1].Value}");
        Assert.Equal(medians.GetProperty(group.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetDouble(),
            double.Parse(row.Groups[2].Value, System.Globalization.CultureInfo.GetCultureInfo("de-DE")), 1);
        Assert.Equal(HttpStatusCode.NotFound, (await Browser().GetAsync("/Gebiete/99999")).StatusCode);
    }

    [Fact]
    public async Task A_former_area_says_when_it_ended_and_its_successor_names_its_predecessors()
    {
        // Landkreis Göttingen (03152) and Osterode am Harz (03156) went into the new Landkreis Göttingen (03159) on 01.11.2016.
        var former = await Browser().GetStringAsync("/Gebiete/03152");
        Assert.Contains("besteht seit dem 01.11.2016 nicht mehr", former, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/Gebiete/03159\">Landkreis Göttingen</a>", former, StringComparison.Ordinal);

        var successor = await Browser().GetStringAsync("/Gebiete/03159");
        Assert.Contains("<h2 id=\"gebietsaenderungen\">Gebietsänderungen</h2>", successor, StringComparison.Ordinal);
        Assert.Contains("<code>03152</code>, bis 31.10.2016", successor, StringComparison.Ordinal);
        Assert.Contains("<code>03156</code>, bis 31.10.2016", successor, StringComparison.Ordinal);
        Assert.Contains("hier nicht umgerechnet", successor, StringComparison.Ordinal);

        // Its time series on the indicator page says where the years before the change are.
        var series = await Browser().GetStringAsync("/Indikatoren/AUS_ANT?gebiete=03159");
        Assert.Contains("Gebietsänderung: Landkreis Göttingen (<code>03159</code>) besteht in seinem heutigen Gebietsstand seit dem 01.11.2016", series, StringComparison.Ordinal);
        Assert.Contains("(03156)", series, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_comparison_shows_sorted_bars_a_tile_map_and_the_ranking_with_kreis_and_nrw_for_reference()
    {
        var html = await Browser().GetStringAsync("/Vergleich/AUS_ANT?jahr=2023");

        Assert.Contains("src=\"/api/indicators/AUS_ANT/comparison.svg?parent=05754&amp;year=2023\"", html, StringComparison.Ordinal);
        Assert.Equal(13, Regex.Matches(html, "class=\"tile\" role=\"listitem\"").Count);
        Assert.Contains("Kreis Gütersloh (Referenz)", html, StringComparison.Ordinal);
        Assert.Contains("Nordrhein-Westfalen (Referenz)", html, StringComparison.Ordinal);
        var body = html[html.LastIndexOf("<tbody>", StringComparison.Ordinal)..html.LastIndexOf("</tbody>", StringComparison.Ordinal)];
        var ranked = Regex.Matches(body, @"<td class=""num"">(\d+,\d)</td></tr>").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.GetCultureInfo("de-DE"))).ToList();
        Assert.Equal(13, ranked.Count);
        Assert.Equal(ranked.OrderDescending(), ranked);

        var svg = await Browser().GetStringAsync("/api/indicators/AUS_ANT/comparison.svg?parent=05754&year=2023");
        Assert.Contains("Rheda-Wiedenbrück", System.Net.WebUtility.HtmlDecode(svg), StringComparison.Ordinal);
        Assert.Contains("Kreis Gütersloh: ", System.Net.WebUtility.HtmlDecode(svg), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_goal_overview_groups_targets_by_field_filters_them_and_draws_a_sparkline_per_target()
    {
        var all = await Browser().GetStringAsync("/");
        Assert.Contains("<h3>Soziale Sicherung</h3>", all, StringComparison.Ordinal);
        Assert.Contains("<h3>Ausbildung und Arbeit</h3>", all, StringComparison.Ordinal);

        var filtered = await Browser().GetStringAsync("/?feld=" + Uri.EscapeDataString("Soziale Sicherung") + "&gebiet=05754");
        Assert.Contains("<h3>Soziale Sicherung</h3>", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain("<h3>Ausbildung und Arbeit</h3>", filtered, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Soziale Sicherung\" selected=\"selected\">", filtered, StringComparison.Ordinal);

        var sparkline = Regex.Match(filtered, "<img class=\"sparkline\" src=\"([^\"]+)\"").Groups[1].Value;
        Assert.Contains("/api/indicators/SGB2_Q_AUS/sparkline.svg?area=05754&amp;target=15", sparkline, StringComparison.Ordinal);
        var svg = await Browser().GetStringAsync(System.Net.WebUtility.HtmlDecode(sparkline));
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("<path", svg, StringComparison.Ordinal);
        Assert.Contains("Keine Ziele für diese Auswahl.", await Browser().GetStringAsync("/?gebiet=05754044"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_creates_an_account_on_the_user_page_viewers_cannot_open_it()
    {
        var admin = Browser();
        await SignInAsync(admin, "admin", ApiHost.AdminPassword);
        var page = await admin.GetStringAsync("/Verwaltung/Benutzer");
        var created = await admin.PostAsync("/Verwaltung/Benutzer?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["NewUserName"] = "ausschuss-mitglied",
            ["NewDisplayName"] = "Mitglied <b>Ausschuss</b>",
            ["NewRole"] = "Viewer",
            ["NewPassword"] = "ein-langes-Passwort-1",
            ["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value,
        }));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var listed = await admin.GetStringAsync("/Verwaltung/Benutzer");
        Assert.Contains("Mitglied &lt;b&gt;Ausschuss&lt;/b&gt;", listed, StringComparison.Ordinal); // encoded, never markup
        Assert.Contains("<span class=\"area-meta\">ausschuss-mitglied</span>", listed, StringComparison.Ordinal);

        var viewer = Browser();
        await SignInAsync(viewer, "test-viewer", "test-viewer-Passwort-1");
        Assert.StartsWith("/Zugriff-verweigert", (await viewer.GetAsync("/Verwaltung/Benutzer")).Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string page, string handler, Dictionary<string, string> fields)
    {
        var html = await browser.GetStringAsync(page);
        fields["__RequestVerificationToken"] = Token().Match(html).Groups[1].Value;
        return await browser.PostAsync($"{page}?handler={handler}", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task An_editor_adds_a_goal_with_a_target_in_the_editor_and_finds_it_assessed_on_the_overview()
    {
        var editor = Browser();
        await SignInAsync(editor, "test-editor", "test-editor-Passwort-1");
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(editor, "/Ziele/Bearbeiten", "Goal", new() { ["title"] = "Wohnen ohne Ausgrenzung", ["field"] = "Wohnen" })).StatusCode);
        var html = await editor.GetStringAsync("/Ziele/Bearbeiten");
        var guidingId = Regex.Match(html, @"<input type=""hidden"" name=""parentId"" value=""(\d+)"" />\s*<input type=""hidden"" name=""field"" value=""Wohnen"" />").Groups[1].Value;
        Assert.NotEmpty(guidingId);
        await PostFormAsync(editor, "/Ziele/Bearbeiten", "Goal", new() { ["parentId"] = guidingId, ["title"] = "Ausländeranteil in allen Gemeinden beobachten", ["field"] = "Wohnen" });
        html = await editor.GetStringAsync("/Ziele/Bearbeiten");
        var goalId = Regex.Match(html, @"<input type=""hidden"" name=""goalId"" value=""(\d+)"" />", RegexOptions.RightToLeft).Groups[1].Value;

        var invalid = await PostFormAsync(editor, "/Ziele/Bearbeiten", "Target", new()
        {
            ["goalId"] = goalId, ["indicator"] = "AUS_ANT", ["areaKey"] = "05754", ["baselineYear"] = "2015", ["targetYear"] = "2030", ["targetValue"] = "zwölf", ["direction"] = "Up",
        });
        Assert.Contains("Der Zielwert ist eine Zahl im deutschen Format", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var saved = await PostFormAsync(editor, "/Ziele/Bearbeiten", "Target", new()
        {
            ["goalId"] = goalId, ["indicator"] = "AUS_ANT", ["areaKey"] = "05754", ["baselineYear"] = "2015", ["targetYear"] = "2030", ["targetValue"] = "12,5", ["direction"] = "Up", ["department"] = "Integrationsbüro",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var overview = await Browser().GetStringAsync("/?feld=Wohnen");
        Assert.Contains("Ausländeranteil in allen Gemeinden beobachten", overview, StringComparison.Ordinal);
        Assert.Contains("12,5 bis 2030", overview, StringComparison.Ordinal);
        Assert.Contains("Integrationsbüro", overview, StringComparison.Ordinal);

        var viewer = Browser();
        await SignInAsync(viewer, "test-viewer", "test-viewer-Passwort-1");
        Assert.StartsWith("/Zugriff-verweigert", (await viewer.GetAsync("/Ziele/Bearbeiten")).Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_creates_a_script_token_on_the_account_page_uses_it_and_revokes_it()
    {
        var viewer = Browser();
        await SignInAsync(viewer, "test-viewer", "test-viewer-Passwort-1");
        var created = await (await PostFormAsync(viewer, "/Konto", "Create", new() { ["name"] = "Auswertung Sozialplanung" })).Content.ReadAsStringAsync();
        var secret = Regex.Match(created, "<code id=\"secret\">([^<]+)</code>").Groups[1].Value;
        Assert.StartsWith("mon_", secret, StringComparison.Ordinal);

        var script = host.Factory.CreateClient();
        script.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/account/me")).StatusCode);

        var tokenId = Regex.Matches(created, @"name=""tokenId"" value=""(\d+)""").Last().Groups[1].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(viewer, "/Konto", "Revoke", new() { ["tokenId"] = tokenId })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/account/me")).StatusCode);
        Assert.Contains("widerrufen am", await viewer.GetStringAsync("/Konto"), StringComparison.Ordinal);
    }

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

    /// <summary>Issue 16, part 4: rows on areas outside the directory are named on the run page with their counts.</summary>
    [Fact]
    public async Task The_run_page_names_the_unknown_areas_of_a_run_with_their_row_counts()
    {
        var source = await (await host.As(Monitoring.Core.Accounts.Role.Analyst).PostAsJsonAsync("/api/sources", new { name = "Mit fremden Gebieten", kind = "GenesisFlatFile" }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var csv = Monitoring.Tests.Ingest.GenesisSamples.GermanWide.Replace("05754044;Verl", "05799044;Nirgendwo", StringComparison.Ordinal);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "fremd.csv" } };
        var run = await (await host.As(Monitoring.Core.Accounts.Role.Analyst).PostAsync($"/api/sources/{source.GetProperty("id").GetInt32()}/upload?wait=true", form))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();

        var analyst = Browser();
        await SignInAsync(analyst, "test-analyst", "test-analyst-Passwort-1");
        var page = await analyst.GetStringAsync($"/Arbeitsbereich/Laeufe/{run.GetProperty("runId").GetInt64()}");
        Assert.Contains("<h2>Unbekannte Gebiete</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<tr><td>05799044</td><td>Nirgendwo</td><td class=\"num\">1</td></tr>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_analyst_changes_a_sources_schedule_in_the_workspace_and_sees_the_next_run()
    {
        var analyst = Browser();
        await SignInAsync(analyst, "test-analyst", "test-analyst-Passwort-1");
        var page = await analyst.GetStringAsync("/Arbeitsbereich");
        var id = Regex.Match(page, @"<input type=""hidden"" name=""id"" value=""(\d+)"" />").Groups[1].Value;

        var wrong = await (await PostFormAsync(analyst, "/Arbeitsbereich", "Schedule", new() { ["id"] = id, ["schedule"] = "montags", ["enabled"] = "true" })).Content.ReadAsStringAsync();
        Assert.Contains("ist kein gültiger Zeitplan", wrong, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(analyst, "/Arbeitsbereich", "Schedule", new() { ["id"] = id, ["schedule"] = "0 6 * * 1", ["enabled"] = "true" })).StatusCode);
        var after = await analyst.GetStringAsync("/Arbeitsbereich");
        Assert.Contains($"id=\"schedule-{id}\" name=\"schedule\" value=\"0 6 * * 1\"", after, StringComparison.Ordinal);
        Assert.Matches(@"<td>\d{2}\.\d{2}\.\d{4} 06:00</td>", after); // the next Monday, 6:00 German time
    }

    [Fact]
    public async Task The_stylesheet_linked_from_every_page_is_served()
    {
        var html = await Browser().GetStringAsync("/Anmelden");
        var href = Regex.Match(html, "<link rel=\"stylesheet\" href=\"([^\"]+)\"").Groups[1].Value;
        var css = await Browser().GetAsync(href);
        Assert.True(css.IsSuccessStatusCode, $"{href}: {(int)css.StatusCode}");
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
