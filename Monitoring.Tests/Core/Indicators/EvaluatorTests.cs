using Monitoring.Core.Indicators;
using Monitoring.Core.Observations;

namespace Monitoring.Tests.Core.Indicators;

/// <summary>Worked examples, computed by hand, for every function and for the quality rules.</summary>
public sealed class EvaluatorTests
{
    const int Guetersloh = 1, Verl = 2;

    /// <summary>The two towns over 2020 to 2025.</summary>
    static readonly Grid Cells = new([Guetersloh, Verl], 2020, 6);

    /// <summary>Foreign and total residents; Verl's 2023 foreign figure is secret, its 2022 one provisional.</summary>
    static readonly Dictionary<string, Column> Data = new()
    {
        ["BEVSTD|NAT=NATA"] = new(Cells)
        {
            [(Guetersloh, 2022)] = new(20_000, QualityFlags.None),
            [(Guetersloh, 2023)] = new(21_000, QualityFlags.None),
            [(Verl, 2022)] = new(3_000, QualityFlags.Provisional),
            [(Verl, 2023)] = new(null, QualityFlags.Secret),
        },
        ["BEVSTD|"] = new(Cells)
        {
            [(Guetersloh, 2022)] = new(100_000, QualityFlags.None),
            [(Guetersloh, 2023)] = new(105_000, QualityFlags.None),
            [(Verl, 2022)] = new(25_000, QualityFlags.None),
            [(Verl, 2023)] = new(0, QualityFlags.ExactlyZero),
        },
    };

    static Column Evaluate(string text, Func<string, Column>? indicators = null)
    {
        var (formula, errors) = Formula.Parse(text);
        Assert.Empty(errors);
        return Evaluator.Evaluate(formula!, Cells,
            reference => Data[reference.Code + "|" + string.Join(";", reference.Filters.Select(f => $"{f.Key}={string.Join("|", f.Value)}"))],
            indicators ?? (_ => new Column(Cells)));
    }

    [Fact]
    public void A_share_is_numerator_over_denominator_times_the_factor()
    {
        var share = Evaluate("v('BEVSTD', 'NAT=NATA') / v('BEVSTD') * 100");

        Assert.Equal(new Cell(20.0, QualityFlags.None), share[(Guetersloh, 2023)]); // 21,000 / 105,000 × 100
        Assert.Equal(new Cell(20.0, QualityFlags.None), share[(Guetersloh, 2022)]); // 20,000 / 100,000 × 100
        Assert.Equal(12.0, share[(Verl, 2022)].Value!.Value, 10);                    // 3,000 / 25,000 × 100
    }

    [Fact]
    public void Flags_propagate_and_a_secret_input_gives_no_number_never_a_zero()
    {
        var share = Evaluate("v('BEVSTD', 'NAT=NATA') / v('BEVSTD') * 100");

        Assert.Equal(QualityFlags.Provisional, share[(Verl, 2022)].Flags);
        Assert.Equal(new Cell(null, QualityFlags.Secret), share[(Verl, 2023)]);
    }

    [Fact]
    public void Division_by_zero_gives_no_number_marked_not_meaningful()
    {
        var ratio = Evaluate("v('BEVSTD') / v('BEVSTD')");

        Assert.Equal(new Cell(null, QualityFlags.NotMeaningful), ratio[(Verl, 2023)]); // 0 / 0; exactly-zero itself is not inherited
        Assert.Equal(new Cell(1.0, QualityFlags.None), ratio[(Guetersloh, 2023)]);
    }

    [Fact]
    public void Prev_shifts_to_the_previous_period_for_change_and_growth()
    {
        var growth = Evaluate("(v('BEVSTD', 'NAT=NATA') - prev(v('BEVSTD', 'NAT=NATA'))) / prev(v('BEVSTD', 'NAT=NATA')) * 100");

        Assert.Equal(5.0, growth[(Guetersloh, 2023)].Value!.Value, 10); // (21,000 − 20,000) / 20,000 × 100
        Assert.False(growth.ContainsKey((Guetersloh, 2022)));           // no 2021 to compare with
        Assert.Equal(new Cell(null, QualityFlags.Secret | QualityFlags.Provisional), growth[(Verl, 2023)]);
    }

    [Fact]
    public void Ind_uses_other_indicators_and_abs_min_max_work_per_cell()
    {
        var columns = new Dictionary<string, Column>
        {
            ["BESCH_Q_DT"] = new(Cells) { [(Guetersloh, 2023)] = new(62.5, QualityFlags.None), [(Verl, 2023)] = new(60.0, QualityFlags.Estimated) },
            ["BESCH_Q_AUS"] = new(Cells) { [(Guetersloh, 2023)] = new(48.0, QualityFlags.None) },
        };

        var gap = Evaluate("ind('BESCH_Q_DT') - ind('BESCH_Q_AUS')", code => columns[code]);
        var bounded = Evaluate("max(min(ind('BESCH_Q_DT'), 61), abs(0 - 50))", code => columns[code]);

        Assert.Equal(new Cell(14.5, QualityFlags.None), gap[(Guetersloh, 2023)]);
        Assert.False(gap.ContainsKey((Verl, 2023))); // no foreign rate for Verl: no gap
        Assert.Equal(new Cell(61.0, QualityFlags.None), bounded[(Guetersloh, 2023)]);
        Assert.Equal(new Cell(60.0, QualityFlags.Estimated), bounded[(Verl, 2023)]);
    }
}
