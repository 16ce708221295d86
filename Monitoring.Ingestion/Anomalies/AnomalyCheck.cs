using Dapper;
using Monitoring.Core.Storage;

namespace Monitoring.Ingestion.Anomalies;

/// <summary>An implausible value found after a run.</summary>
public sealed record Anomaly(long ObservationId, string Kind, double Score, string Message);

/// <summary>
/// Flags values a run wrote whose change from the previous period is far outside (a) the series' own history of
/// changes or (b) the changes of the same variable in the other areas of the same level in that period.
/// "Far" is a robust z-score (distance from the median in units of the scaled median absolute deviation) above
/// <see cref="Threshold"/>, and a change of at least <see cref="MinimumChange"/>, so tiny series do not cry wolf.
/// Median and MAD, rather than a learned model: annual official series are short (10 to 25 points) and trending,
/// which is where ML.NET's spike detectors, built for long i.i.d. series, do not fit.
/// </summary>
public static class AnomalyCheck
{
    public const double Threshold = 4.0;
    public const double MinimumChange = 0.10;
    const int MinimumHistory = 5;
    const int MinimumPeers = 5;

    /// <summary>Periods per peer query: SQL Server takes at most 2,100 parameters in one statement.</summary>
    const int PeriodChunk = 1000;

    const string SeriesTable = "anomaly_series";

    // A class, not a positional record: Dapper converts property types, while constructors must match the provider's types exactly.
    sealed class Point
    {
        public long Id { get; init; }
        public int VariableId { get; init; }
        public int DimensionSetId { get; init; }
        public int AreaId { get; init; }
        public string Period { get; init; } = "";
        public double? Value { get; init; }
        public long RunId { get; init; }
    }

    sealed class SeriesGroup
    {
        public int VariableId { get; init; }
        public int DimensionSetId { get; init; }
    }

    /// <summary>A peer's value in one of the run's periods, with the value of the period before in its series.</summary>
    sealed class PeerPoint
    {
        public long Id { get; init; }
        public int AreaId { get; init; }
        public string Period { get; init; } = "";
        public double? Value { get; init; }
        public long RunId { get; init; }
        public double? Previous { get; init; }
    }

    /// <summary>Names and levels for messages and peer groups: small tables, held once instead of repeated on every row.</summary>
    sealed record Names(Dictionary<int, (string Name, string Level)> Areas, Dictionary<int, string> Variables)
    {
        public string Describe(Point point) => $"{Variables[point.VariableId]}, {Areas[point.AreaId].Name}, {point.Period}";
    }

    /// <summary>What one check found and what it read: the series the run touched, their rows, and the peers' rows.</summary>
    public sealed record Result(IReadOnlyList<Anomaly> Anomalies, long Series, long SeriesRows, long PeerRows);

    /// <summary>Finds the anomalies among the values run <paramref name="runId"/> wrote, stores them, and returns them.</summary>
    public static async Task<IReadOnlyList<Anomaly>> RunAsync(Database database, long runId, CancellationToken cancellationToken = default) =>
        (await CheckAsync(database, runId, cancellationToken)).Anomalies;

