using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Http.Security;

/// <summary>Issue 15, finding 13: the headers every page and answer carries, and HTTPS where the host is served over it.</summary>
[Collection(HangfireCollection.Name)]
public sealed class SecurityHeaderTests(ApiHost host) : IClassFixture<ApiHost>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/Indikatoren/AUS_ANT")]
    [InlineData("/Anmelden")]
    [InlineData("/api/indicators")]
    [InlineData("/api/indicators/AUS_ANT/chart.svg?areas=05754")]
    [InlineData("/gibt-es-nicht")]
    public async Task Every_page_and_answer_has_a_content_security_policy_nosniff_a_referrer_policy_and_no_framing(string path)
    {
        var answer = await host.Factory.CreateClient().GetAsync(path);
        var csp = string.Join(";", answer.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", answer.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", answer.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task No_page_has_an_inline_script_the_policy_would_block()
    {
        var client = host.Factory.CreateClient();
        foreach (var path in new[] { "/", "/Indikatoren", "/Indikatoren/AUS_ANT", "/Gebiete/05754008", "/Vergleich/AUS_ANT", "/Berichte", "/Anmelden" })
        {
            var page = await client.GetStringAsync(path);
            foreach (System.Text.RegularExpressions.Match script in System.Text.RegularExpressions.Regex.Matches(page, "<script(?<attributes>[^>]*)>"))
            {
                Assert.True(script.Groups["attributes"].Value.Contains("src=", StringComparison.Ordinal), $"{path} has an inline script");
            }
            Assert.DoesNotMatch(" on(click|load|change|submit)=", page);
        }
    }

    [Fact]
    public async Task Over_https_the_host_sends_hsts_redirects_plain_http_and_marks_its_cookies_secure()
    {
        await using var factory = new MonitoringFactory<Monitoring.Web.Program>(settings: new Dictionary<string, string?>
        {
            ["HTTPS_PORT"] = "443",
            ["Demo:ImportOnFirstStart"] = "false",
        }, environment: "Production");
        var https = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://monitoring.kreis-guetersloh.example"), AllowAutoRedirect = false });
        var page = await https.GetAsync("/Anmelden");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.StartsWith("max-age=", page.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.All(page.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));

        var plain = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://monitoring.kreis-guetersloh.example"), AllowAutoRedirect = false });
        var redirected = await plain.GetAsync("/Anmelden");
        Assert.True(redirected.StatusCode is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect or HttpStatusCode.Redirect, $"{redirected.StatusCode}");
        Assert.Equal("https", redirected.Headers.Location!.Scheme);
    }
}
