using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monitoring.Core.Areas;
using Monitoring.Core.Storage;

namespace Monitoring.Ingest.Commands;

/// <summary>
/// <c>migrate</c>: applies pending schema scripts and loads the reference areas, then exits.
/// Scaled-out deployments run this once per release and start every other process with migrations off.
/// </summary>
static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply pending schema scripts and load the reference areas.") { TreatUnmatchedTokensAsErrors = false };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            // Not through CommandHost: that prepares the database first, and reporting what migration did is this command's job.
            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder([.. parseResult.UnmatchedTokens]);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.AddMonitoringStorage();
            using var host = builder.Build();
            try
            {
                var database = host.Services.GetRequiredService<Database>();
                var logger = host.Services.GetRequiredService<ILogger<Database>>();
                var migration = await Schema.PrepareAsync(database, migrate: true, logger, cancellationToken);
                var areas = await ReferenceAreas.LoadAsync(database, cancellationToken);
                var indicators = await Monitoring.Core.Indicators.IndicatorComputation.SeedCatalogAsync(database, Monitoring.Core.Indicators.IndicatorCatalog.Shipped(), cancellationToken);
                Console.WriteLine(migration.Applied.Count == 0
                    ? $"{database.Provider} at {database.Location}: schema version {migration.Version}, nothing to apply."
                    : $"{database.Provider} at {database.Location}: applied {string.Join(", ", migration.Applied)}; schema version {migration.Version}.");
                Console.WriteLine($"Reference areas: {areas.Inserted} added, {areas.Updated} corrected, {areas.Unchanged} unchanged.");
                Console.WriteLine($"Indicator catalog: {indicators} indicators added or updated.");
                return 0;
            }
            catch (DatabaseStartupException ex)
            {
                await Console.Error.WriteLineAsync($"Migration stopped: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
