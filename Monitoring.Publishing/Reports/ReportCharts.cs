using Monitoring.Publishing.Exports;
using Monitoring.Core.Indicators;
using Monitoring.Core.Reports;
using ScottPlot;

namespace Monitoring.Publishing.Reports;

/// <summary>A report's chart: the dashboard's trend chart, drawn from the frozen numbers with the report's targets and breaks.</summary>
public static class ReportCharts
{
    public static Plot Build(ReportDocument document, ReportSection section)
    {
        var values = section.Values
            .Select(v => new IndicatorValue(v.AreaKey, document.AreaName(v.AreaKey), v.Year, v.Value, null, null, v.Flags, default, []))
            .ToList();
        var targets = document.Targets.Where(t => t.IndicatorCode == section.Indicator.Code && t.TargetValue is not null).ToList();
        return TrendChart.Build(section.Indicator, values, new TrendChart.Extras
        {
            Targets = targets.Select(t => (t.Area, t.TargetYear, t.TargetValue!.Value)).ToList(),
            Projections = targets.Where(t => t is { Projection: not null, Latest: not null, LatestYear: not null })
                .Select(t => (t.LatestYear!.Value, t.Latest!.Value, t.Projection!)).ToList(),
            Breaks = section.Breaks,
        });
    }

    public static string Svg(ReportDocument document, ReportSection section) => Build(document, section).GetSvgXml(TrendChart.Width, TrendChart.Height);

    /// <summary>Twice the pixels of the screen chart, so that it stays sharp when Word prints it.</summary>
    public static byte[] Png(ReportDocument document, ReportSection section)
    {
        var plot = Build(document, section);
        plot.ScaleFactor = 2;
        return plot.GetImageBytes(TrendChart.Width * 2, TrendChart.Height * 2, ImageFormat.Png);
    }
}