    /// <summary>
    /// Checks the values run <paramref name="runId"/> wrote (inserted or updated: they carry its id), stores the flags and
    /// records the check with the run. Its work follows the run, not the table: it reads only the (variable, area, dimension
    /// combination) series the run touched, and for the comparison with the peers only the other areas' values in the
    /// periods the run wrote (with each one's previous value), one index seek each. Reading whole variables instead took
    /// 1.0 s after a one-value correction of a 1,000,000-row store, and held the source's lock meanwhile.
    /// </summary>
    public static async Task<Result> CheckAsync(Database database, long runId, CancellationToken cancellationToken = default)
    {
        var dialect = database.Dialect;
        var anomalies = new List<Anomaly>();
        long seriesRows = 0, peerRows = 0;
        await using var connection = await database.OpenAsync(cancellationToken);
        var names = new Names(
            (await connection.QueryAsync<(long Id, string Name, string Level)>(new CommandDefinition(SelectAreas, cancellationToken: cancellationToken))).ToDictionary(a => (int)a.Id, a => (a.Name, a.Level)),
            (await connection.QueryAsync<(long Id, string Label)>(new CommandDefinition(SelectVariables, cancellationToken: cancellationToken))).ToDictionary(v => (int)v.Id, v => v.Label));
        var areasPerLevel = names.Areas.Values.GroupBy(a => a.Level).ToDictionary(g => g.Key, g => g.Count());

        // The run's series, once, from the run's own rows (its index): every later read joins this small table.
        await connection.ExecuteAsync(new CommandDefinition(DropSeries(dialect), cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(CreateSeries(dialect), cancellationToken: cancellationToken));
        long series;
        try
        {
            series = await connection.ExecuteAsync(new CommandDefinition(FillSeries(dialect), new { RunId = runId }, cancellationToken: cancellationToken));
            var groups = (await connection.QueryAsync<SeriesGroup>(new CommandDefinition(GroupsOfSeries(dialect), cancellationToken: cancellationToken))).AsList();
            // One (variable, dimensions) group at a time: memory holds the group's touched series, never the table.
            foreach (var (variable, set) in groups.Select(g => (g.VariableId, g.DimensionSetId)))
            {
                var points = (await connection.QueryAsync<Point>(new CommandDefinition(PointsOfGroup(dialect), new { Variable = variable, Set = set }, cancellationToken: cancellationToken))).AsList();
                seriesRows += points.Count;
                var (changes, wanted) = CheckHistory(points, runId, names, anomalies);

                // The peers the run did not touch, in the periods and levels of the run's changes; a level whose areas
                // the run touched all has none.
                foreach (var level in wanted.GroupBy(w => w.Level))
                {
                    var touched = points.Select(p => p.AreaId).Distinct().Count(a => names.Areas[a].Level == level.Key);
                    if (areasPerLevel.GetValueOrDefault(level.Key) <= touched) continue;
                    foreach (var periods in level.Select(w => w.Period).Distinct().Chunk(PeriodChunk))
                    {
                        var peers = await connection.QueryAsync<PeerPoint>(new CommandDefinition(PeersOfGroup(dialect),
                            new { Variable = variable, Set = set, Level = level.Key, Periods = periods }, cancellationToken: cancellationToken));
                        foreach (var peer in peers)
                        {
                            peerRows++;
                            if (peer.Value is double now && peer.Previous is double before && before != 0)
                            {
                                changes.Add((new Point { Id = peer.Id, VariableId = variable, DimensionSetId = set, AreaId = peer.AreaId, Period = peer.Period, Value = peer.Value, RunId = peer.RunId }, now / before - 1));
                            }
                        }
                    }
                }
                CheckPeers(changes, runId, names, anomalies);
            }
        }
        finally
        {
            // Pooled SQLite connections keep temp tables: dropped, so the next check on this connection starts clean.
            await connection.ExecuteAsync(new CommandDefinition(DropSeries(dialect), cancellationToken: CancellationToken.None));
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(DeleteOfRun, new { RunId = runId }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(Insert,
            anomalies.Select(a => new { RunId = runId, a.ObservationId, a.Kind, Score = Math.Round(a.Score, 2), a.Message }), transaction, cancellationToken: cancellationToken));
        await Imports.ImportRuns.RecordCheckAsync(connection, transaction, runId, anomalies, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Result(anomalies, series, seriesRows, peerRows);
    }

    /// <summary>
    /// Checks each touched series of one variable and dimension combination against its own history. Returns every change
    /// of these series (for the comparison with the peers) and the (period, level) of each change the run wrote.
    /// </summary>
    static (List<(Point Point, double Change)> Changes, List<(string Period, string Level)> Wanted) CheckHistory(List<Point> group, long runId, Names names, List<Anomaly> anomalies)
    {
        var changes = new List<(Point Point, double Change)>();
        foreach (var series in group.GroupBy(p => p.AreaId))
        {
            var ordered = series.OrderBy(p => p.Period, StringComparer.Ordinal).ToList();
            var seriesChanges = new List<(Point Point, double Change)>();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].Value is double now && ordered[i - 1].Value is double before && before != 0)
                {
                    seriesChanges.Add((ordered[i], now / before - 1));
                }
            }
            changes.AddRange(seriesChanges);
            // A long series (a century of yearly figures): one median and MAD for all of it, as for many peers below;
            // leaving each value out in turn made this quadratic (20 s for 5,100 series of 120 years).
            (double Median, double Spread)? sharedHistory = seriesChanges.Count > 30 ? Spread(seriesChanges.Select(c => c.Change).ToList()) : null;
            foreach (var (point, change) in seriesChanges.Where(c => c.Point.RunId == runId))
            {
                if (seriesChanges.Count - 1 < MinimumHistory || Math.Abs(change) < MinimumChange) continue;
                var history = sharedHistory is null ? seriesChanges.Where(c => c.Point != point).Select(c => c.Change).ToList() : null;
                var score = sharedHistory is { } spread ? Z(change, spread.Median, spread.Spread) : RobustZ(change, history!);
                if (Math.Abs(score) > Threshold)
                {
                    anomalies.Add(new Anomaly(point.Id, "History", score,
                        $"{names.Describe(point)}: Veränderung {Percent(change)} gegenüber dem Vorjahr liegt weit außerhalb der bisherigen Entwicklung (Median {Percent(sharedHistory?.Median ?? Median(history!))})."));
                }
            }
        }
        var wanted = changes.Where(c => c.Point.RunId == runId).Select(c => (c.Point.Period, names.Areas[c.Point.AreaId].Level)).Distinct().ToList();
        return (changes, wanted);
    }

