using MathNet.Numerics.Distributions;
using Monitoring.Core.Indicators;

namespace Monitoring.Core.Goals;

/// <summary>Where a target stands. Shown as a label and a colour, never colour alone.</summary>
public enum ProgressStatus
{
    Achieved,
    OnTrack,
    SlightDeviation,
    SubstantialDeviation,
    MovingAway,
    InsufficientData,
}

public static class ProgressStatusText
{
    /// <summary>The status as the dashboard and the reports print it, in German.</summary>
    public static string Label(this ProgressStatus status) => status switch
    {
        ProgressStatus.Achieved => "Ziel erreicht",
        ProgressStatus.OnTrack => "auf Kurs",
        ProgressStatus.SlightDeviation => "leichte Abweichung",
        ProgressStatus.SubstantialDeviation => "deutliche Abweichung",
        ProgressStatus.MovingAway => "entfernt sich vom Ziel",
        _ => "zu wenige Daten",
    };

    /// <summary>The status colour (Okabe–Ito, as the dashboard's bars, grey for no data); always beside the label, never alone.</summary>
    public static string Colour(this ProgressStatus status) => status switch
    {
        ProgressStatus.Achieved => "#009E73",
        ProgressStatus.OnTrack => "#0072B2",
        ProgressStatus.SlightDeviation => "#E69F00",
        ProgressStatus.SubstantialDeviation => "#D55E00",
        ProgressStatus.MovingAway => "#CC79A7",
        _ => "#999999",
    };
}

/// <summary>A target of the Integrationskonzept for one indicator and area.</summary>
public sealed record Target(int BaselineYear, double? TargetValue, int TargetYear, Direction Direction);

/// <summary>A trend projection to the target year: the expected value, a 90 % prediction interval and the chance of meeting the target.</summary>
public sealed record Projection(int Year, double Value, double Lower, double Upper, double? Probability);

/// <summary>The assessment of a target, with what it was computed from, so the method can be explained next to the result.</summary>
public sealed record Assessment(ProgressStatus Status, double? Latest, int? LatestYear, double? TrendGrowth, double? RequiredGrowth, double? Ratio, Projection? Projection, string Reason);

/// <summary>
/// Progress against a target, by Open SDG's CAGR-based measure with two improvements. Open SDG compares the compound
/// growth between the base year and the latest year with the growth the target requires (ratio ≥ 0.95 on track,
/// ≥ 0.6 slight deviation, ≥ 0 substantial deviation, below 0 moving away; without a target value, growth per year in the
/// desired direction of ≥ 1.5 %, ≥ 0.5 %, ≥ 0). Here the growth rate is estimated from a log-linear trend over all years
/// from the baseline (or the last series break after it) instead of the two end points only, so one noisy year does not
/// flip a status; and a linear trend projects the target year with a 90 % prediction interval and the probability of
/// meeting the target. Fewer than three usable years, or values at or below zero, are "insufficient data".
/// </summary>
public static class Progress
{
    public const double OnTrackRatio = 0.95;
    public const double SlightRatio = 0.6;
    public const double OnTrackGrowth = 0.015;
    public const double SlightGrowth = 0.005;
    const int MinimumYears = 3;

