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

/// <summary>Listing and changing goals and targets; creation is in <see cref="GoalQueries"/>.</summary>
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

    public static async Task UpdateGoalAsync(this Database database, int id, string title, string field, string? description, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(UpdateGoal, new { Id = id, Title = title, Field = field, Description = description }, cancellationToken: cancellationToken));
    }

    /// <summary>Deletes a goal with its targets; false when it still has Handlungsziele under it.</summary>
    public static Task<bool> DeleteGoalAsync(this Database database, int id, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountChildren, new { Id = id }, transaction, cancellationToken: cancellationToken)) > 0) return false;
            await connection.ExecuteAsync(new CommandDefinition(DeleteTargetsOfGoal, new { Id = id }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(DeleteGoal, new { Id = id }, transaction, cancellationToken: cancellationToken));
            return true;
        }, cancellationToken);

    /// <summary>One target as stored, without assessing it (assessments are for the overview).</summary>
    public static async Task<TargetRow?> FindTargetAsync(this Database database, int id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<TargetRow>(new CommandDefinition(SelectTarget, new { Id = id }, cancellationToken: cancellationToken));
    }

    public static async Task UpdateTargetAsync(this Database database, int id, Target target, string? department, string? notes, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(UpdateTarget, new
        {
            Id = id,
            target.BaselineYear,
            target.TargetYear,
            target.TargetValue,
            Direction = target.Direction == Indicators.Direction.Down ? "Down" : "Up",
            Department = department,
            Notes = notes,
        }, cancellationToken: cancellationToken));
    }

    public static async Task<bool> DeleteTargetAsync(this Database database, int id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(DeleteTarget, new { Id = id }, cancellationToken: cancellationToken)) == 1;
    }

    const string SelectTarget = GoalQueries.SelectTargetRows + " WHERE t.id = @Id";

    const string SelectGoals = "SELECT id AS Id, parent_id AS ParentId, kind AS Kind, title AS Title, field AS Field, description AS Description, is_demo AS IsDemo FROM goals";
    const string UpdateGoal = "UPDATE goals SET title = @Title, field = @Field, description = @Description WHERE id = @Id";
    const string CountChildren = "SELECT COUNT(*) FROM goals WHERE parent_id = @Id";
    const string DeleteTargetsOfGoal = "DELETE FROM goal_targets WHERE goal_id = @Id";
    const string DeleteGoal = "DELETE FROM goals WHERE id = @Id";
    const string UpdateTarget =
        """
        UPDATE goal_targets SET baseline_year = @BaselineYear, target_year = @TargetYear, target_value = @TargetValue, direction = @Direction,
            department = @Department, notes = @Notes
        WHERE id = @Id
        """;
    const string DeleteTarget = "DELETE FROM goal_targets WHERE id = @Id";
}
