using Monitoring.Core.Areas;
using Monitoring.Core.Goals;
using Monitoring.Core.Indicators;
using Monitoring.Core.Observations;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Reports;

/// <summary>Reads everything a report prints from the current data into a <see cref="ReportDocument"/>.</summary>
public static class ReportSnapshot
{
    /// <summary>The report as the current data has it; without areas in its definition, the home area (<paramref name="home"/>) and its Land.</summary>
    public static async Task<ReportDocument> BuildAsync(Database database, ReportDefinition definition, CancellationToken cancellationToken = default, HomeArea? home = null)
    {
        var catalog = await CatalogStore.LoadAsync(database, cancellationToken);
        var areas = await database.ListCurrentAsync(cancellationToken);
        var chosen = ChooseAreas(areas, definition.Areas, home);
        var chosenKeys = chosen.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);

        var goals = definition.Goals.ToHashSet();
        // Targets: of the chosen goals, else of the chosen indicators, else all; of the chosen areas when areas are chosen.
        var targets = (await database.TargetStatusesAsync(cancellationToken))
            .Where(t => goals.Count > 0 ? goals.Contains(t.Target.GoalId) || goals.Contains(t.Target.GuidingGoalId)
                : definition.Indicators.Count == 0 || definition.Indicators.Contains(t.Target.IndicatorCode))
            .Where(t => definition.Areas.Count == 0 || chosenKeys.Contains(t.Target.AreaKey))
            .ToList();

        var codes = definition.Indicators.Count > 0 ? definition.Indicators.ToHashSet(StringComparer.Ordinal)
            : goals.Count > 0 ? targets.Select(t => t.Target.IndicatorCode).ToHashSet(StringComparer.Ordinal)
            : definition.Template == ReportTemplates.Integrationsbericht ? catalog.Indicators.Select(i => i.Code).ToHashSet(StringComparer.Ordinal)
            : [];
        var fieldOrder = catalog.Indicators.Select(i => i.Field).Distinct().ToList();

        var sections = new List<ReportSection>();
        var runs = new HashSet<int>();
        // Every target's indicator is read, for the baseline values, even when the template prints no section for it.
        var indicators = catalog.Indicators.Where(i => codes.Contains(i.Code) || targets.Any(t => t.Target.IndicatorCode == i.Code))
            .OrderBy(i => fieldOrder.IndexOf(i.Field)).ToList();
        var baselines = new Dictionary<int, double?>();
        foreach (var indicator in indicators)
        {
            var own = targets.Where(t => t.Target.IndicatorCode == indicator.Code).ToList();
            var keys = chosen.Select(a => a.Key).Concat(own.Select(t => t.Target.AreaKey)).Distinct().ToList();
            var values = await database.ReadIndicatorValuesAsync(indicator.Code, keys, null, null, cancellationToken: cancellationToken);
            foreach (var target in own)
            {
                baselines[target.Target.Id] = values.FirstOrDefault(v => v.AreaKey == target.Target.AreaKey && v.Year == target.Target.BaselineYear)?.Value;
                runs.UnionWith(values.Where(v => v.AreaKey == target.Target.AreaKey).SelectMany(v => v.ImportRuns));
            }
            if (!codes.Contains(indicator.Code)) continue;
            // The full report leaves out indicators without any figure for its areas; a chosen one is always printed.
            if (definition.Indicators.Count == 0 && values.All(v => v.Value is null)) continue;
            runs.UnionWith(values.SelectMany(v => v.ImportRuns));
            var breaks = await database.SeriesBreaksAsync(indicator.Formulas().SelectMany(f => f.Variables).Select(v => v.Code), cancellationToken);
            sections.Add(new ReportSection
            {
                Indicator = indicator,
                // Areas in the order chosen (the Kreis before its Land), years ascending; "|" marks the first figure after a break.
                Values = values.OrderBy(v => keys.IndexOf(v.AreaKey)).ThenBy(v => v.Year).Select(v =>
                {
                    var flags = breaks.Contains(v.Year) ? v.Flags | QualityFlags.SeriesBreak : v.Flags;
                    return new ReportPoint(v.AreaKey, v.Year, v.Value, flags, OfficialFormat.Format(v.Value, flags, indicator.Decimals));
                }).ToList(),
                Breaks = breaks,
                Commentary = definition.Commentary.GetValueOrDefault(indicator.Code),
            });
        }

        var sources = await database.SourceFilesAsync(runs, cancellationToken);
        var byCode = catalog.Indicators.ToDictionary(i => i.Code);
        var used = sections.SelectMany(s => s.Indicator.Formulas()).SelectMany(f => f.Variables).Select(v => v.Code).ToHashSet(StringComparer.Ordinal);
        var shownAreas = chosen.Concat(areas.Where(a => targets.Any(t => t.Target.AreaKey == a.Key))).DistinctBy(a => a.Key);
        return new ReportDocument
        {
            Title = definition.Title,
            Template = definition.Template,
            ReportingDate = definition.ReportingDate,
            DataStatus = sources.Max(s => s.FinishedAt),
            CreatedAt = DateTime.UtcNow,
            SampleData = sources.Any(s => s.IsDemo) || targets.Any(t => t.Target.IsDemo),
            Areas = shownAreas.Select(a => new ReportArea(a.Key, a.Name, a.Level.ToString())).ToList(),
            Introduction = definition.Introduction,
            Targets = targets.Select(t => ToReport(t, byCode[t.Target.IndicatorCode], baselines.GetValueOrDefault(t.Target.Id))).ToList(),
            Sections = sections,
            Sources = sources.GroupBy(s => (s.Source, s.FileName)).Select(g => new ReportSource(g.Key.Source, g.Key.FileName, g.Max(s => s.FinishedAt)))
                .OrderBy(s => s.Source, StringComparer.Ordinal).ToList(),
            VariableLabels = catalog.Variables.Where(v => used.Contains(v.Code)).ToDictionary(v => v.Code, v => v.Label),
        };
    }

    /// <summary>The chosen areas by key, or by default the Kreis and its Land (as the dashboard's indicator page).</summary>
    static IReadOnlyList<Area> ChooseAreas(IReadOnlyList<Area> areas, IReadOnlyList<string> keys, HomeArea? home)
    {
        if (keys.Count > 0) return keys.Select(k => areas.FirstOrDefault(a => a.Key == k)).OfType<Area>().ToList();
        var (kreis, land) = AreaNode.Home(areas, home);
        return new[] { kreis, land }.OfType<Area>().ToList();
    }

    static ReportTarget ToReport(TargetStatus status, Indicator indicator, double? baseline) => new()
    {
        Id = status.Target.Id,
        GoalId = status.Target.GoalId,
        Field = status.Target.Field,
        GuidingGoal = status.Target.GuidingGoal,
        Goal = status.Target.Goal,
        IndicatorCode = status.Target.IndicatorCode,
        Indicator = status.Target.Indicator,
        AreaKey = status.Target.AreaKey,
        Area = status.Target.Area,
        Unit = indicator.Unit,
        Decimals = indicator.Decimals,
        BaselineYear = status.Target.BaselineYear,
        BaselineValue = baseline,
        LatestYear = status.Assessment.LatestYear,
        Latest = status.Assessment.Latest,
        TargetYear = status.Target.TargetYear,
        TargetValue = status.Target.TargetValue,
        Direction = status.Target.Direction == "Down" ? Direction.Down : Direction.Up,
        Status = status.Assessment.Status,
        Reason = status.Assessment.Reason,
        Projection = status.Assessment.Projection,
        Department = status.Target.Department,
    };
}
