using Monitoring.Core.Goals;
using Monitoring.Core.Observations;

namespace Monitoring.Core.Reports;

/// <summary>"What changed since the last report": revised values, new years, changed statuses, indicators and targets added or removed.</summary>
public static class ReportComparison
{
    public static IReadOnlyList<ReportChange> Compare(ReportDocument previous, ReportDocument current)
    {
        var changes = new List<ReportChange>();
        var before = previous.Sections.ToDictionary(s => s.Indicator.Code);
        foreach (var section in current.Sections)
        {
            var name = section.Indicator.NameDe;
            if (!before.Remove(section.Indicator.Code, out var old))
            {
                changes.Add(new ReportChange(ChangeKind.IndicatorAdded, name, null, null, null, null));
                continue;
            }
            var oldPoints = old.Values.ToDictionary(p => (p.AreaKey, p.Year));
            foreach (var point in section.Values.OrderBy(p => p.AreaKey, StringComparer.Ordinal).ThenBy(p => p.Year))
            {
                var area = current.AreaName(point.AreaKey);
                if (!oldPoints.TryGetValue((point.AreaKey, point.Year), out var was))
                {
                    changes.Add(new ReportChange(ChangeKind.NewYear, name, area, point.Year, null, point.Display));
                }
                else if (was.Display != point.Display)
                {
                    changes.Add(new ReportChange(ChangeKind.Revised, name, area, point.Year, was.Display, point.Display));
                }
            }
        }
        changes.AddRange(before.Values.Select(s => new ReportChange(ChangeKind.IndicatorRemoved, s.Indicator.NameDe, null, null, null, null)));

        var oldTargets = previous.Targets.ToDictionary(t => t.Id);
        foreach (var target in current.Targets)
        {
            if (!oldTargets.Remove(target.Id, out var was))
            {
                changes.Add(new ReportChange(ChangeKind.TargetAdded, target.Indicator, target.Area, target.TargetYear, null, target.Status.Label()));
                continue;
            }
            if (was.Status != target.Status)
            {
                changes.Add(new ReportChange(ChangeKind.StatusChanged, target.Indicator, target.Area, target.TargetYear, was.Status.Label(), target.Status.Label()));
            }
            // Without sections (the one-page template), a target's latest figure is the only place a revision shows.
            if (!current.Sections.Any(s => s.Indicator.Code == target.IndicatorCode) && Latest(was) != Latest(target))
            {
                changes.Add(new ReportChange(was.LatestYear == target.LatestYear ? ChangeKind.Revised : ChangeKind.NewYear, target.Indicator, target.Area, target.LatestYear,
                    Latest(was), Latest(target)));
            }
        }
        changes.AddRange(oldTargets.Values.Select(t => new ReportChange(ChangeKind.TargetRemoved, t.Indicator, t.Area, t.TargetYear, t.Status.Label(), null)));
        return changes;
    }

    static string Latest(ReportTarget target) =>
        target.Latest is null ? "–" : $"{OfficialFormat.Format(target.Latest, QualityFlags.None, target.Decimals)} ({target.LatestYear})";
}
