using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Core.Areas;

namespace Monitoring.Core.Storage;

/// <summary>
/// Brings the database to the state the application needs before anything else runs: reachable, migrated
/// (or checked), reference areas loaded. Registered first, so later hosted services (the job server) start after it.
/// </summary>
public sealed class DatabaseStartup(IServiceProvider services, IOptions<DatabaseOptions> options, ILogger<DatabaseStartup> logger) : IHostedService
{
    readonly Lazy<Task> initialization = new(() => InitializeAsync(services, options.Value, logger));

    /// <summary>Runs once per process; later calls wait for the first.</summary>
    public Task EnsureAsync() => initialization.Value;

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => EnsureAsync();

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    static async Task InitializeAsync(IServiceProvider services, DatabaseOptions options, ILogger logger)
    {
        // Resolving the database validates the configuration (provider, connection string).
        var database = (Database)services.GetService(typeof(Database))!;
        var migration = await Schema.PrepareAsync(database, options.MigrateOnStartup, logger);
        if (migration.Applied.Count > 0)
        {
            logger.LogInformation("Database {Location}: applied {Scripts}; schema version {Version}", database.Location, string.Join(", ", migration.Applied), migration.Version);
        }

        if (options.LoadReferenceAreas && options.MigrateOnStartup)
        {
            var loaded = await ReferenceAreas.LoadAsync(database);
            if (loaded.Inserted + loaded.Updated > 0)
            {
                logger.LogInformation("Reference areas: {Inserted} added, {Updated} corrected", loaded.Inserted, loaded.Updated);
            }
            var seeded = await Indicators.CatalogStore.SeedAsync(database, Indicators.IndicatorCatalog.Shipped());
            if (seeded > 0) logger.LogInformation("Indicator catalog: {Count} indicators added or updated", seeded);
        }
    }
}
