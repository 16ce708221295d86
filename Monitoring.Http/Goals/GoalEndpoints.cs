using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Http.Security;
using Monitoring.Core.Accounts;
using Monitoring.Core.Goals;
using Monitoring.Core.Indicators;
using Monitoring.Core.Storage;

namespace Monitoring.Http.Goals;

/// <summary>The goals of the Integrationskonzept with their targets' status and projection; Editors change them.</summary>
public static class GoalEndpoints
{
    public sealed record TargetDto(int Id, string Indicator, string IndicatorName, string AreaKey, string Area, int BaselineYear, int TargetYear, double? TargetValue,
        string Direction, string? Department, string? Notes, Assessment Assessment);

    public sealed record GoalDto(int Id, string Kind, string Title, string Field, string? Description, bool IsDemo, IReadOnlyList<TargetDto> Targets, IReadOnlyList<GoalDto> Goals);

    public sealed record GoalInput(int? ParentId, string? Title, string? Field, string? Description);

    public sealed record TargetInput(string? Indicator, string? AreaKey, int BaselineYear, int TargetYear, double? TargetValue, Direction Direction, string? Department, string? Notes);

    public static void MapGoals(this IEndpointRouteBuilder api)
    {
        var goals = api.MapGroup("/goals").WithTags("Goals");
        goals.MapGet("/", ListAsync);
        goals.MapPost("/", CreateAsync).RequireRole(Role.Editor);
        goals.MapPut("/{id:int}", UpdateAsync).RequireRole(Role.Editor);
        goals.MapDelete("/{id:int}", DeleteAsync).RequireRole(Role.Editor);
        goals.MapPost("/{id:int}/targets", CreateTargetAsync).RequireRole(Role.Editor);
        var targets = api.MapGroup("/targets").WithTags("Goals");
        targets.MapPut("/{id:int}", UpdateTargetAsync).RequireRole(Role.Editor);
        targets.MapDelete("/{id:int}", DeleteTargetAsync).RequireRole(Role.Editor);
    }

    /// <summary>Leitziele with their Handlungsziele and each target's assessment (status, trend, projection with interval and chance).</summary>
    static async Task<IReadOnlyList<GoalDto>> ListAsync(Database database, string? field, string? area, CancellationToken cancellationToken)
    {
        var all = await database.ListGoalsAsync(cancellationToken);
        var statuses = (await database.TargetStatusesAsync(cancellationToken))
            .Where(s => area is null || s.Target.AreaKey == area)
            .ToLookup(s => s.Target.GoalId);
        GoalDto Dto(Goal goal) => new(goal.Id, goal.Kind, goal.Title, goal.Field, goal.Description, goal.IsDemo,
            statuses[goal.Id].Select(s => new TargetDto(s.Target.Id, s.Target.IndicatorCode, s.Target.Indicator, s.Target.AreaKey, s.Target.Area, s.Target.BaselineYear,
                s.Target.TargetYear, s.Target.TargetValue, s.Target.Direction, s.Target.Department, s.Target.Notes, s.Assessment)).ToList(),
            all.Where(g => g.ParentId == goal.Id).Select(Dto).ToList());
        return all.Where(g => g.ParentId is null && (field is null || string.Equals(g.Field, field, StringComparison.OrdinalIgnoreCase))).Select(Dto).ToList();
    }

    static GoalDraft Draft(GoalInput input) => new(input.ParentId, input.Title, input.Field, input.Description);

    static TargetDraft Draft(TargetInput input) =>
        new(input.Indicator, input.AreaKey, input.BaselineYear, input.TargetYear, input.TargetValue, input.Direction, input.Department, input.Notes);

    static async Task<Results<Created<Goal>, ValidationProblem>> CreateAsync(GoalInput body, HttpContext http, GoalWrites goals, CancellationToken cancellationToken)
    {
        var result = await goals.CreateGoalAsync(http.User.AuditName(), Draft(body), cancellationToken);
        return result.Succeeded ? TypedResults.Created($"/api/goals/{result.Value!.Id}", result.Value) : result.Problem();
    }

    static async Task<Results<Ok<Goal>, NotFound, ValidationProblem>> UpdateAsync(int id, GoalInput body, HttpContext http, GoalWrites goals, CancellationToken cancellationToken)
    {
        var result = await goals.UpdateGoalAsync(http.User.AuditName(), id, Draft(body), cancellationToken);
        return result.IsNotFound ? TypedResults.NotFound() : result.Succeeded ? TypedResults.Ok(result.Value!) : result.Problem();
    }

    static async Task<Results<NoContent, NotFound, ValidationProblem>> DeleteAsync(int id, HttpContext http, GoalWrites goals, CancellationToken cancellationToken)
    {
        var result = await goals.DeleteGoalAsync(http.User.AuditName(), id, cancellationToken);
        return result.IsNotFound ? TypedResults.NotFound() : result.Succeeded ? TypedResults.NoContent() : result.Problem();
    }

    static async Task<Results<Created<TargetRow>, NotFound, ValidationProblem>> CreateTargetAsync(int id, TargetInput body, HttpContext http, GoalWrites goals, CancellationToken cancellationToken)
    {
        var result = await goals.CreateTargetAsync(http.User.AuditName(), id, Draft(body), cancellationToken);
        return result.IsNotFound ? TypedResults.NotFound() : result.Succeeded ? TypedResults.Created($"/api/targets/{result.Value!.Id}", result.Value) : result.Problem();
    }

    static async Task<Results<Ok<TargetRow>, NotFound, ValidationProblem>> UpdateTargetAsync(int id, TargetInput body, HttpContext http, GoalWrites goals, CancellationToken cancellationToken)
    {
        var result = await goals.UpdateTargetAsync(http.User.AuditName(), id, Draft(body), cancellationToken);
        return result.IsNotFound ? TypedResults.NotFound() : result.Succeeded ? TypedResults.Ok(result.Value!) : result.Problem();
    }

    static async Task<Results<NoContent, NotFound>> DeleteTargetAsync(int id, HttpContext http, GoalWrites goals, CancellationToken cancellationToken)
    {
        var result = await goals.DeleteTargetAsync(http.User.AuditName(), id, cancellationToken);
        return result.IsNotFound ? TypedResults.NotFound() : TypedResults.NoContent();
    }
}
