using System.Net;
using Monitoring.Tests.Hosting;
using Monitoring.Tests.Http;


namespace Monitoring.Tests.Web.Pages.Verwaltung;

/// <summary>The user administration page.</summary>
[Collection(HangfireCollection.Name)]
public sealed class BenutzerPageTests(PagesHost pages) : PageTests(pages)
{
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
}
