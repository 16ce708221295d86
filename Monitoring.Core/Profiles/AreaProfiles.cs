using System.Collections.Concurrent;
using System.Data.Common;
using Monitoring.Core.Areas;
using Monitoring.Core.Indicators;
using Monitoring.Core.PeerGroups;
using Monitoring.Core.Observations;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Profiles;

/// <summary>One indicator on an area's profile: latest value, the first year's, the rank among its siblings, the peer group's median.</summary>
public sealed record ProfileRow(Indicator Indicator, int? Year, double? Latest, int? FirstYear, double? First, int? Rank, int Of, double? PeerMedian)
{
    /// <summary>The latest value rests on a small count and is not the reader's to see: shown as <c>.</c>, with no change and no rank.</summary>
    public bool Secret { get; init; }
}

/// <summary>An area's profile, or a former area's end (<see cref="Former"/> set, nothing else).</summary>
public sealed record AreaProfile(Area Area, IReadOnlyList<ProfileRow> Rows, int Siblings, IReadOnlyList<AreaChanges.Former> Predecessors,
    int? PeerGroup, IReadOnlyList<string> PeerFeatures, int PeerCount, IReadOnlyList<Area> Peers, AreaChanges.Former? Former = null);

/// <summary>
/// One area's profile: every indicator's latest value, the change since the first year, the rank among the areas of
/// the same Kreis (or Land) and, for municipalities, the peer group and its median. One query for the area's and its
/// siblings' figures, one per indicator for the peer group's median (kept per data version).
/// </summary>
public sealed class AreaProfiles(Database database)
{
    /// <summary>The first peers by name (a group has thousands at Germany scale); the profile says how many there are.</summary>
    public const int PeersShown = 30;

