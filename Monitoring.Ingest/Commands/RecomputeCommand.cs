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
        CommandHost.Configure(new Command("recompute", "Alle Indikatoren aus den gespeicherten Werten neu berechnen."), async (_, services, cancellationToken) =>
        {
            var database = services.GetRequiredService<Database>();
            await CatalogStore.SeedAsync(database, IndicatorCatalog.Shipped(), cancellationToken);
            var catalog = await CatalogStore.LoadAsync(database, cancellationToken);
            var result = await IndicatorComputation.RecomputeAllAsync(database, catalog, cancellationToken);
            Console.WriteLine(string.Create(Core.German.Culture, $"{result.Indicators:N0} Indikatoren, {result.Values:N0} Werte ({result.Written:N0} neu oder geändert) in {result.Duration.TotalSeconds:N1} s."));
            var groups = await PeerGroupStore.ComputeAsync(database, cancellationToken);
            Console.WriteLine(groups is null
                ? $"Vergleichsgruppen: weniger als {PeerGroupStore.MinimumAreas} Gemeinden mit Werten; keine berechnet."
                : string.Create(Core.German.Culture, $"Vergleichsgruppen: {groups.GroupOfArea.Count:N0} Gemeinden in {groups.Groups} Gruppen (Silhouette {groups.Silhouette:N2}), aus {groups.Year}."));
            return 0;
        });
}
