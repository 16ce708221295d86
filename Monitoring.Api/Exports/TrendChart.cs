using System.Globalization;
using Monitoring.Core.Indicators;
using ScottPlot;

namespace Monitoring.Api.Exports;

/// <summary>
/// The indicator trend chart, shared by the API's chart images and the dashboard: one line per area, years as whole
/// ticks, German numbers, the unit on the axis, a colour-blind-safe palette (Okabe–Ito) and the source line
/// "Quelle: …; eigene Berechnung" under the chart.
/// </summary>
public static class TrendChart
{
    static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    /// <summary>Okabe–Ito, without yellow (too light on white).</summary>
    public static readonly string[] Palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000"];

    public static Plot Build(Indicator indicator, IReadOnlyList<IndicatorValue> values)
    {
        var plot = new Plot();
        plot.Title(indicator.NameDe);
        var areas = values.GroupBy(v => (v.AreaKey, v.AreaName)).ToList();
        for (var i = 0; i < areas.Count; i++)
        {
            var points = areas[i].Where(v => v.Value is not null).OrderBy(v => v.Year).ToList();
            if (points.Count == 0) continue;
            var line = plot.Add.Scatter(points.Select(p => (double)p.Year).ToArray(), points.Select(p => p.Value!.Value).ToArray());
            line.LegendText = areas[i].Key.AreaName;
            line.Color = Color.FromHex(Palette[i % Palette.Length]);
            line.LineWidth = 2;
            line.MarkerSize = 5;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            LabelFormatter = year => year.ToString("0", CultureInfo.InvariantCulture), // 2015, never "2.015"
        };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = value => value.ToString("N" + Math.Min(indicator.Decimals, 1), German),
        };
        plot.Axes.Left.Label.Text = indicator.Unit;
        plot.Axes.Bottom.Label.Text = $"Quelle: {indicator.Source}; eigene Berechnung";
        plot.Axes.Bottom.Label.FontSize = 11;
        if (areas.Count > 1) plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    public const int Width = 800, Height = 450;

    /// <summary>A word-sized line without axes for tables (the numbers stand beside it); the last point is marked.</summary>
    public static string Sparkline(IReadOnlyList<IndicatorValue> values, double? target)
    {
        var plot = new Plot();
        var points = values.Where(v => v.Value is not null).OrderBy(v => v.Year).ToList();
        if (points.Count > 0)
        {
            var line = plot.Add.Scatter(points.Select(p => (double)p.Year).ToArray(), points.Select(p => p.Value!.Value).ToArray());
            line.Color = Color.FromHex(Palette[0]);
            line.LineWidth = 2;
            line.MarkerSize = 0;
            var last = plot.Add.Marker(points[^1].Year, points[^1].Value!.Value);
            last.Color = Color.FromHex(Palette[0]);
            last.Size = 6;
        }
        if (target is double goal)
        {
            var marker = plot.Add.HorizontalLine(goal);
            marker.Color = Color.FromHex(Palette[1]);
            marker.LineWidth = 1;
            marker.LinePattern = LinePattern.Dashed;
        }
        plot.HideAxesAndGrid();
        plot.Layout.Frameless();
        return plot.GetSvgXml(120, 32);
    }

    public static string Svg(Indicator indicator, IReadOnlyList<IndicatorValue> values) => Build(indicator, values).GetSvgXml(Width, Height);

    public static byte[] Png(Indicator indicator, IReadOnlyList<IndicatorValue> values) => Build(indicator, values).GetImageBytes(Width, Height, ImageFormat.Png);
}