    /// <summary>
    /// Checks the run's changes against the changes of the other areas of the same level in the same period;
    /// <paramref name="changes"/> holds the touched series' changes and the untouched peers' in the run's periods.
    /// </summary>
    static void CheckPeers(List<(Point Point, double Change)> changes, long runId, Names names, List<Anomaly> anomalies)
    {
        var flagged = anomalies.Select(a => a.ObservationId).ToHashSet();
        foreach (var peers in changes.GroupBy(c => (c.Point.Period, names.Areas[c.Point.AreaId].Level)))
        {
            var all = peers.ToList();
            if (all.Count <= MinimumPeers || !all.Any(c => c.Point.RunId == runId)) continue;
            // Many peers: one median and MAD for the group (one value more or less does not move them). Few: leave the value itself out.
            var shared = all.Count >= 30 ? Spread(all.Select(c => c.Change).ToList()) : default((double, double)?);
            foreach (var (point, change) in all.Where(c => c.Point.RunId == runId && !flagged.Contains(c.Point.Id)))
            {
                if (Math.Abs(change) < MinimumChange) continue;
                var (median, spread) = shared ?? Spread(all.Where(c => c.Point.AreaId != point.AreaId).Select(c => c.Change).ToList());
                var score = Z(change, median, spread);
                if (Math.Abs(score) > Threshold)
                {
                    anomalies.Add(new Anomaly(point.Id, "Peers", score,
                        $"{names.Describe(point)}: Veränderung {Percent(change)} weicht stark von vergleichbaren Gebieten ab (Median {Percent(median)})."));
                }
            }
        }
    }

    /// <summary>Distance from the median in units of the MAD scaled to a standard deviation.</summary>
    static double RobustZ(double value, IReadOnlyList<double> sample)
    {
        var (median, spread) = Spread(sample);
        return Z(value, median, spread);
    }

    /// <summary>Median and scaled MAD; a zero MAD (half the values equal) falls back to the scaled mean absolute deviation.</summary>
    static (double Median, double Spread) Spread(IReadOnlyList<double> sample)
    {
        var median = Median(sample);
        var mad = 1.4826 * Median(sample.Select(x => Math.Abs(x - median)).ToList());
        if (mad < 1e-9) mad = 1.2533 * sample.Average(x => Math.Abs(x - median));
        return (median, mad);
    }

