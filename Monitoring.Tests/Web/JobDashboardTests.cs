using System.Net;
using Monitoring.Tests.Hosting;

using Monitoring.Tests.Web.Pages;

namespace Monitoring.Tests.Web;

/// <summary>The job dashboard the Web host maps at /hangfire: for Analysts only.</summary>
[Collection(HangfireCollection.Name)]
public sealed class JobDashboardTests(PagesHost pages) : PageTests(pages)
{
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
}
