using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Monitoring.Tests.Http;

namespace Monitoring.Tests.Web.Pages;

/// <summary>The one dashboard host the page tests share, started once for their collection: the demo data, one account per role.</summary>
public sealed class PagesHost : IAsyncLifetime
{
    public ApiHost Api { get; } = new();

    public ValueTask InitializeAsync() => Api.InitializeAsync();

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}

/// <summary>What every page test needs: a browser with cookies against the shared host, signing in, posting a page's form.</summary>
public abstract partial class PageTests(PagesHost pages)
{
    protected ApiHost Host => pages.Api;

    protected HttpClient Browser() => Host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    protected static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string user, string password, string? returnUrl = null)
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

    protected static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string page, string handler, Dictionary<string, string> fields)
    {
        var html = await browser.GetStringAsync(page);
        fields["__RequestVerificationToken"] = Token().Match(html).Groups[1].Value;
        return await browser.PostAsync($"{page}?handler={handler}", new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    protected static partial Regex Token();
}
