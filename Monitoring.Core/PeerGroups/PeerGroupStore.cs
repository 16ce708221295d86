using System.Text.Json;
using Dapper;
using Monitoring.Core.Storage;

namespace Monitoring.Core.PeerGroups;

/// <summary>A stored grouping: when, from which year's values, how many groups, and each member's group.</summary>
public sealed record StoredGrouping(int Id, string Level, int Year, int Groups, double Silhouette, IReadOnlyList<string> Features, DateTime ComputedAt,
    IReadOnlyDictionary<int, int> GroupOfArea);

/// <summary>
/// Computes the municipalities' peer groups from the stored indicator values and keeps them. The features (documented in
/// docs/indicators.md): population size (log10 of the residents, the denominator of AUS_ANT), the foreign share
/// overall, among children and among the elderly, and the foreign residents' employment and SGB II rates: the
/// structure that shapes integration work, not its results. All municipalities with values take part, so a Kreis's
/// 13 are grouped within NRW or Germany when those are imported.
/// </summary>
public static class PeerGroupStore
{
    public const string Level = "Gemeinde";


    /// <summary>
    /// Groups the municipalities of the latest year with at least <see cref="MinimumAreas"/> of them; features that fewer
    /// than 90 % of them have that year are left out (and the record says so). Null when there are too few municipalities.
    /// </summary>
    public static async Task<StoredGrouping?> ComputeAsync(Database database, CancellationToken cancellationToken = default)
    {
        // The features are declared in the shipped catalog (Indicator.PeerFeature, Indicator.PeerSizeFeature), in its
        // order; an Analyst's edit keeps the declaration, so the shipped catalog is where it is read.
        var catalog = Indicators.IndicatorCatalog.Shipped();
        var candidates = catalog.PeerFeatures();
        var sizes = catalog.Indicators.Where(i => i.PeerSizeFeature is not null).ToDictionary(i => i.Code, i => i.PeerSizeFeature!, StringComparer.Ordinal);
        var codes = catalog.PeerInputs().ToList();
        // The year is the latest in which enough municipalities have the population-size indicator (or else the first feature).
        var anchor = (catalog.Indicators.FirstOrDefault(i => i.PeerSizeFeature is not null) ?? catalog.Indicators.FirstOrDefault(i => i.PeerFeature))?.Code;
        if (anchor is null) return null;
        Dictionary<int, Dictionary<string, double>> byArea;
        int year;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            var latest = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(LatestYear, new { Level, Minimum = MinimumAreas, Indicator = anchor },
                cancellationToken: cancellationToken));
            if (latest is not long y) return null;
            year = (int)y;
            byArea = [];
            var rows = await connection.QueryAsync<(long Area, string Code, double? Value, double? Denominator)>(
                new CommandDefinition(FeatureValues, new { Level, Year = year, Codes = codes }, cancellationToken: cancellationToken));
            foreach (var (area, code, value, denominator) in rows)
            {
                if (!byArea.TryGetValue((int)area, out var features)) byArea[(int)area] = features = [];
                if (value is double v) features[code] = v;
                if (sizes.TryGetValue(code, out var size) && denominator is double residents && residents > 0) features[size] = Math.Log10(residents);
            }
        }
        var used = candidates.Where(c => byArea.Values.Count(f => f.ContainsKey(c)) >= 0.9 * byArea.Count).ToList();
        var complete = byArea.Where(a => used.All(a.Value.ContainsKey)).ToDictionary(a => a.Key, a => used.Select(c => a.Value[c]).ToArray());
        if (used.Count < 2 || complete.Count < MinimumAreas) return null;

        var grouping = PeerGroups.Find(complete, used);
        var now = DateTime.UtcNow;
        var id = await database.InTransactionAsync(async (connection, transaction) =>
        {
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertGrouping(database.Dialect),
                new { Level, Year = year, grouping.Groups, grouping.Silhouette, Features = JsonSerializer.Serialize(used), Now = now }, transaction, cancellationToken: cancellationToken));
            await database.BulkInsertAsync(connection, transaction, "peer_group_members", ["grouping_id", "area_id", "group_no"],
                grouping.GroupOfArea.Select(g => new object?[] { (int)id, g.Key, g.Value + 1 }).ToList(), cancellationToken);
            return (int)id;
        }, cancellationToken);
        return new StoredGrouping(id, Level, year, grouping.Groups, grouping.Silhouette, used, now, grouping.GroupOfArea.ToDictionary(g => g.Key, g => g.Value + 1));
    }

    /// <summary>Too few areas give no meaningful groups (and k-means needs more areas than groups).</summary>
    public const int MinimumAreas = 8;

    /// <summary>The newest grouping, or null before the first.</summary>
    public static async Task<StoredGrouping?> LatestAsync(Database database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var head = await connection.QueryFirstOrDefaultAsync<(long Id, string Level, long Year, long Groups, double Silhouette, string Features, DateTime ComputedAt)?>(
            new CommandDefinition(SelectLatest(database.Dialect), new { Level, Skip = 0, Take = 1 }, cancellationToken: cancellationToken));
        if (head is not { } g) return null;
        // A grouping is written once and never changed: its members are read once per data version, not per page (at
        // Germany scale they are 10,000 rows, and the profile page asks on every request).
        var members = await database.Cache.GetAsync<IReadOnlyDictionary<int, int>>($"peer.members.{g.Id}", connection, async ct =>
            (await connection.QueryAsync<(long Area, long Group)>(new CommandDefinition(SelectMembers, new { g.Id }, cancellationToken: ct)))
                .ToDictionary(m => (int)m.Area, m => (int)m.Group), cancellationToken);
        return new StoredGrouping((int)g.Id, g.Level, (int)g.Year, (int)g.Groups, g.Silhouette, JsonSerializer.Deserialize<List<string>>(g.Features)!, g.ComputedAt, members);
    }

    /// <summary>Per group of the newest grouping, the median of an indicator's values in a year.</summary>
    public static async Task<IReadOnlyDictionary<int, double>> GroupMediansAsync(Database database, string indicator, int year, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Group, double Value)>(new CommandDefinition(GroupValues, new { Level, Indicator = indicator, Year = year }, cancellationToken: cancellationToken));
        return rows.GroupBy(r => (int)r.Group).ToDictionary(g => g.Key, g => PeerGroups.Median(g.Select(r => r.Value).ToList()));
    }


    const string LatestYear =
        """
        SELECT MAX(year) FROM (
            SELECT v.year FROM indicator_values v JOIN areas a ON a.id = v.area_id
            WHERE v.indicator_code = @Indicator AND v.breakdown = '' AND a.level = @Level AND v.value IS NOT NULL
            GROUP BY v.year HAVING COUNT(*) >= @Minimum) y
        """;

    const string FeatureValues =
        """
        SELECT v.area_id, v.indicator_code, v.value, v.denominator FROM indicator_values v JOIN areas a ON a.id = v.area_id
        WHERE a.level = @Level AND a.valid_to IS NULL AND v.year = @Year AND v.breakdown = '' AND v.indicator_code IN @Codes
        """;

    static string InsertGrouping(SqlDialect dialect) =>
        dialect.InsertReturningId("peer_groupings", "level, year, groups, silhouette, features, computed_at", "@Level, @Year, @Groups, @Silhouette, @Features, @Now");

    static string SelectLatest(SqlDialect dialect) =>
        dialect.Page("SELECT id, level, year, groups, silhouette, features, computed_at FROM peer_groupings WHERE level = @Level ORDER BY id DESC");

    const string SelectMembers = "SELECT area_id, group_no FROM peer_group_members WHERE grouping_id = @Id";

    /// <summary>
    /// One group's median of each indicator in a year (the latest grouping), with the member itself; null without values.
    /// Found through the members' keys: at Germany scale a group has thousands of municipalities. Kept for the data
    /// version it was computed at (one look-up of the version per call).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, double?>> GroupMediansAsync(Database database, int group,
        IEnumerable<(string Indicator, int Year)> wanted, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var known = await database.Cache.GetAsync($"peer.medians.{group}", connection,
            _ => Task.FromResult(new System.Collections.Concurrent.ConcurrentDictionary<(string, int), double?>()), cancellationToken);
        var result = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var (indicator, year) in wanted)
        {
            if (!known.TryGetValue((indicator, year), out var median))
            {
                var values = (await connection.QueryAsync<double>(new CommandDefinition(ValuesOfGroup,
                    new { Level, Indicator = indicator, Period = year.ToString(System.Globalization.CultureInfo.InvariantCulture), Group = group }, cancellationToken: cancellationToken))).AsList();
                known[(indicator, year)] = median = values.Count == 0 ? null : PeerGroups.Median(values);
            }
            result[indicator] = median;
        }
        return result;
    }

    const string ValuesOfGroup =
        """
        SELECT v.value FROM indicator_values v
        WHERE v.indicator_code = @Indicator AND v.period = @Period AND v.breakdown = '' AND v.value IS NOT NULL
          AND v.area_id IN (SELECT m.area_id FROM peer_group_members m WHERE m.grouping_id = (SELECT MAX(id) FROM peer_groupings WHERE level = @Level) AND m.group_no = @Group)
        """;

    const string GroupValues =
        """
        SELECT m.group_no, v.value FROM peer_group_members m
        JOIN indicator_values v ON v.area_id = m.area_id AND v.indicator_code = @Indicator AND v.year = @Year AND v.breakdown = ''
        WHERE m.grouping_id = (SELECT MAX(id) FROM peer_groupings WHERE level = @Level) AND v.value IS NOT NULL
        """;
}
