using Monitoring.Core.Indicators;
using ScottPlot;

namespace Monitoring.Publishing.Exports;

/// <summary>
/// One indicator, one year, the areas side by side: horizontal bars sorted by value, with reference lines (the Kreis,
/// the Land). Same conventions as <see cref="TrendChart"/>: German numbers, unit on the axis, source line, the palette.
/// </summary>
public static class ComparisonChart
{

    public static Plot Build(Indicator indicator, int year, IReadOnlyList<(string Name, double Value)> areas, IReadOnlyList<(string Name, double Value)> references)
    {
        var plot = new Plot();
        plot.Title($"{indicator.NameDe} {year}");
        var sorted = areas.OrderBy(a => a.Value).ToList();
        var bars = sorted.Select((a, i) => new Bar { Position = i, Value = a.Value, FillColor = Color.FromHex(TrendChart.Palette[0]), Label = a.Value.ToString("N" + indicator.Decimals, Core.German.Culture) }).ToList();
        var series = plot.Add.Bars(bars);
        series.Horizontal = true;
        series.ValueLabelStyle.FontSize = 11;
        plot.Axes.Left.SetTicks(sorted.Select((_, i) => (double)i).ToArray(), sorted.Select(a => a.Name).ToArray());
        for (var i = 0; i < references.Count; i++)
        {
            var line = plot.Add.VerticalLine(references[i].Value);
            line.Color = Color.FromHex(TrendChart.Palette[(i + 1) % TrendChart.Palette.Length]);
            line.LineWidth = 2;
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = $"{references[i].Name}: {references[i].Value.ToString("N" + indicator.Decimals, Core.German.Culture)}";
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => v.ToString("N" + Math.Min(indicator.Decimals, 1), Core.German.Culture) };
        plot.Axes.Bottom.Label.Text = $"{indicator.Unit} – Quelle: {indicator.Source}; eigene Berechnung";
        plot.Axes.Bottom.Label.FontSize = 11;
        plot.Axes.Margins(left: 0);
        if (references.Count > 0) plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    public static string Svg(Indicator indicator, int year, IReadOnlyList<(string Name, double Value)> areas, IReadOnlyList<(string Name, double Value)> references) =>
        Build(indicator, year, areas, references).GetSvgXml(TrendChart.Width, Math.Max(300, 120 + 28 * areas.Count));
}
