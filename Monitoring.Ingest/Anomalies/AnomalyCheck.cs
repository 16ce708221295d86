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
        public string Period { get; init; } = "";
        public double? Value { get; init; }
        public long RunId { get; init; }
    }

    /// <summary>Names and levels for messages and peer groups: small tables, held once instead of repeated on every row.</summary>
    sealed record Names(Dictionary<int, (string Name, string Level)> Areas, Dictionary<int, string> Variables)
    {
        public string Describe(Point point) => $"{Variables[point.VariableId]}, {Areas[point.AreaId].Name}, {point.Period}";
    }

    /// <summary>Finds the anomalies among the values run <paramref name="runId"/> wrote, stores them, and returns them.</summary>
    public static async Task<IReadOnlyList<Anomaly>> RunAsync(Database database, long runId, CancellationToken cancellationToken = default)
    {
        var anomalies = new List<Anomaly>();
        await using var connection = await database.OpenAsync(cancellationToken);
        var names = new Names(
            (await connection.QueryAsync<(long Id, string Name, string Level)>(new CommandDefinition(SelectAreas, cancellationToken: cancellationToken))).ToDictionary(a => (int)a.Id, a => (a.Name, a.Level)),
            (await connection.QueryAsync<(long Id, string Label)>(new CommandDefinition(SelectVariables, cancellationToken: cancellationToken))).ToDictionary(v => (int)v.Id, v => v.Label));
        // Every series the run touched, streamed in (variable, dimensions) groups: memory holds one group, never the table.
        var group = new List<Point>();
        await foreach (var point in connection.QueryUnbufferedAsync<Point>(SeriesOfRun, new { RunId = runId }).WithCancellation(cancellationToken))
        {
            if (group.Count > 0 && (group[0].VariableId != point.VariableId || group[0].DimensionSetId != point.DimensionSetId))
            {
                Check(group, runId, names, anomalies);
                group.Clear();
            }
            group.Add(point);
        }
        Check(group, runId, names, anomalies);

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(DeleteOfRun, new { RunId = runId }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(Insert,
            anomalies.Select(a => new { RunId = runId, a.ObservationId, a.Kind, Score = Math.Round(a.Score, 2), a.Message }), transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return anomalies;
    }

    /// <summary>Checks one variable and dimension combination: every area's series against its history, then against its peers.</summary>
    static void Check(List<Point> group, long runId, Names names, List<Anomaly> anomalies)
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

    static string Percent(double change) => change.ToString("+0.0 %;-0.0 %", CultureInfo.GetCultureInfo("de-DE"));

    // The run's variables and dimension sets first, then their observations, each variable's rows read once through the
    // key index. A correlated EXISTS per stored row made this quadratic in the table; a join per (variable, set) pair read
    // the variable's rows once per pair (17 s for a file with 300 groups).
    const string SeriesOfRun =
        """
        SELECT o.id AS Id, o.variable_id AS VariableId, o.dimension_set_id AS DimensionSetId, o.area_id AS AreaId,
               o.period AS Period, o.value AS Value, o.import_run_id AS RunId
        FROM observations o
        WHERE o.variable_id IN (SELECT DISTINCT variable_id FROM observations WHERE import_run_id = @RunId)
          AND o.dimension_set_id IN (SELECT DISTINCT dimension_set_id FROM observations WHERE import_run_id = @RunId)
        ORDER BY o.variable_id, o.dimension_set_id
        """;

    const string SelectAreas = "SELECT id, name, level FROM areas";

    const string SelectVariables = "SELECT id, label FROM variables";

    const string DeleteOfRun = "DELETE FROM anomalies WHERE import_run_id = @RunId";

    const string Insert = "INSERT INTO anomalies (import_run_id, observation_id, kind, score, message) VALUES (@RunId, @ObservationId, @Kind, @Score, @Message)";
}