    /// <param name="series">The indicator's values by year.</param>
    /// <param name="target">The target.</param>
    /// <param name="breaks">Years in which the series breaks (a new definition or base, e.g. the Zensus 2022): a trend never spans one.</param>
    public static Assessment Assess(IReadOnlyDictionary<int, double> series, Target target, IEnumerable<int>? breaks = null)
    {
        var start = Math.Max(target.BaselineYear, (breaks ?? []).Where(b => b > target.BaselineYear).DefaultIfEmpty(target.BaselineYear).Max());
        var points = series.Where(p => p.Key >= start).OrderBy(p => p.Key).ToList();
        var latest = points.Count > 0 ? points[^1] : (KeyValuePair<int, double>?)null;
        var sign = target.Direction == Direction.Down ? -1 : 1;

        if (latest is { } last && target.TargetValue is double goal && sign * (last.Value - goal) >= 0)
        {
            return new Assessment(ProgressStatus.Achieved, last.Value, last.Key, null, null, null, Project(points, target), "Zielwert erreicht.");
        }
        if (points.Count < MinimumYears)
        {
            var reason = start > target.BaselineYear
                ? $"Zu wenige Jahre seit dem Zeitreihenbruch {start} (mindestens {MinimumYears})."
                : $"Zu wenige Jahre seit dem Basisjahr {target.BaselineYear} (mindestens {MinimumYears}).";
            return new Assessment(ProgressStatus.InsufficientData, latest?.Value, latest?.Key, null, null, null, null, reason);
        }
        if (points.Any(p => p.Value <= 0))
        {
            return new Assessment(ProgressStatus.InsufficientData, latest!.Value.Value, latest.Value.Key, null, null, null, Project(points, target),
                "Wachstumsraten sind für Werte von null oder darunter nicht bestimmt.");
        }

        var growth = LogLinearGrowth(points);
        var projection = Project(points, target);
        if (target.TargetValue is double value)
        {
            var baseline = Math.Exp(Fit(points.Select(p => ((double)p.Key, Math.Log(p.Value))).ToList()).At(start));
            var required = Math.Pow(value / baseline, 1.0 / (target.TargetYear - start)) - 1;
            if (Math.Abs(required) > 1e-9)
            {
                // As Open SDG: observed growth over the magnitude of the required growth, signed by the desired direction.
                var ratio = sign * growth / Math.Abs(required);
                return new Assessment(Classify(ratio, OnTrackRatio, SlightRatio), latest!.Value.Value, latest.Value.Key, growth, required, ratio, projection,
                    $"Trend {growth:P1} pro Jahr, nötig {required:P1} pro Jahr.");
            }
        }

        var directed = sign * growth;
        return new Assessment(Classify(directed, OnTrackGrowth, SlightGrowth), latest!.Value.Value, latest.Value.Key, growth, null, null, projection,
            $"Trend {growth:P1} pro Jahr in {(sign > 0 ? "steigender" : "fallender")} Richtung gewünscht.");
    }

    static ProgressStatus Classify(double value, double onTrack, double slight) =>
        value >= onTrack ? ProgressStatus.OnTrack : value >= slight ? ProgressStatus.SlightDeviation : value >= 0 ? ProgressStatus.SubstantialDeviation : ProgressStatus.MovingAway;

    /// <summary>The compound growth per year of the least-squares line through the logarithms.</summary>
    static double LogLinearGrowth(IReadOnlyList<KeyValuePair<int, double>> points) =>
        Math.Exp(Fit(points.Select(p => ((double)p.Key, Math.Log(p.Value))).ToList()).Slope) - 1;

    /// <summary>A linear trend to the target year with a 90 % prediction interval (Student t) and the chance of meeting the target.</summary>
    static Projection? Project(IReadOnlyList<KeyValuePair<int, double>> points, Target target)
    {
        if (points.Count < MinimumYears) return null;
        var data = points.Select(p => ((double)p.Key, p.Value)).ToList();
        var line = Fit(data);
        var n = data.Count;
        var meanX = data.Average(d => d.Item1);
        var sxx = data.Sum(d => Math.Pow(d.Item1 - meanX, 2));
        var residual = Math.Sqrt(data.Sum(d => Math.Pow(d.Item2 - line.At(d.Item1), 2)) / (n - 2));
        var expected = line.At(target.TargetYear);
        var se = residual * Math.Sqrt(1 + 1.0 / n + Math.Pow(target.TargetYear - meanX, 2) / sxx);
        var t = StudentT.InvCDF(0, 1, n - 2, 0.95);
        double? probability = null;
        if (target.TargetValue is double goal)
        {
            var sign = target.Direction == Direction.Down ? -1 : 1;
            probability = se < 1e-12 ? (sign * (expected - goal) >= 0 ? 1 : 0) : StudentT.CDF(0, 1, n - 2, sign * (expected - goal) / se);
        }
        return new Projection(target.TargetYear, expected, expected - t * se, expected + t * se, probability);
    }

    readonly record struct Line(double Intercept, double Slope)
    {
        public double At(double x) => Intercept + Slope * x;
    }

    static Line Fit(IReadOnlyList<(double X, double Y)> data)
    {
        var meanX = data.Average(d => d.X);
        var meanY = data.Average(d => d.Y);
        var slope = data.Sum(d => (d.X - meanX) * (d.Y - meanY)) / data.Sum(d => (d.X - meanX) * (d.X - meanX));
        return new Line(meanY - slope * meanX, slope);
    }
}
