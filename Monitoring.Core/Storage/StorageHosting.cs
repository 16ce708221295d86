using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Monitoring.Core.Storage;

/// <summary>Storage wiring shared by every host: the Web host, the API-only host and the worker.</summary>
public static class StorageHosting
{
    public static IHostApplicationBuilder AddMonitoringStorage(this IHostApplicationBuilder builder)
    {
        // Features each add the storage they need; a host composing several of them gets it once.
        if (builder.Services.Any(d => d.ServiceType == typeof(Database))) return builder;
        builder.Services.Configure<DatabaseOptions>(builder.Configuration.GetSection(DatabaseOptions.Section));
        // Read at resolution time, so configuration added late (tests, hosting layers) is honoured.
        builder.Services.AddSingleton(sp => Database.Create(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>().ContentRootPath));
        builder.Services.AddSingleton<DatabaseStartup>();
        builder.Services.AddSingleton(Areas.HomeArea.From(builder.Configuration));
        builder.Services.TryAddSingleton(TimeProvider.System);
        // One data version and one cache per database, owned by it.
        builder.Services.AddSingleton(sp => sp.GetRequiredService<Database>().Version);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<Database>().Cache);
        // Each feature's writes: the one place of its rules, its change and its audit entry, for every host.
        builder.Services.AddSingleton<Accounts.UserAdministration>();
        builder.Services.AddSingleton<Accounts.ApiTokenWrites>();
        builder.Services.AddSingleton<Goals.GoalWrites>();
        builder.Services.AddSingleton<Reports.ReportWrites>();
        builder.Services.AddSingleton<Areas.AreaWrites>();
        builder.Services.AddSingleton<Indicators.IndicatorWrites>();
        // Named reads that several pages or endpoints share.
        builder.Services.AddSingleton<Profiles.AreaProfiles>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DatabaseStartup>());
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    /// <summary>
    /// Prepares the database, then runs the host. A configuration or database problem ends the process
    /// with exit code 1 and one message naming the setting, instead of a stack trace.
    /// </summary>
    public static async Task<int> RunMonitoringAsync(this IHost host)
    {
        try
        {
            await host.Services.GetRequiredService<DatabaseStartup>().EnsureAsync();
        }
        catch (DatabaseStartupException ex)
        {
            await Console.Error.WriteLineAsync($"Start abgebrochen: {ex.Message}");
            return 1;
        }

        await host.RunAsync();
        return 0;
    }
}
