using System.Net;
using System.Text.RegularExpressions;
using Monitoring.Tests.Hosting;


namespace Monitoring.Tests.Web.Pages;

/// <summary>The account page: API tokens.</summary>
[Collection(HangfireCollection.Name)]
public sealed class KontoPageTests(PagesHost pages) : PageTests(pages)
{
    [Fact]
    public async Task A_user_creates_a_script_token_on_the_account_page_uses_it_and_revokes_it()
    {
        var viewer = Browser();
        await SignInAsync(viewer, "test-viewer", "test-viewer-Passwort-1");
        var created = await (await PostFormAsync(viewer, "/Konto", "Create", new() { ["name"] = "Auswertung Sozialplanung" })).Content.ReadAsStringAsync();
        var secret = Regex.Match(created, "<code id=\"secret\">([^<]+)</code>").Groups[1].Value;
        Assert.StartsWith("mon_", secret, StringComparison.Ordinal);

        var script = Host.Factory.CreateClient();
        script.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/account/me")).StatusCode);

        var tokenId = Regex.Matches(created, @"name=""tokenId"" value=""(\d+)""").Last().Groups[1].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(viewer, "/Konto", "Revoke", new() { ["tokenId"] = tokenId })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/account/me")).StatusCode);
        Assert.Contains("widerrufen am", await viewer.GetStringAsync("/Konto"), StringComparison.Ordinal);
    }
}
