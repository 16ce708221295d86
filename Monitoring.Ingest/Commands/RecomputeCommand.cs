using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Core.Indicators;
using Monitoring.Core.Storage;

namespace Monitoring.Ingest.Commands;

/// <summary><c>recompute</c>: brings the stored catalog up to date and recomputes every indicator.</summary>
static class RecomputeCommand
{
    public static Command Create() =>
        CommandHost.Configure(new Command("recompute", "Recompute all indicators from the stored observations."), async (_, services, cancellationToken) =>
        {
            var database = services.GetRequiredService<Database>();
            var catalog = IndicatorCatalog.Shipped();
            await IndicatorComputation.SeedCatalogAsync(database, catalog, cancellationToken);
            var result = await IndicatorComputation.RecomputeAllAsync(database, catalog, cancellationToken);
            Console.WriteLine($"{result.Indicators} indicators, {result.Values:N0} values in {result.Duration.TotalSeconds:N1} s.");
            return 0;
        });
}
