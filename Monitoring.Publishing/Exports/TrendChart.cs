using System.Globalization;
using Monitoring.Core.Indicators;
using ScottPlot;

namespace Monitoring.Publishing.Exports;

/// <summary>
/// The indicator trend chart, shared by the API's chart images and the dashboard: one line per area, years as whole
/// ticks, German numbers, the unit on the axis, a colour-blind-safe palette (Okabe–Ito) and the source line
/// "Quelle: …; eigene Berechnung" under the chart.
/// </summary>
public static class TrendChart
{

    /// <summary>Okabe–Ito, without yellow (too light on white).</summary>
    public static readonly string[] Palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000"];

    /// <summary>What the dashboard draws beside the lines: targets with their projection band, series breaks, a peer-group median.</summary>
    public sealed record Extras
    {
        public IReadOnlyList<(string Area, int Year, double Value)> Targets { get; init; } = [];

        /// <summary>From the latest value to the projected value at the target year, with the 90 % prediction interval.</summary>
        public IReadOnlyList<(int FromYear, double From, Monitoring.Core.Goals.Projection Projection)> Projections { get; init; } = [];

        public IReadOnlyList<int> Breaks { get; init; } = [];

        public IReadOnlyList<(int Year, double Value)> PeerMedian { get; init; } = [];

        public string? PeerLabel { get; init; }
    }

    /// <summary>DejaVu Sans where installed (Debian, the CI machine), else what ScottPlot finds as sans-serif.</summary>
    static readonly string SansFont = SkiaSharp.SKFontManager.Default.GetFontFamilies().Contains("DejaVu Sans") ? "DejaVu Sans" : Fonts.Sans;

    public static Plot Build(Indicator indicator, IReadOnlyList<IndicatorValue> values, Extras? extras = null)
    {
        var plot = new Plot();
        // DejaVu Sans (fonts-dejavu-core), as the reports' text; ScottPlot's own choice on Debian is DejaVu Serif.
        plot.Font.Set(SansFont);
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
        if (extras is not null) Draw(plot, indicator, extras, areas.Count);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            LabelFormatter = year => year.ToString("0", CultureInfo.InvariantCulture), // 2015, never "2.015"
        };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = value => value.ToString("N" + Math.Min(indicator.Decimals, 1), Core.German.Culture),
        };
        plot.Axes.Left.Label.Text = indicator.Unit;
        plot.Axes.Bottom.Label.Text = $"Quelle: {indicator.Source}; eigene Berechnung";
        plot.Axes.Bottom.Label.FontSize = 11;
        if (areas.Count > 1 || extras is { } e && (e.Targets.Count > 0 || e.Breaks.Count > 0 || e.PeerMedian.Count > 0)) plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    static void Draw(Plot plot, Indicator indicator, Extras extras, int lines)
    {
        var grey = Color.FromHex("#555555");
        if (extras.PeerMedian.Count > 0)
        {
            var median = plot.Add.Scatter(extras.PeerMedian.Select(p => (double)p.Year).ToArray(), extras.PeerMedian.Select(p => p.Value).ToArray());
            median.Color = grey;
            median.LinePattern = LinePattern.Dotted;
            median.LineWidth = 2;
            median.MarkerSize = 0;
            median.LegendText = extras.PeerLabel ?? "Median der Vergleichsgruppe";
        }
        foreach (var (fromYear, from, projection) in extras.Projections)
        {
            var band = plot.Add.FillY([fromYear, projection.Year], [from, projection.Lower], [from, projection.Upper]);
            band.FillColor = Color.FromHex(Palette[0]).WithAlpha(0.18);
            band.LineColor = Colors.Transparent;
            band.LegendText = $"Trendfortschreibung bis {projection.Year} (90-%-Band)";
            var path = plot.Add.Line(fromYear, from, projection.Year, projection.Value);
            path.Color = Color.FromHex(Palette[0]);
            path.LinePattern = LinePattern.Dashed;
        }
        for (var i = 0; i < extras.Targets.Count; i++)
        {
            var (area, year, value) = extras.Targets[i];
            var marker = plot.Add.Marker(year, value);
            marker.Shape = MarkerShape.FilledDiamond;
            marker.Size = 12;
            marker.Color = Color.FromHex(Palette[(lines + i) % Palette.Length]);
            marker.LegendText = $"Ziel {area}: {value.ToString("N" + indicator.Decimals, Core.German.Culture)} ({year})";
        }
        foreach (var year in extras.Breaks)
        {
            var line = plot.Add.VerticalLine(year - 0.5);
            line.Color = grey;
            line.LinePattern = LinePattern.Dotted;
            line.LegendText = $"Zeitreihenbruch ab {year}";
        }
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

    public static string Svg(Indicator indicator, IReadOnlyList<IndicatorValue> values, Extras? extras = null) => Build(indicator, values, extras).GetSvgXml(Width, Height);

    public static byte[] Png(Indicator indicator, IReadOnlyList<IndicatorValue> values, Extras? extras = null) => Build(indicator, values, extras).GetImageBytes(Width, Height, ImageFormat.Png);
}
