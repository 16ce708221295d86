using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Core.Indicators;
using Monitoring.Core.PeerGroups;
using Monitoring.Core.Storage;

namespace Monitoring.Ingest.Commands;

/// <summary><c>recompute</c>: brings the stored catalog up to date, recomputes every indicator (analysts' edits included) and the peer groups.</summary>
static class RecomputeCommand
{
    public static Command Create() =>
        CommandHost.Configure(new Command("recompute", "Recompute all indicators from the stored observations."), async (_, services, cancellationToken) =>
        {
            var database = services.GetRequiredService<Database>();
            await IndicatorComputation.SeedCatalogAsync(database, IndicatorCatalog.Shipped(), cancellationToken);
            var catalog = await IndicatorComputation.LoadCatalogAsync(database, cancellationToken);
            var result = await IndicatorComputation.RecomputeAllAsync(database, catalog, cancellationToken);
            Console.WriteLine($"{result.Indicators} indicators, {result.Values:N0} values ({result.Written:N0} new or changed) in {result.Duration.TotalSeconds:N1} s.");
            var groups = await PeerGroupStore.ComputeAsync(database, cancellationToken);
            Console.WriteLine(groups is null
                ? $"Peer groups: fewer than {PeerGroupStore.MinimumAreas} municipalities with values; none computed."
                : $"Peer groups: {groups.GroupOfArea.Count} municipalities in {groups.Groups} groups (silhouette {groups.Silhouette:N2}), from {groups.Year}.");
            return 0;
        });
}
