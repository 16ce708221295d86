using Dapper;
using Monitoring.Core.Indicators;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Goals;

/// <summary>A target as stored, with its goals' titles and its area, for the overview.</summary>
public sealed class TargetRow
{
    public int Id { get; init; }
    public int GoalId { get; init; }
    public int GuidingGoalId { get; init; }
    public string GuidingGoal { get; init; } = "";
    public string Goal { get; init; } = "";
    public string Field { get; init; } = "";
    public bool IsDemo { get; init; }
    public string IndicatorCode { get; init; } = "";
    public string Indicator { get; init; } = "";
    public string AreaKey { get; init; } = "";
    public string Area { get; init; } = "";
    public int AreaId { get; init; }
    public int BaselineYear { get; init; }
    public int TargetYear { get; init; }
    public double? TargetValue { get; init; }
    public string Direction { get; init; } = "";
    public string? Department { get; init; }
    public string? Notes { get; init; }
}

/// <summary>A target with its assessment.</summary>
public sealed record TargetStatus(TargetRow Target, Assessment Assessment);

public static class GoalQueries
{
    /// <summary>Creates a Leitziel (no parent) or a Handlungsziel under one; returns its id.</summary>
    /// <remarks>Without checks or an audit entry: for the tests' fixtures only; goals are created through <see cref="GoalWrites"/>.</remarks>
    internal static async Task<int> CreateGoalAsync(this Database database, int? parentId, string title, string field, string? description = null, bool isDemo = false, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertGoal(database.Dialect), new
        {
            ParentId = parentId,
            Kind = parentId is null ? "Leitziel" : "Handlungsziel",
            Title = title,
            Field = field,
            Description = description,
            IsDemo = isDemo,
        }, cancellationToken: cancellationToken));
    }

    /// <remarks>Without checks or an audit entry: for the tests' fixtures only; targets are created through <see cref="GoalWrites"/>.</remarks>
    internal static async Task<int> CreateTargetAsync(this Database database, int goalId, string indicatorCode, string areaKey, Target target, string? department = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertTarget(database.Dialect), new
        {
            GoalId = goalId,
            Indicator = indicatorCode,
            AreaKey = areaKey,
            target.BaselineYear,
            target.TargetYear,
            target.TargetValue,
            Direction = target.Direction == Direction.Down ? "Down" : "Up",
            Department = department,
        }, cancellationToken: cancellationToken));
    }

    /// <summary>Every target with its status, computed from the stored indicator values and the series breaks of the indicator's variables.</summary>
    public static async Task<IReadOnlyList<TargetStatus>> TargetStatusesAsync(this Database database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var targets = (await connection.QueryAsync<TargetRow>(new CommandDefinition(SelectTargets, cancellationToken: cancellationToken))).ToList();
        var breaks = (await connection.QueryAsync<(string Variable, long Year)>(new CommandDefinition(SelectBreaks, cancellationToken: cancellationToken)))
            .ToLookup(b => b.Variable, b => (int)b.Year);
        var catalog = await CatalogStore.LoadAsync(database, cancellationToken);
        // Every target's series in one query, not one query per target; by the primary key's indicators and areas,
        // so that the query never scans the whole table (the targets are few, the values many).
        var wanted = targets.Select(t => (t.IndicatorCode, t.AreaId)).ToHashSet();
        var allSeries = (targets.Count == 0 ? [] : await connection.QueryAsync<(string Indicator, long Area, string Period, double Value)>(new CommandDefinition(SelectSeries,
                new { Codes = targets.Select(t => t.IndicatorCode).Distinct().ToList(), Areas = targets.Select(t => t.AreaId).Distinct().ToList() }, cancellationToken: cancellationToken)))
            .Where(p => wanted.Contains((p.Indicator, (int)p.Area)))
            .ToLookup(p => (p.Indicator, (int)p.Area));
        var result = new List<TargetStatus>();
        foreach (var target in targets)
        {
            var series = allSeries[(target.IndicatorCode, target.AreaId)]
                .ToDictionary(p => int.Parse(p.Period, System.Globalization.CultureInfo.InvariantCulture), p => p.Value);
            var indicator = catalog.Indicators.FirstOrDefault(i => i.Code == target.IndicatorCode);
            var variables = indicator?.Formulas().SelectMany(f => f.Variables.Select(v => v.Code)) ?? [];
            var assessment = Progress.Assess(series,
                new Target(target.BaselineYear, target.TargetValue, target.TargetYear, target.Direction == "Down" ? Direction.Down : Direction.Up),
                variables.SelectMany(v => breaks[v]).Distinct());
            result.Add(new TargetStatus(target, assessment));
        }
        return result;
    }

    /// <summary>The years with a break in the series of any of these variables.</summary>
    public static async Task<IReadOnlyList<int>> SeriesBreaksAsync(this Database database, IEnumerable<string> variables, CancellationToken cancellationToken = default)
    {
        var wanted = variables.ToHashSet(StringComparer.Ordinal);
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<(string Variable, long Year)>(new CommandDefinition(SelectBreaks, cancellationToken: cancellationToken)))
            .Where(b => wanted.Contains(b.Variable)).Select(b => (int)b.Year).Distinct().Order().ToList();
    }

    internal static string InsertGoal(SqlDialect dialect) =>
        dialect.InsertReturningId("goals", "parent_id, kind, title, field, description, is_demo", "@ParentId, @Kind, @Title, @Field, @Description, @IsDemo");

    internal static string InsertTarget(SqlDialect dialect) =>
        dialect.InsertReturningId("goal_targets", "goal_id, indicator_code, area_id, baseline_year, target_year, target_value, direction, department",
            "@GoalId, @Indicator, (SELECT id FROM areas WHERE area_key = @AreaKey AND valid_to IS NULL), @BaselineYear, @TargetYear, @TargetValue, @Direction, @Department");

    internal const string SelectTargetRows =
        """
        SELECT t.id AS Id, t.goal_id AS GoalId, l.id AS GuidingGoalId, l.title AS GuidingGoal, g.title AS Goal, g.field AS Field, g.is_demo AS IsDemo, t.indicator_code AS IndicatorCode,
               i.name_de AS Indicator, a.area_key AS AreaKey, a.name AS Area, a.id AS AreaId, t.baseline_year AS BaselineYear,
               t.target_year AS TargetYear, t.target_value AS TargetValue, t.direction AS Direction, t.department AS Department, t.notes AS Notes
        FROM goal_targets t
        JOIN goals g ON g.id = t.goal_id
        JOIN goals l ON l.id = g.parent_id
        JOIN indicators i ON i.code = t.indicator_code
        JOIN areas a ON a.id = t.area_id
        """;

    const string SelectTargets = SelectTargetRows + " ORDER BY g.field, l.title, g.title, t.id";

    const string SelectBreaks = "SELECT variable_code, year FROM series_breaks";

    // Goals are read by everyone: a value resting on a small count (flag 1024, QualityFlags.SmallCount) is no number of theirs.
    const string SelectSeries =
        """
        SELECT v.indicator_code, v.area_id, v.period, v.value
        FROM indicator_values v
        WHERE v.indicator_code IN @Codes AND v.area_id IN @Areas AND v.breakdown = '' AND v.value IS NOT NULL AND (v.flags & 1024) = 0
        """;
}
