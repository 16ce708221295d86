using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Genesis;
using Monitoring.Tests.Hosting;
using Monitoring.Tests.Ingestion.Genesis;

namespace Monitoring.Tests.Web.Pages.Arbeitsbereich;

/// <summary>
/// Issue 16, part 6, in the dashboard: the workspace's "Katalogtabellen abrufen" fetches the catalog's tables through the
/// configured connection (here a replay of recorded real answers) in a background job and shows what came and what is missing.
/// </summary>
[Collection(HangfireCollection.Name)]
public sealed partial class CatalogFetchPageTests : IAsyncLifetime
{
    const string Password = "erstes-Admin-Passwort-42";

    GenesisReplayServer? replay;
    MonitoringFactory<Monitoring.Web.Program>? factory;

    public async ValueTask InitializeAsync()
    {
        replay = await GenesisReplayServer.StartAsync();
        replay.WithFile("12411-01-01-4", GenesisReplayServer.Regionalstatistik12411);
        factory = new(settings: new Dictionary<string, string?>
        {
            ["Auth:InitialAdmin:UserName"] = "admin",
            ["Auth:InitialAdmin:Password"] = Password,
            ["Demo:ImportOnFirstStart"] = "false",
            ["Genesis:Credentials:Regionalstatistik:BaseUrl"] = replay.BaseUrl,
            ["Genesis:Credentials:Regionalstatistik:Username"] = "KREIS-GT",
            ["Genesis:Credentials:Regionalstatistik:Password"] = "geheim",
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (factory is not null) await factory.DisposeAsync();
        if (replay is not null) await replay.DisposeAsync();
    }

    async Task<HttpClient> SignedInAsync()
    {
        var browser = factory!.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await browser.GetStringAsync("/Anmelden");
        var signedIn = await browser.PostAsync("/Anmelden", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin",
            ["Password"] = Password,
            ["ReturnUrl"] = "",
            ["__RequestVerificationToken"] = Token().Match(form).Groups[1].Value,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return browser;
    }

    [Fact]
    public async Task The_workspace_button_fetches_the_catalog_tables_and_reports_each()
    {
        var browser = await SignedInAsync();
        var page = await browser.GetStringAsync("/Arbeitsbereich");
        Assert.Contains("<button type=\"submit\">Katalogtabellen abrufen</button>", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Regionalstatistik\">Regionalstatistik (Regionalstatistik)</option>", page, StringComparison.Ordinal);

        var started = await browser.PostAsync("/Arbeitsbereich?handler=FetchCatalog", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["connection"] = "Regionalstatistik",
            ["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value,
        }));
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.Contains("abruf=Regionalstatistik", started.Headers.Location!.ToString(), StringComparison.Ordinal);

        var database = factory!.Services.GetRequiredService<Database>();
        for (var wait = 0; wait < 300 && await CatalogFetch.LastAsync(database) is null; wait++) await Task.Delay(200);
        var html = await browser.GetStringAsync("/Arbeitsbereich");
        Assert.Contains("Letzter Abruf: Regionalstatistik über „Regionalstatistik“", html, StringComparison.Ordinal);
        Assert.Matches(@"<td>12411-01-01-4</td>\s*<td>Kreis</td>\s*<td>BEVSTD</td>\s*<td>\s*<a href=""/Arbeitsbereich/Laeufe/\d+"">abgerufen und importiert \(Lauf \d+, 1\.467 Zeilen\)</a>", html);
        Assert.Contains("beim Amt nicht vorhanden", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
