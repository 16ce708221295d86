using Dapper;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Goals;

/// <summary>A Leitziel (no parent) or a Handlungsziel.</summary>
public sealed record Goal
{
    public int Id { get; init; }
    public int? ParentId { get; init; }
    public string Kind { get; init; } = "";
    public string Title { get; init; } = "";
    public string Field { get; init; } = "";
    public string? Description { get; init; }
    public bool IsDemo { get; init; }
}

/// <summary>Reading goals and targets; every Editor's write is in <see cref="GoalWrites"/>, with its audit entry.</summary>
public static class GoalEditing
{
    public static async Task<IReadOnlyList<Goal>> ListGoalsAsync(this Database database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Goal>(new CommandDefinition(SelectGoals + " ORDER BY field, title", cancellationToken: cancellationToken))).ToList();
    }

    public static async Task<Goal?> FindGoalAsync(this Database database, int id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Goal>(new CommandDefinition(SelectGoals + " WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken));
    }

    /// <summary>One target as stored, without assessing it (assessments are for the overview).</summary>
    public static async Task<TargetRow?> FindTargetAsync(this Database database, int id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<TargetRow>(new CommandDefinition(SelectTarget, new { Id = id }, cancellationToken: cancellationToken));
    }

    internal const string SelectTarget = GoalQueries.SelectTargetRows + " WHERE t.id = @Id";

    internal const string SelectGoals = "SELECT id AS Id, parent_id AS ParentId, kind AS Kind, title AS Title, field AS Field, description AS Description, is_demo AS IsDemo FROM goals";
    internal const string UpdateGoal = "UPDATE goals SET title = @Title, field = @Field, description = @Description WHERE id = @Id";
    internal const string CountChildren = "SELECT COUNT(*) FROM goals WHERE parent_id = @Id";
    internal const string DeleteTargetsOfGoal = "DELETE FROM goal_targets WHERE goal_id = @Id";
    internal const string DeleteGoal = "DELETE FROM goals WHERE id = @Id";
    internal const string UpdateTarget =
        """
        UPDATE goal_targets SET baseline_year = @BaselineYear, target_year = @TargetYear, target_value = @TargetValue, direction = @Direction,
            department = @Department, notes = @Notes
        WHERE id = @Id
        """;
    internal const string DeleteTarget = "DELETE FROM goal_targets WHERE id = @Id";
}
