using Monitoring.Core.Areas;
using Monitoring.Core.Goals;
using Monitoring.Core.Indicators;
using Monitoring.Core.PeerGroups;
using Monitoring.Core.Storage;

namespace Monitoring.Publishing.Exports;

/// <summary>Gathers what the trend chart draws beside the values of the chosen areas.</summary>
public static class ChartExtras
{
    public static async Task<TrendChart.Extras> LoadAsync(Database database, Indicator indicator, IReadOnlyCollection<string> areaKeys, CancellationToken cancellationToken)
    {
        var chosen = areaKeys.ToHashSet(StringComparer.Ordinal);
        var targets = (await database.TargetStatusesAsync(cancellationToken))
            .Where(t => t.Target.IndicatorCode == indicator.Code && chosen.Contains(t.Target.AreaKey) && t.Target.TargetValue is not null)
            .ToList();
        var breaks = await database.SeriesBreaksAsync(indicator.Formulas().SelectMany(f => f.Variables).Select(v => v.Code), cancellationToken);

        // The peer-group median, when exactly one municipality is shown.
        IReadOnlyList<(int Year, double Value)> median = [];
        string? label = null;
        if (chosen.Count <= 2 && await PeerGroupStore.LatestAsync(database, cancellationToken) is { } grouping)
        {
            var areas = await database.ListCurrentAsync(cancellationToken);
            var members = areas.Where(a => chosen.Contains(a.Key) && grouping.GroupOfArea.ContainsKey(a.Id)).ToList();
            if (members.Count == 1)
            {
                var group = grouping.GroupOfArea[members[0].Id];
                var peerKeys = areas.Where(a => grouping.GroupOfArea.TryGetValue(a.Id, out var g) && g == group).Select(a => a.Key).ToList();
                median = (await database.ReadIndicatorValuesAsync(indicator.Code, peerKeys, null, null, cancellationToken: cancellationToken))
                    .Where(v => v.Value is not null).GroupBy(v => v.Year).OrderBy(g => g.Key)
                    .Select(g => (g.Key, Core.PeerGroups.PeerGroups.Median(g.Select(v => v.Value!.Value).ToList()))).ToList();
                label = $"Median der Vergleichsgruppe {group} ({peerKeys.Count} Gemeinden)";
            }
        }

        return new TrendChart.Extras
        {
            Targets = targets.Select(t => (t.Target.Area, t.Target.TargetYear, t.Target.TargetValue!.Value)).ToList(),
            Projections = targets.Where(t => t.Assessment.Projection is not null && t.Assessment.Latest is not null && t.Assessment.LatestYear is not null)
                .Select(t => (t.Assessment.LatestYear!.Value, t.Assessment.Latest!.Value, t.Assessment.Projection!)).ToList(),
            Breaks = breaks,
            PeerMedian = median,
            PeerLabel = label,
        };
    }

}
