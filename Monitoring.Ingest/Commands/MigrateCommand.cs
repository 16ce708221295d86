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
        var command = new Command("migrate", "Ausstehende Schemaskripte anwenden und die amtlichen Gebiete laden.") { TreatUnmatchedTokensAsErrors = false };
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
                var indicators = await Monitoring.Core.Indicators.CatalogStore.SeedAsync(database, Monitoring.Core.Indicators.IndicatorCatalog.Shipped(), cancellationToken);
                Console.WriteLine(migration.Applied.Count == 0
                    ? $"{database.Provider} unter {database.Location}: Schemaversion {migration.Version}, nichts anzuwenden."
                    : $"{database.Provider} unter {database.Location}: {string.Join(", ", migration.Applied)} angewendet; Schemaversion {migration.Version}.");
                Console.WriteLine(string.Create(Core.German.Culture, $"Amtliche Gebiete: {areas.Inserted:N0} neu, {areas.Updated:N0} berichtigt, {areas.Unchanged:N0} unverändert."));
                Console.WriteLine(string.Create(Core.German.Culture, $"Indikatorenkatalog: {indicators:N0} Indikatoren neu oder geändert."));
                return 0;
            }
            catch (DatabaseStartupException ex)
            {
                await Console.Error.WriteLineAsync($"Migration abgebrochen: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
