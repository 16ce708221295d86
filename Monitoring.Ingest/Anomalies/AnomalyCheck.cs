using System.Globalization;
using Dapper;
using Monitoring.Core.Storage;

namespace Monitoring.Ingest.Anomalies;

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

    // A class, not a positional record: Dapper converts property types, while constructors must match the provider's types exactly.
    sealed class Point
    {
        public long Id { get; init; }
        public int VariableId { get; init; }
        public int DimensionSetId { get; init; }
        public int AreaId { get; init; }
        public string Level { get; init; } = "";
        public string Period { get; init; } = "";
        public double? Value { get; init; }
        public long RunId { get; init; }
        public string Variable { get; init; } = "";
        public string Area { get; init; } = "";
    }

    /// <summary>Finds the anomalies among the values run <paramref name="runId"/> wrote, stores them, and returns them.</summary>
    public static async Task<IReadOnlyList<Anomaly>> RunAsync(Database database, long runId, CancellationToken cancellationToken = default)
    {
        var anomalies = new List<Anomaly>();
        await using var connection = await database.OpenAsync(cancellationToken);
        // Every series the run touched, streamed in (variable, dimensions) groups: memory holds one group, never the table.
        var group = new List<Point>();
        await foreach (var point in connection.QueryUnbufferedAsync<Point>(SeriesOfRun, new { RunId = runId }).WithCancellation(cancellationToken))
        {
            if (group.Count > 0 && (group[0].VariableId != point.VariableId || group[0].DimensionSetId != point.DimensionSetId))
            {
                Check(group, runId, anomalies);
                group.Clear();
            }
            group.Add(point);
        }
        Check(group, runId, anomalies);

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(DeleteOfRun, new { RunId = runId }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(Insert,
            anomalies.Select(a => new { RunId = runId, a.ObservationId, a.Kind, Score = Math.Round(a.Score, 2), a.Message }), transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return anomalies;
    }

    /// <summary>Checks one variable and dimension combination: every area's series against its history, then against its peers.</summary>
    static void Check(List<Point> group, long runId, List<Anomaly> anomalies)
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
            foreach (var (point, change) in seriesChanges.Where(c => c.Point.RunId == runId))
            {
                var history = seriesChanges.Where(c => c.Point != point).Select(c => c.Change).ToList();
                if (history.Count < MinimumHistory || Math.Abs(change) < MinimumChange) continue;
                var score = RobustZ(change, history);
                if (Math.Abs(score) > Threshold)
                {
                    anomalies.Add(new Anomaly(point.Id, "History", score,
                        $"{point.Variable}, {point.Area}, {point.Period}: Veränderung {Percent(change)} gegenüber dem Vorjahr liegt weit außerhalb der bisherigen Entwicklung (Median {Percent(Median(history))})."));
                }
            }
        }

        var flagged = anomalies.Select(a => a.ObservationId).ToHashSet();
        foreach (var peers in changes.GroupBy(c => (c.Point.Period, c.Point.Level)))
        {
            var all = peers.ToList();
            if (all.Count <= MinimumPeers) continue;
            foreach (var (point, change) in all.Where(c => c.Point.RunId == runId && !flagged.Contains(c.Point.Id)))
            {
                if (Math.Abs(change) < MinimumChange) continue;
                var others = all.Where(c => c.Point.AreaId != point.AreaId).Select(c => c.Change).ToList();
                var score = RobustZ(change, others);
                if (Math.Abs(score) > Threshold)
                {
                    anomalies.Add(new Anomaly(point.Id, "Peers", score,
                        $"{point.Variable}, {point.Area}, {point.Period}: Veränderung {Percent(change)} weicht stark von vergleichbaren Gebieten ab (Median {Percent(Median(others))})."));
                }
            }
        }
    }

    /// <summary>Distance from the median in units of the MAD scaled to a standard deviation; a zero MAD falls back to the mean absolute deviation.</summary>
    static double RobustZ(double value, IReadOnlyList<double> sample)
    {
        var median = Median(sample);
        var mad = 1.4826 * Median(sample.Select(x => Math.Abs(x - median)).ToList());
        if (mad < 1e-9) mad = 1.2533 * sample.Average(x => Math.Abs(x - median));
        return mad < 1e-9 ? (Math.Abs(value - median) < 1e-9 ? 0 : double.PositiveInfinity * Math.Sign(value - median)) : (value - median) / mad;
    }

    static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    static string Percent(double change) => change.ToString("+0.0 %;-0.0 %", CultureInfo.GetCultureInfo("de-DE"));

    const string SeriesOfRun =
        """
        SELECT o.id AS Id, o.variable_id AS VariableId, o.dimension_set_id AS DimensionSetId, o.area_id AS AreaId, a.level AS Level,
               o.period AS Period, o.value AS Value, o.import_run_id AS RunId, v.label AS Variable, a.name AS Area
        FROM observations o
        JOIN areas a ON a.id = o.area_id
        JOIN variables v ON v.id = o.variable_id
        WHERE EXISTS (SELECT 1 FROM observations t WHERE t.import_run_id = @RunId AND t.variable_id = o.variable_id AND t.dimension_set_id = o.dimension_set_id)
        ORDER BY o.variable_id, o.dimension_set_id
        """;

    const string DeleteOfRun = "DELETE FROM anomalies WHERE import_run_id = @RunId";

    const string Insert = "INSERT INTO anomalies (import_run_id, observation_id, kind, score, message) VALUES (@RunId, @ObservationId, @Kind, @Score, @Message)";
}
