using Monitoring.Core.Observations;

namespace Monitoring.Core.Indicators;

/// <summary>
/// The computation's aggregation step: numerators and denominators of higher areas as the sums of their parts' (never
/// an average of ratios), and the values from them within the indicator's levels.
/// </summary>
internal static class AreaSums
{
    /// <summary>
    /// Numerator and denominator per area and year where both exist, with the sums for higher areas (from
    /// <paramref name="outside"/>'s stored parts too, in an incremental computation). Derived indicators (ind()) are
    /// computed from their inputs' sums, not summed themselves.
    /// </summary>
    internal static (Column Top, Column? Bottom) Parts(Indicator indicator, Column numerator, Column? denominator, Aggregation hierarchy,
        Dictionary<(int Area, int Year), (Cell Top, Cell Bottom)>? outside, IReadOnlySet<int>? scope)
    {
        var grid = numerator.Grid;
        // A number alone is no figure of any area.
        var top = numerator.Constant is null ? numerator.Copy() : new Column(grid);
        Column? bottom = null;
        if (denominator is not null)
        {
            bottom = new Column(grid);
            for (var cell = 0; cell < grid.Count; cell++)
            {
                if (!top.Present[cell]) continue;
                if (denominator.Has(cell)) bottom.Set(cell, denominator.At(cell));
                else top.Remove(cell);
            }
        }
        if (!indicator.Formulas().Any(f => f.Indicators.Count > 0))
        {
            foreach (var ((area, year), (outsideTop, outsideBottom)) in outside ?? [])
            {
                var cell = grid.Cell(area, year);
                if (cell < 0 || top.Present[cell]) continue;
                top.Set(cell, outsideTop);
                bottom?.Set(cell, outsideBottom);
            }
            hierarchy.SumUp(top, bottom, indicator.Levels, scope);
        }
        return (top, bottom);
    }

    /// <summary>
    /// The indicator's value wherever it has parts (within the scope of an incremental computation): the ratio times the
    /// factor, or (without denominator) the numerator times the factor, as the evaluator combines any two columns.
    /// </summary>
    internal static Column Values(Indicator indicator, Column top, Column? bottom, bool[]? inScope)
    {
        var grid = top.Grid;
        var factor = (double)indicator.Factor;
        var values = bottom is null
            ? Evaluator.Pairwise(top, Column.Of(grid, new Cell(factor, QualityFlags.None)), (a, b) => a * b)
            : Evaluator.Pairwise(top, bottom, (a, b) => a / b * factor);
        var minimum = indicator.MinDenominator is decimal m ? (double)m : double.NaN;
        for (var cell = 0; cell < grid.Count; cell++)
        {
            if (!values.Present[cell]) continue;
            if (inScope?[cell / grid.Years] == false) values.Remove(cell);
            // A small base makes a ratio jumpy: the value stays, marked unreliable.
            else if (bottom?.Values[cell] < minimum) values.Flags[cell] |= QualityFlags.Unreliable;
        }
        return values;
    }
}
