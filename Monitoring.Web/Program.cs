using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using Hangfire;
using Monitoring.Http;
using Monitoring.Http.Security;
using Monitoring.Core.Accounts;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Demo;
using Monitoring.Ingestion.Jobs;

namespace Monitoring.Web;

/// <summary>The embedded default: dashboard, API and (with the import pipeline) the job server in one process.</summary>
public sealed class Program
{
    public static Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddMonitoringApi();
        builder.AddMonitoringJobs(runServer: builder.Configuration.GetValue("Jobs:RunServer", true));
        builder.Services.AddHostedService<DemoDataImport>();
        builder.Services.AddRazorPages();
        builder.Services.AddSingleton<DemoDataMark>();
        // Umlauts stay readable in the HTML source; encoding of markup characters is unaffected.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            // The users are German public-sector staff: numbers as 1.234,5 and dates as 31.12.2024, whatever the browser says.
            var german = Monitoring.Core.German.Culture;
            o.DefaultRequestCulture = new Microsoft.AspNetCore.Localization.RequestCulture(german);
            o.SupportedCultures = o.SupportedUICultures = [german];
            o.RequestCultureProviders.Clear();
        });

        var app = builder.Build();
        app.LogSecuritySettings();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/Error");
        // Inside the exception handler, so that an unreadable API request is answered as such, not as a server error.
        app.UseBindingErrors();
        app.UseHttpsWhereServed();
        app.UseRequestLocalization();
        app.UseStatusCodePages();
        // Styles and scripts are needed by the sign-in page too, whatever Auth:AllowAnonymousRead says.
        app.MapStaticAssets().AllowAnonymous();
        app.MapMonitoringApi();
        app.MapRazorPages().WithStaticAssets();
        // The job dashboard shows file paths, errors and lets jobs be retried or deleted: Analysts only.
        try
        {
            app.MapHangfireDashboardWithAuthorizationPolicy(SecurityHosting.Policy(Role.Analyst), "/hangfire",
                new DashboardOptions { DashboardTitle = "Aufträge – Integrationsmonitoring", AppPath = "/", DisplayStorageConnectionString = false });
        }
        catch (DatabaseStartupException)
        {
            // Mapping the dashboard opens the job storage; a broken database setting is reported by the start-up check below.
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var database = app.Services.GetRequiredService<Database>();
            app.Logger.LogInformation("Integration monitoring is running on {Urls} with {Provider} at {Location}",
                string.Join(", ", app.Urls), database.Provider, database.Location);
        });
        return app.RunMonitoringAsync();
    }
}
