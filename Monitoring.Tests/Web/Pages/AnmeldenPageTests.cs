using System.Net;
using System.Text.RegularExpressions;
using Monitoring.Tests.Hosting;
using Monitoring.Tests.Http;


namespace Monitoring.Tests.Web.Pages;

/// <summary>The sign-in page (Anmelden) and the stylesheet every page links.</summary>
[Collection(HangfireCollection.Name)]
public sealed class AnmeldenPageTests(PagesHost pages) : PageTests(pages)
{
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
    public async Task The_stylesheet_linked_from_every_page_is_served()
    {
        var html = await Browser().GetStringAsync("/Anmelden");
        var href = Regex.Match(html, "<link rel=\"stylesheet\" href=\"([^\"]+)\"").Groups[1].Value;
        var css = await Browser().GetAsync(href);
        Assert.True(css.IsSuccessStatusCode, $"{href}: {(int)css.StatusCode}");
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
    }
}
