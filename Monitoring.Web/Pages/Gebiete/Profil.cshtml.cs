using System.Collections.Concurrent;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Core.Areas;
using Monitoring.Core.Indicators;
using Monitoring.Core.PeerGroups;
using Monitoring.Core.Storage;

namespace Monitoring.Web.Pages.Gebiete;

/// <summary>
/// One area's profile: every indicator's latest value, the change since the first year, the rank among the areas of
/// the same Kreis (or Land) and, for municipalities, the peer group and its median. One query for the area's and its siblings' figures, one per indicator for the peer group's median.
/// </summary>
public sealed class ProfilModel(Database database) : PageModel
{
    public sealed record Row(Indicator Indicator, int? Year, double? Latest, int? FirstYear, double? First, int? Rank, int Of, double? PeerMedian);

    public Area Area { get; private set; } = null!;

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>The first peers by name (a group has thousands at Germany scale); <see cref="PeerCount"/> says how many there are.</summary>
    public IReadOnlyList<Area> Peers { get; private set; } = [];

    public int PeerCount { get; private set; }

    public int? PeerGroup { get; private set; }

    /// <summary>The indicators the grouping was formed on (those with values for nearly every municipality).</summary>
    public IReadOnlyList<string> PeerFeatures { get; private set; } = [];

    const int PeersShown = 30;

    public int Siblings { get; private set; }

    /// <summary>The former areas that went into this one (a merger, a Kreis reform), the latest first.</summary>
    public IReadOnlyList<AreaChanges.Former> Predecessors { get; private set; } = [];

