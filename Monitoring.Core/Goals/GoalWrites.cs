using System.Data.Common;
using System.Globalization;
using Dapper;
using Monitoring.Core.Changes;
using Monitoring.Core.Areas;
using Monitoring.Core.Indicators;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Goals;

/// <summary>A Leitziel (no parent) or a Handlungsziel as an Editor enters it.</summary>
public sealed record GoalDraft(int? ParentId, string? Title, string? Field, string? Description, bool IsDemo = false);

/// <summary>A target of a Handlungsziel as an Editor enters it; indicator and area are fixed once it exists.</summary>
public sealed record TargetDraft(string? Indicator, string? AreaKey, int BaselineYear, int TargetYear, double? TargetValue, Direction Direction, string? Department, string? Notes);

/// <summary>
/// The Editors' writes to goals and targets, for the API and the dashboard alike: the rules (problems named by field, in
/// German), the change and its audit entry in one transaction. Both hosts call these and hold no rule of their own.
/// </summary>
public sealed class GoalWrites(Database database)
{
    public const int MaxTitleLength = 400;
    public const int MaxFieldLength = 100;

    static Dictionary<string, string> Check(GoalDraft draft)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(draft.Title) || draft.Title.Trim().Length > MaxTitleLength) errors["title"] = $"Bitte einen Titel mit höchstens {MaxTitleLength} Zeichen angeben.";
        if (string.IsNullOrWhiteSpace(draft.Field) || draft.Field.Trim().Length > MaxFieldLength) errors["field"] = $"Bitte das Handlungsfeld mit höchstens {MaxFieldLength} Zeichen angeben.";
        return errors;
    }

    public async Task<WriteResult<Goal>> CreateGoalAsync(string actor, GoalDraft draft, CancellationToken cancellationToken = default)
    {
        var errors = Check(draft);
        if (draft.ParentId is int parent && await database.FindGoalAsync(parent, cancellationToken) is not { ParentId: null })
        {
            errors["parentId"] = "Das übergeordnete Ziel muss ein Leitziel sein: Handlungsziele stehen unter einem Leitziel.";
        }
        if (errors.Count > 0) return WriteResult<Goal>.Invalid(errors);
        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            var id = (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(GoalQueries.InsertGoal(database.Dialect), new
            {
                draft.ParentId,
                Kind = draft.ParentId is null ? "Leitziel" : "Handlungsziel",
                Title = draft.Title!.Trim(),
                Field = draft.Field!.Trim(),
                draft.Description,
                draft.IsDemo,
            }, transaction, cancellationToken: cancellationToken));
            var goal = await FindGoalAsync(connection, transaction, id, cancellationToken);
            await AuditLog.WriteAsync(connection, transaction, actor, "goal.create", "goal", Key(id), null, goal, cancellationToken);
            return WriteResult<Goal>.Done(goal);
        }, cancellationToken);
    }

    public async Task<WriteResult<Goal>> UpdateGoalAsync(string actor, int id, GoalDraft draft, CancellationToken cancellationToken = default)
    {
        if (await database.FindGoalAsync(id, cancellationToken) is not { } before) return WriteResult<Goal>.Missing;
        if (Check(draft) is { Count: > 0 } errors) return WriteResult<Goal>.Invalid(errors);
        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(GoalEditing.UpdateGoal,
                new { Id = id, Title = draft.Title!.Trim(), Field = draft.Field!.Trim(), draft.Description }, transaction, cancellationToken: cancellationToken));
            var after = await FindGoalAsync(connection, transaction, id, cancellationToken);
            await AuditLog.WriteAsync(connection, transaction, actor, "goal.update", "goal", Key(id), before, after, cancellationToken);
            return WriteResult<Goal>.Done(after);
        }, cancellationToken);
    }

    /// <summary>Deletes a goal with its targets; a Leitziel with Handlungsziele under it stays, with the problem named.</summary>
    public async Task<WriteResult<Goal>> DeleteGoalAsync(string actor, int id, CancellationToken cancellationToken = default)
    {
        if (await database.FindGoalAsync(id, cancellationToken) is not { } before) return WriteResult<Goal>.Missing;
        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(GoalEditing.CountChildren, new { Id = id }, transaction, cancellationToken: cancellationToken)) > 0)
            {
                return WriteResult<Goal>.Invalid(new Dictionary<string, string> { ["id"] = "Bitte zuerst die Handlungsziele unter diesem Leitziel löschen." });
            }
            await connection.ExecuteAsync(new CommandDefinition(GoalEditing.DeleteTargetsOfGoal, new { Id = id }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(GoalEditing.DeleteGoal, new { Id = id }, transaction, cancellationToken: cancellationToken));
            await AuditLog.WriteAsync(connection, transaction, actor, "goal.delete", "goal", Key(id), before, null, cancellationToken);
            return WriteResult<Goal>.Done(before);
        }, cancellationToken);
    }

    /// <summary>
    /// The target rules: an indicator of the catalog (its code in any case), an area in force, a baseline year from 1990,
    /// a target year after it up to 2100, a direction up or down. Indicator and area are checked when a target is created.
    /// </summary>
    static async Task<(Dictionary<string, string> Errors, string? Indicator)> CheckAsync(Database database, TargetDraft draft, bool creating, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        string? indicator = null;
        if (creating)
        {
            var catalog = await CatalogStore.LoadAsync(database, cancellationToken);
            indicator = catalog.Indicators.FirstOrDefault(i => string.Equals(i.Code, draft.Indicator?.Trim(), StringComparison.OrdinalIgnoreCase))?.Code;
            if (indicator is null) errors["indicator"] = "Bitte einen Indikator aus dem Katalog wählen.";
            if (string.IsNullOrWhiteSpace(draft.AreaKey) || await database.FindCurrentAsync(draft.AreaKey.Trim(), cancellationToken) is null)
            {
                errors["areaKey"] = "Bitte ein geltendes Gebiet wählen.";
            }
        }
        if (draft.BaselineYear is < 1990 or > 2100) errors["baselineYear"] = "Bitte ein Basisjahr von 1990 bis 2100 angeben.";
        if (draft.TargetYear <= draft.BaselineYear || draft.TargetYear > 2100) errors["targetYear"] = "Das Zieljahr liegt nach dem Basisjahr und höchstens bei 2100.";
        if (draft.Direction is not (Direction.Up or Direction.Down)) errors["direction"] = "Bitte die gewünschte Richtung wählen: steigen (Up) oder sinken (Down).";
        return (errors, indicator);
    }

    public async Task<WriteResult<TargetRow>> CreateTargetAsync(string actor, int goalId, TargetDraft draft, CancellationToken cancellationToken = default)
    {
        if (await database.FindGoalAsync(goalId, cancellationToken) is not { } goal) return WriteResult<TargetRow>.Missing;
        var (errors, indicator) = await CheckAsync(database, draft, creating: true, cancellationToken);
        if (goal.ParentId is null) errors["id"] = "Zielwerte gehören zu einem Handlungsziel, nicht zu einem Leitziel.";
        if (errors.Count > 0) return WriteResult<TargetRow>.Invalid(errors);
        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            var id = (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(GoalQueries.InsertTarget(database.Dialect), new
            {
                GoalId = goalId,
                Indicator = indicator,
                AreaKey = draft.AreaKey!.Trim(),
                draft.BaselineYear,
                draft.TargetYear,
                draft.TargetValue,
                Direction = draft.Direction == Direction.Down ? "Down" : "Up",
                draft.Department,
            }, transaction, cancellationToken: cancellationToken));
            if (draft.Notes is not null)
            {
                await connection.ExecuteAsync(new CommandDefinition(GoalEditing.UpdateTarget, TargetParameters(id, draft), transaction, cancellationToken: cancellationToken));
            }
            var target = await FindTargetAsync(connection, transaction, id, cancellationToken);
            await AuditLog.WriteAsync(connection, transaction, actor, "target.create", "target", Key(id), null, target, cancellationToken);
            return WriteResult<TargetRow>.Done(target);
        }, cancellationToken);
    }

    public async Task<WriteResult<TargetRow>> UpdateTargetAsync(string actor, int id, TargetDraft draft, CancellationToken cancellationToken = default)
    {
        if (await database.FindTargetAsync(id, cancellationToken) is not { } before) return WriteResult<TargetRow>.Missing;
        if ((await CheckAsync(database, draft, creating: false, cancellationToken)).Errors is { Count: > 0 } errors) return WriteResult<TargetRow>.Invalid(errors);
        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(GoalEditing.UpdateTarget, TargetParameters(id, draft), transaction, cancellationToken: cancellationToken));
            var after = await FindTargetAsync(connection, transaction, id, cancellationToken);
            await AuditLog.WriteAsync(connection, transaction, actor, "target.update", "target", Key(id), before, after, cancellationToken);
            return WriteResult<TargetRow>.Done(after);
        }, cancellationToken);
    }

    public async Task<WriteResult<TargetRow>> DeleteTargetAsync(string actor, int id, CancellationToken cancellationToken = default)
    {
        if (await database.FindTargetAsync(id, cancellationToken) is not { } before) return WriteResult<TargetRow>.Missing;
        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(GoalEditing.DeleteTarget, new { Id = id }, transaction, cancellationToken: cancellationToken));
            await AuditLog.WriteAsync(connection, transaction, actor, "target.delete", "target", Key(id), before, null, cancellationToken);
            return WriteResult<TargetRow>.Done(before);
        }, cancellationToken);
    }

    static object TargetParameters(int id, TargetDraft draft) => new
    {
        Id = id,
        draft.BaselineYear,
        draft.TargetYear,
        draft.TargetValue,
        Direction = draft.Direction == Direction.Down ? "Down" : "Up",
        draft.Department,
        draft.Notes,
    };

    static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    static Task<Goal> FindGoalAsync(DbConnection connection, DbTransaction transaction, int id, CancellationToken cancellationToken) =>
        connection.QuerySingleAsync<Goal>(new CommandDefinition(GoalEditing.SelectGoals + " WHERE id = @Id", new { Id = id }, transaction, cancellationToken: cancellationToken));

    static Task<TargetRow> FindTargetAsync(DbConnection connection, DbTransaction transaction, int id, CancellationToken cancellationToken) =>
        connection.QuerySingleAsync<TargetRow>(new CommandDefinition(GoalEditing.SelectTarget, new { Id = id }, transaction, cancellationToken: cancellationToken));
}