    /// <summary>Null when the key is no area's, current or former. Values resting on small counts are secret unless <paramref name="reveal"/> (<see cref="Disclosure"/>).</summary>
    public async Task<AreaProfile?> ReadAsync(string key, CancellationToken cancellationToken = default, bool reveal = false)
    {
        var areas = await database.ListCurrentAsync(cancellationToken);
        if (areas.FirstOrDefault(a => a.Key == key) is not { } area)
        {
            return await database.FindFormerAsync(key, cancellationToken) is { } former
                ? new AreaProfile(new Area { Key = former.Key, Name = former.Name, Level = former.Level }, [], 0, [], null, [], 0, [], former)
                : null;
        }
        var predecessors = await database.PredecessorsAsync(key, cancellationToken);
        var siblings = areas.Where(a => a.ParentId == area.ParentId && a.Level == area.Level && area.ParentId is not null).ToList();
        var grouping = await PeerGroupStore.LatestAsync(database, cancellationToken);
        int? peerGroup = null;
        IReadOnlyList<string> features = [];
        var (peerCount, peers) = (0, (IReadOnlyList<Area>)[]);
        if (grouping is not null && grouping.GroupOfArea.TryGetValue(area.Id, out var group))
        {
            (peerGroup, features) = (group, grouping.Features);
            var (count, first) = await GroupMembersAsync(areas, grouping, group, cancellationToken);
            (peerCount, peers) = (count - 1, first.Where(a => a.Id != area.Id).Take(PeersShown).ToList());
        }

        // Every year for the area; its siblings (a Kreis's few, up to a hundred) only in the years the area's latest
        // values are from, for the rank; the peer group, thousands of municipalities at Germany scale, only as its median.
        List<(string Code, int Area, int Year, double Value, bool Secret)> values;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            // Thousands of rows per request: read the provider's fastest way, not through Dapper's mapping.
            values = await ReadValuesAsync(connection, SelectValues, [("@Id", area.Id)], reveal, cancellationToken);
            var years = values.GroupBy(v => v.Code).Select(g => g.Max(v => v.Year)).Distinct().ToList();
            foreach (var chunk in siblings.Where(s => s.Id != area.Id).Select(s => s.Id).Chunk(1000))
            {
                if (years.Count == 0) break;
                // Integers only, written into the text (a parameter per area would exceed SQL Server's 2,100 in a large Land).
                values.AddRange(await ReadValuesAsync(connection, SelectValuesInYears
                    .Replace("@Ids", string.Join(",", chunk), StringComparison.Ordinal)
                    .Replace("@Years", string.Join(",", years), StringComparison.Ordinal), [], reveal, cancellationToken));
            }
        }
        var byIndicator = values.ToLookup(v => v.Code);
        var siblingIds = siblings.Select(s => s.Id).ToHashSet();
        var catalog = await CatalogStore.LoadAsync(database, cancellationToken);
        var series = catalog.Indicators
            .Select(i => (Indicator: i, Own: byIndicator[i.Code].Where(v => v.Area == area.Id).OrderBy(v => v.Year).ToList()))
            .Where(s => s.Own.Count > 0)
            .ToList();
        var medians = peerGroup is int inGroup
            ? await PeerGroupStore.GroupMediansAsync(database, inGroup, series.Select(s => (s.Indicator.Code, s.Own[^1].Year)), cancellationToken)
            : null;
        var rows = new List<ProfileRow>();
        foreach (var (indicator, own) in series)
        {
            var latest = own[^1];
            // A secret value is no number to rank by: it is left out of the ranking, its own area gets none.
            var ranked = byIndicator[indicator.Code].Where(v => v.Year == latest.Year && siblingIds.Contains(v.Area) && !v.Secret)
                .OrderBy(v => indicator.Direction == Direction.Down ? v.Value : -v.Value).ToList();
            var rank = ranked.FindIndex(v => v.Area == area.Id);
            var first = own.FirstOrDefault(v => !v.Secret);
            rows.Add(new ProfileRow(indicator, latest.Year, latest.Secret ? null : latest.Value, first.Year == 0 ? null : first.Year, first.Year == 0 ? null : first.Value,
                indicator.Direction == Direction.Neutral || rank < 0 ? null : rank + 1, ranked.Count, medians?.GetValueOrDefault(indicator.Code)) { Secret = latest.Secret });
        }
        return new AreaProfile(area, rows, siblings.Count, predecessors, peerGroup, features, peerCount, peers);
    }

    /// <summary>
    /// A group's size and its first members by German name (one more than shown, as the area itself is left out): the
    /// names of thousands of members are sorted once per data version rather than on every request.
    /// </summary>
    async Task<(int Count, IReadOnlyList<Area> First)> GroupMembersAsync(IReadOnlyList<Area> areas, StoredGrouping grouping, int group,
        CancellationToken cancellationToken)
    {
        var sorted = await database.Cache.GetAsync($"profile.peers.{grouping.Id}",
            _ => Task.FromResult(new ConcurrentDictionary<int, (int, IReadOnlyList<Area>)>()), cancellationToken);
        return sorted.GetOrAdd(group, _ =>
        {
            var members = areas.Where(a => grouping.GroupOfArea.TryGetValue(a.Id, out var g) && g == group).ToList();
            return (members.Count, members.OrderBy(a => a.Name, German.Names).Take(PeersShown + 1).ToList());
        });
    }

    async Task<List<(string Code, int Area, int Year, double Value, bool Secret)>> ReadValuesAsync(DbConnection connection, string sql,
        IReadOnlyList<(string Name, object Value)> parameters, bool reveal, CancellationToken cancellationToken)
    {
        var rows = new List<(string, int, int, double, bool)>();
        await using var reader = await database.ReadRowsAsync(connection, null, sql, parameters, cancellationToken);
        while (reader.Read()) rows.Add((reader.Text(0)!, reader.Int(1), reader.Int(2), reader.Real(3), !Disclosure.Shown((QualityFlags)reader.Int(4), reveal)));
        return rows;
    }

    const string SelectValues =
        "SELECT indicator_code, area_id, CAST(year AS INT), CAST(value AS FLOAT), CAST(flags AS INT) FROM indicator_values WHERE breakdown = '' AND value IS NOT NULL AND area_id = @Id";

    const string SelectValuesInYears =
        "SELECT indicator_code, area_id, CAST(year AS INT), CAST(value AS FLOAT), CAST(flags AS INT) FROM indicator_values WHERE breakdown = '' AND value IS NOT NULL AND area_id IN (@Ids) AND year IN (@Years)";
}
