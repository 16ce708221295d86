using Monitoring.Core.Storage;

namespace Monitoring.Core.Reports;

/// <summary>
/// What a reader sees of a report. Editors work on the current definition, drafts included; everyone else sees only
/// what was published: a published report as its newest edition has it (title, reporting date, areas, indicators and
/// commentary), never the Editors' unpublished changes.
/// </summary>
public static class ReportVisibility
{
    public static async Task<IReadOnlyList<ReportRow>> ListVisibleReportsAsync(this Database database, bool editor, CancellationToken cancellationToken = default)
    {
        var all = await database.ListReportsAsync(cancellationToken);
        if (editor) return all;
        var visible = new List<ReportRow>();
        foreach (var report in all.Where(r => r.Editions > 0))
        {
            if (await AsPublishedAsync(database, report, cancellationToken) is { } published) visible.Add(published);
        }
        return visible;
    }

    /// <summary>The report as the reader may see it; null when it does not exist or is a draft the reader may not see.</summary>
    public static async Task<ReportRow?> FindVisibleReportAsync(this Database database, int id, bool editor, CancellationToken cancellationToken = default)
    {
        if (await database.FindReportAsync(id, cancellationToken) is not { } report) return null;
        if (editor) return report;
        return report.Editions > 0 ? await AsPublishedAsync(database, report, cancellationToken) : null;
    }

    static async Task<ReportRow?> AsPublishedAsync(Database database, ReportRow report, CancellationToken cancellationToken)
    {
        var editions = await database.ListEditionsAsync(report.Id, cancellationToken);
        if (editions.Count == 0 || await database.FindEditionAsync(report.Id, editions.Max(e => e.Edition), cancellationToken) is not { } latest) return null;
        var definition = new ReportDefinition
        {
            Title = latest.Title,
            Template = latest.Template,
            ReportingDate = latest.ReportingDate,
            Areas = latest.Areas.Select(a => a.Key).ToList(),
            Goals = latest.Targets.Select(t => t.GoalId).Distinct().ToList(),
            Indicators = latest.Sections.Select(s => s.Indicator.Code).ToList(),
            Introduction = latest.Introduction,
            Commentary = latest.Sections.Where(s => !string.IsNullOrEmpty(s.Commentary)).ToDictionary(s => s.Indicator.Code, s => s.Commentary!),
        };
        return report with { Title = latest.Title, Template = latest.Template, Definition = definition, UpdatedAt = latest.PublishedAt ?? report.UpdatedAt };
    }
}
