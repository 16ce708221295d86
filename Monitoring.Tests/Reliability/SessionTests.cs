using System.Net;
using System.Net.Http.Json;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Reliability;

[Collection(HangfireCollection.Name)]
public sealed class SessionTests
{
    [Fact]
    public async Task A_session_ends_after_its_configured_lifetime_and_then_reads_as_signed_out()
    {
        await using var factory = new MonitoringFactory<Monitoring.Web.Program>(settings: new Dictionary<string, string?>
        {
            ["Auth:InitialAdmin:UserName"] = "admin",
            ["Auth:InitialAdmin:Password"] = "erstes-Admin-Passwort-42",
            ["Auth:SessionHours"] = "0.001", // 3.6 s
            ["Demo:ImportOnFirstStart"] = "false",
        });
        var browser = factory.CreateClient();
        (await browser.PostAsJsonAsync("/api/account/login", new { userName = "admin", password = "erstes-Admin-Passwort-42" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/account/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/users")).StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/account/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/users")).StatusCode);
    }
}