    /// <summary>Set when the key is a former area's: the page says when it ended and where it went.</summary>
    public AreaChanges.Former? Former { get; private set; }

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken cancellationToken)
    {
        var areas = await database.ListCurrentAsync(cancellationToken);
        if (areas.FirstOrDefault(a => a.Key == key) is not { } area)
        {
            if (await database.FindFormerAsync(key, cancellationToken) is not { } former) return NotFound();
            Former = former;
            Area = new Area { Key = former.Key, Name = former.Name, Level = former.Level };
            return Page();
        }
        Area = area;
        Predecessors = await database.PredecessorsAsync(key, cancellationToken);
        var siblings = areas.Where(a => a.ParentId == area.ParentId && a.Level == area.Level && area.ParentId is not null).ToList();
        Siblings = siblings.Count;
        var grouping = await PeerGroupStore.LatestAsync(database, cancellationToken);
        if (grouping is not null && grouping.GroupOfArea.TryGetValue(area.Id, out var group))
        {
            PeerGroup = group;
            PeerFeatures = grouping.Features;
            var (count, first) = GroupMembers(areas, grouping.GroupOfArea, group);
            PeerCount = count - 1;
            Peers = first.Where(a => a.Id != area.Id).Take(PeersShown).ToList();
        }

        // Every year for the area; its siblings (a Kreis's few, up to a hundred) only in the years the area's latest
        // values are from, for the rank; the peer group, thousands of municipalities at Germany scale, only as its median.
        await using var connection = await database.OpenAsync(cancellationToken);
        // Thousands of rows per request: read the provider's fastest way, not through Dapper's mapping.
        var values = await ReadValuesAsync(connection, SelectValues, [("@Id", area.Id)], cancellationToken);
        var years = values.GroupBy(v => v.Code).Select(g => g.Max(v => v.Year)).Distinct().ToList();
        foreach (var chunk in siblings.Where(s => s.Id != area.Id).Select(s => s.Id).Chunk(1000))
        {
            if (years.Count == 0) break;
            // Integers only, written into the text (a parameter per area would exceed SQL Server's 2,100 in a large Land).
            values.AddRange(await ReadValuesAsync(connection, SelectValuesInYears
                .Replace("@Ids", string.Join(",", chunk), StringComparison.Ordinal)
                .Replace("@Years", string.Join(",", years), StringComparison.Ordinal), [], cancellationToken));
        }
        var byIndicator = values.ToLookup(v => v.Code);
        var siblingIds = siblings.Select(s => s.Id).ToHashSet();
        var catalog = await IndicatorComputation.LoadCatalogAsync(database, cancellationToken);
        var series = catalog.Indicators
            .Select(i => (Indicator: i, Own: byIndicator[i.Code].Where(v => v.Area == area.Id).OrderBy(v => v.Year).ToList()))
            .Where(s => s.Own.Count > 0)
            .ToList();
        var medians = PeerGroup is int peerGroup
            ? await PeerGroupStore.GroupMediansAsync(connection, peerGroup, series.Select(s => (s.Indicator.Code, s.Own[^1].Year)), cancellationToken)
            : null;
        var rows = new List<Row>();
        foreach (var (indicator, own) in series)
        {
            var latest = own[^1];
            var ranked = byIndicator[indicator.Code].Where(v => v.Year == latest.Year && siblingIds.Contains(v.Area))
                .OrderBy(v => indicator.Direction == Direction.Down ? v.Value : -v.Value).ToList();
            var rank = ranked.FindIndex(v => v.Area == area.Id);
            rows.Add(new Row(indicator, latest.Year, latest.Value, own[0].Year, own[0].Value,
                indicator.Direction == Direction.Neutral || rank < 0 ? null : rank + 1, ranked.Count, medians?.GetValueOrDefault(indicator.Code)));
        }
        Rows = rows;
        return Page();
    }

    /// <summary>
    /// A group's size and its first members by German name (one more than shown, as the area itself is left out). The
    /// area list and the grouping are unchanging instances, replaced when the data changes, so the names of thousands of
    /// members are sorted once for them rather than on every request.
    /// </summary>
    static (int Count, IReadOnlyList<Area> First) GroupMembers(IReadOnlyList<Area> areas, IReadOnlyDictionary<int, int> grouping, int group)
    {
        var known = sorted;
        if (known is null || !ReferenceEquals(known.Areas, areas) || !ReferenceEquals(known.Grouping, grouping))
        {
            sorted = known = new SortedGroups(areas, grouping, new ConcurrentDictionary<int, (int, IReadOnlyList<Area>)>());
        }
        return known.Groups.GetOrAdd(group, _ =>
        {
            var members = areas.Where(a => grouping.TryGetValue(a.Id, out var g) && g == group).ToList();
            return (members.Count, members.OrderBy(a => a.Name, StringComparer.Create(GermanFormat.Culture, false)).Take(PeersShown + 1).ToList());
        });
    }

    sealed record SortedGroups(IReadOnlyList<Area> Areas, IReadOnlyDictionary<int, int> Grouping, ConcurrentDictionary<int, (int, IReadOnlyList<Area>)> Groups);

    static volatile SortedGroups? sorted;

    async Task<List<(string Code, int Area, int Year, double Value)>> ReadValuesAsync(System.Data.Common.DbConnection connection, string sql,
        IReadOnlyList<(string Name, object Value)> parameters, CancellationToken cancellationToken)
    {
        var rows = new List<(string, int, int, double)>();
        await using var reader = await database.ReadRowsAsync(connection, null, sql, parameters, cancellationToken);
        while (reader.Read()) rows.Add((reader.Text(0)!, reader.Int(1), reader.Int(2), reader.Real(3)));
        return rows;
    }

    const string SelectValues =
        "SELECT indicator_code, area_id, CAST(year AS INT), CAST(value AS FLOAT) FROM indicator_values WHERE breakdown = '' AND value IS NOT NULL AND area_id = @Id";
    const string SelectValuesInYears =
        "SELECT indicator_code, area_id, CAST(year AS INT), CAST(value AS FLOAT) FROM indicator_values WHERE breakdown = '' AND value IS NOT NULL AND area_id IN (@Ids) AND year IN (@Years)";
}
