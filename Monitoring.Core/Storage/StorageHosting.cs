using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
