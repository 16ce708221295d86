using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Web.Pages;

/// <summary>
/// Issue 15, finding 3: with <c>Auth:AllowAnonymousRead=false</c> every dashboard page used to answer 200 with the
/// numbers; only the API asked for sign-in. Every page route the host maps is walked, found by reflection.
/// </summary>
[Collection(HangfireCollection.Name)]
public sealed class AnonymousReadTests
{
    /// <summary>The pages anyone may open: signing in, and the pages that say what went wrong.</summary>
    static readonly string[] Open = ["/Anmelden", "/Abmelden", "/Error", "/Zugriff-verweigert"];

    static string Concrete(string route) =>
        "/" + Regex.Replace(route, @"\{(\w+)(:[^}?]*)?\??\}", m => m.Groups[2].Value.Contains("int", StringComparison.Ordinal) || m.Groups[2].Value.Contains("long", StringComparison.Ordinal)
            ? "1" : m.Groups[1].Value == "key" ? "05754008" : "AUS_ANT").TrimEnd('/');

    [Fact]
    public async Task With_anonymous_reading_off_every_page_but_sign_in_sends_to_the_sign_in_form()
    {
        await using var factory = new MonitoringFactory<Monitoring.Web.Program>(settings: new Dictionary<string, string?>
        {
            ["Auth:AllowAnonymousRead"] = "false",
            ["Demo:ImportOnFirstStart"] = "false",
        });
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var pages = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ActionDescriptor>() is PageActionDescriptor)
            .Select(e => Concrete(e.RoutePattern.RawText!))
            .Distinct()
            .ToList();
        Assert.True(pages.Count >= 18, $"only {pages.Count} page routes found");

        foreach (var page in pages.Where(p => p != "" && !Open.Contains(p, StringComparer.OrdinalIgnoreCase)).Append("/"))
        {
            var answer = await client.GetAsync(page);
            Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"{page} answered {(int)answer.StatusCode} without sign-in");
            Assert.StartsWith("/Anmelden", answer.Headers.Location!.IsAbsoluteUri ? answer.Headers.Location.PathAndQuery : answer.Headers.Location.OriginalString, StringComparison.Ordinal);
            Assert.DoesNotContain("Ausländeranteil", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The API, the values as CSV and the charts ask for sign-in too; the sign-in page, its styles and /health do not.
        foreach (var api in new[] { "/api/indicators", "/api/indicators/AUS_ANT/values.csv?areas=05754", "/api/indicators/AUS_ANT/chart.svg?areas=05754", "/api/areas" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(api)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Anmelden")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var signInPage = await client.GetStringAsync("/Anmelden");
        var stylesheet = Regex.Match(signInPage, "href=\"(/css/site[^\"]*\\.css[^\"]*)\"").Groups[1].Value;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(stylesheet)).StatusCode);
    }
}