    static double Z(double value, double median, double spread) =>
        spread < 1e-9 ? (Math.Abs(value - median) < 1e-9 ? 0 : Math.Sign(value - median) * double.PositiveInfinity) : (value - median) / spread;

    static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    static string Percent(double change) => change.ToString("+0.0 %;-0.0 %", Core.German.Culture);

    static string CreateSeries(SqlDialect dialect) => dialect.CreateTempTable(SeriesTable,
        "variable_id INT NOT NULL, dimension_set_id INT NOT NULL, area_id INT NOT NULL, PRIMARY KEY (variable_id, dimension_set_id, area_id)");

    static string DropSeries(SqlDialect dialect) => $"DROP TABLE IF EXISTS {dialect.TempTable(SeriesTable)}";

    // The run's rows through their index: proportional to what the run wrote. (A correlated EXISTS per stored row made
    // the former selection quadratic in the table; selecting whole variables made it proportional to the table.)
    static string FillSeries(SqlDialect dialect) =>
        $"""
        INSERT INTO {dialect.TempTable(SeriesTable)} (variable_id, dimension_set_id, area_id)
        SELECT DISTINCT variable_id, dimension_set_id, area_id FROM observations WHERE import_run_id = @RunId
        """;

    static string GroupsOfSeries(SqlDialect dialect) =>
        $"SELECT DISTINCT variable_id AS VariableId, dimension_set_id AS DimensionSetId FROM {dialect.TempTable(SeriesTable)} ORDER BY VariableId, DimensionSetId";

    // CROSS JOIN keeps SQLite's join order (the run's series outside, one key seek each into observations): without
    // statistics it would otherwise guess that an equality on the variable finds few rows and scan the whole variable.
    // SQL Server plans a CROSS JOIN with join conditions in the WHERE clause like any inner join.
    static string PointsOfGroup(SqlDialect dialect) =>
        $"""
        SELECT o.id AS Id, o.variable_id AS VariableId, o.dimension_set_id AS DimensionSetId, o.area_id AS AreaId,
               o.period AS Period, o.value AS Value, o.import_run_id AS RunId
        FROM {dialect.TempTable(SeriesTable)} t
        CROSS JOIN observations o
        WHERE t.variable_id = @Variable AND t.dimension_set_id = @Set
          AND o.variable_id = t.variable_id AND o.area_id = t.area_id AND o.dimension_set_id = t.dimension_set_id
        ORDER BY t.area_id, o.period
        """;

    // The areas of one level outside the run's series, each looked up at the run's periods through the observation key,
    // with the value of the period before in the same series (the latest earlier one, as the series check orders them).
    static string PeersOfGroup(SqlDialect dialect) =>
        $"""
        SELECT o.id AS Id, o.area_id AS AreaId, o.period AS Period, o.value AS Value, o.import_run_id AS RunId, p.value AS Previous
        FROM areas a
        CROSS JOIN observations o
        LEFT JOIN observations p ON p.variable_id = o.variable_id AND p.area_id = o.area_id AND p.dimension_set_id = o.dimension_set_id
            AND p.period = (SELECT MAX(q.period) FROM observations q
                            WHERE q.variable_id = o.variable_id AND q.area_id = o.area_id AND q.dimension_set_id = o.dimension_set_id AND q.period < o.period)
        WHERE a.level = @Level
          AND NOT EXISTS (SELECT 1 FROM {dialect.TempTable(SeriesTable)} t WHERE t.variable_id = @Variable AND t.dimension_set_id = @Set AND t.area_id = a.id)
          AND o.variable_id = @Variable AND o.area_id = a.id AND o.dimension_set_id = @Set AND o.period IN @Periods
        """;

    const string SelectAreas = "SELECT id, name, level FROM areas";

    const string SelectVariables = "SELECT id, label FROM variables";

    const string DeleteOfRun = "DELETE FROM anomalies WHERE import_run_id = @RunId";

    const string Insert = "INSERT INTO anomalies (import_run_id, observation_id, kind, score, message) VALUES (@RunId, @ObservationId, @Kind, @Score, @Message)";
}
