using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Monitoring.Core.Accounts;
using Monitoring.Core.Storage;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Browser;

/// <summary>
/// The dashboard on a real port (Kestrel) over its own embedded store with the demo data, one account per role, and
/// Debian's Chromium driven by Playwright (installed by .ci/run; no browser download). Screenshots go to
/// artifacts/screenshots.
/// </summary>
public class BrowserHost : IAsyncLifetime
{
    public BrowserHost()
        : this(null)
    {
    }

    /// <summary>A host with settings of its own (another home area, say).</summary>
    protected BrowserHost(IReadOnlyDictionary<string, string?>? settings) =>
        Factory = new(settings: settings, environment: "Development");

    public static string Password(Role role) => $"{role}-Passwort-lang".ToLowerInvariant();

    public static string UserName(Role role) => role.ToString().ToLowerInvariant();

    public static string Screenshots { get; } = Path.Combine(TestPaths.RepositoryRoot, "artifacts", "screenshots");

    // Development: a test host outside the published layout serves the stylesheet through the static web assets manifest only then.
    public MonitoringFactory<Monitoring.Web.Program> Factory { get; }

    public string BaseAddress { get; private set; } = "";

    IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Factory.UseKestrel(0);
        Factory.StartServer();
        BaseAddress = Factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var database = Factory.Services.GetRequiredService<Database>();
        foreach (var role in Enum.GetValues<Role>()) await database.CreateUserAsync(UserName(role), $"Test {role}", role, Password(role));

        Directory.CreateDirectory(Screenshots);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("MONITORING_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) with a German locale, signed in when a role is given.</summary>
    public async Task<IPage> PageAsync(Role? role = null, int width = 1280)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "de-DE", ViewportSize = new ViewportSize { Width = width, Height = 900 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        if (role is Role r)
        {
            await page.GotoAsync($"{BaseAddress}/Anmelden");
            await page.GetByLabel("Benutzername").FillAsync(UserName(r));
            await page.GetByLabel("Passwort").FillAsync(Password(r));
            await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden", Exact = true }).ClickAsync();
            await page.WaitForURLAsync($"{BaseAddress}/");
        }
        return page;
    }

    /// <param name="page">The page.</param>
    /// <param name="name">The file name, without extension.</param>
    /// <param name="fullPage">False for a long page (a report) where the first screen shows what matters.</param>
    public static Task ScreenshotAsync(IPage page, string name, bool fullPage = true) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = fullPage });

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        await Factory.DisposeAsync();
    }
}
