using Monitoring.Core.Goals;
using Monitoring.Core.Indicators;

namespace Monitoring.Tests.Core.Goals;

/// <summary>Worked examples: series growing at exact rates, so the trend's growth is known by hand.</summary>
public sealed class ProgressTests
{
    /// <summary>100 in 2015, growing by <paramref name="rate"/> a year, up to <paramref name="last"/>.</summary>
    static Dictionary<int, double> Growing(double rate, int last = 2020) =>
        Enumerable.Range(2015, last - 2015 + 1).ToDictionary(y => y, y => 100 * Math.Pow(1 + rate, y - 2015));

    [Fact]
    public void A_target_met_by_the_latest_value_is_achieved()
    {
        var result = Progress.Assess(Growing(0.05), new Target(2015, 120, 2030, Direction.Up)); // 2020: 127.6 ≥ 120

        Assert.Equal(ProgressStatus.Achieved, result.Status);
    }

    [Theory]
    [InlineData(0.05, 0.05, ProgressStatus.OnTrack)]              // ratio 0.05 / 0.05 = 1.0
    [InlineData(0.05, 0.07, ProgressStatus.SlightDeviation)]      // ratio 0.05 / 0.07 = 0.714
    [InlineData(0.02, 0.07, ProgressStatus.SubstantialDeviation)] // ratio 0.02 / 0.07 = 0.286
    [InlineData(-0.01, 0.07, ProgressStatus.MovingAway)]          // ratio −0.01 / 0.07 < 0
    public void The_trend_growth_against_the_required_growth_sets_the_status(double actual, double required, ProgressStatus expected)
    {
        var target = new Target(2015, 100 * Math.Pow(1 + required, 15), 2030, Direction.Up);

        var result = Progress.Assess(Growing(actual), target);

        Assert.Equal(expected, result.Status);
        Assert.Equal(actual, result.TrendGrowth!.Value, 9);
        Assert.Equal(required, result.RequiredGrowth!.Value, 9);
        Assert.Equal(actual / required, result.Ratio!.Value, 9);
    }

    [Fact]
    public void A_rising_value_moves_away_from_a_target_to_lower_it()
    {
        // SGB II rate 15 → target 10 by 2030, but it rises 2 % a year: ratio = −0.02 / |required| < 0.
        var series = Enumerable.Range(2015, 6).ToDictionary(y => y, y => 15 * Math.Pow(1.02, y - 2015));

        var result = Progress.Assess(series, new Target(2015, 10, 2030, Direction.Down));

        Assert.Equal(ProgressStatus.MovingAway, result.Status);
        Assert.True(result.Ratio < 0);
    }

    [Theory]
    [InlineData(0.02, ProgressStatus.OnTrack)]               // ≥ 1.5 % a year
    [InlineData(0.01, ProgressStatus.SlightDeviation)]       // ≥ 0.5 %
    [InlineData(0.002, ProgressStatus.SubstantialDeviation)] // ≥ 0
    [InlineData(-0.01, ProgressStatus.MovingAway)]
    public void Without_a_target_value_the_growth_in_the_desired_direction_sets_the_status(double actual, ProgressStatus expected)
    {
        Assert.Equal(expected, Progress.Assess(Growing(actual), new Target(2015, null, 2030, Direction.Up)).Status);
    }

    [Fact]
    public void A_trend_never_spans_a_series_break()
    {
        var series = Growing(0.05, last: 2024);

        var afterBreak = Progress.Assess(series, new Target(2015, null, 2030, Direction.Up), breaks: [2022]); // 2022–2024: three years
        var tooShort = Progress.Assess(series, new Target(2015, null, 2030, Direction.Up), breaks: [2023]);   // 2023–2024: two

        Assert.Equal(ProgressStatus.OnTrack, afterBreak.Status);
        Assert.Equal(ProgressStatus.InsufficientData, tooShort.Status);
        Assert.Contains("Zeitreihenbruch 2023", tooShort.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_years_or_values_at_zero_are_insufficient_data()
    {
        Assert.Equal(ProgressStatus.InsufficientData, Progress.Assess(Growing(0.05, last: 2016), new Target(2015, 200, 2030, Direction.Up)).Status);
        Assert.Equal(ProgressStatus.InsufficientData,
            Progress.Assess(new Dictionary<int, double> { [2015] = 0, [2016] = 1, [2017] = 2 }, new Target(2015, 5, 2030, Direction.Up)).Status);
    }

    [Fact]
    public void The_projection_has_the_least_squares_value_a_90_percent_prediction_interval_and_the_chance_of_the_target()
    {
        // x = 0..3 (2020–2023), y = 1, 3, 2, 4: slope 0.8, intercept 1.3, residual SD √0.9;
        // at 2025 (x = 5): ŷ = 5.3, se = √0.9 · √(1 + 1/4 + 3.5²/5) = 1.824829, t(0.95; 2) = 2.919986.
        var series = new Dictionary<int, double> { [2020] = 1, [2021] = 3, [2022] = 2, [2023] = 4 };

        var projection = Progress.Assess(series, new Target(2020, 5.3, 2025, Direction.Up)).Projection!;

        Assert.Equal(5.3, projection.Value, 9);
        Assert.Equal(5.3 - 2.919986 * 1.824829, projection.Lower, 4);
        Assert.Equal(5.3 + 2.919986 * 1.824829, projection.Upper, 4);
        Assert.Equal(0.5, projection.Probability!.Value, 9); // the target is the expected value
    }
}
