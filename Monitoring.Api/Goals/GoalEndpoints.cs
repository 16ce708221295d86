using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Api.Security;
using Monitoring.Core.Accounts;
using Monitoring.Core.Areas;
using Monitoring.Core.Goals;
using Monitoring.Core.Indicators;
using Monitoring.Core.Storage;

namespace Monitoring.Api.Goals;

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

    static Dictionary<string, string[]> Check(GoalInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Length > 400) errors["title"] = ["Bitte einen Titel mit höchstens 400 Zeichen angeben."];
        if (string.IsNullOrWhiteSpace(input.Field) || input.Field.Length > 100) errors["field"] = ["Bitte das Handlungsfeld mit höchstens 100 Zeichen angeben."];
        return errors;
    }

    static async Task<Results<Created<Goal>, ValidationProblem>> CreateAsync(GoalInput body, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        var errors = Check(body);
        if (body.ParentId is int parent && await database.FindGoalAsync(parent, cancellationToken) is not { ParentId: null })
        {
            errors["parentId"] = ["Das übergeordnete Ziel muss ein Leitziel sein: Handlungsziele stehen unter einem Leitziel."];
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var id = await database.CreateGoalAsync(body.ParentId, body.Title!.Trim(), body.Field!.Trim(), body.Description, cancellationToken: cancellationToken);
        var goal = (await database.FindGoalAsync(id, cancellationToken))!;
        await database.WriteAsync(http.User.AuditName(), "goal.create", "goal", id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, goal, cancellationToken);
        return TypedResults.Created($"/api/goals/{id}", goal);
    }

    static async Task<Results<Ok<Goal>, NotFound, ValidationProblem>> UpdateAsync(int id, GoalInput body, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        if (await database.FindGoalAsync(id, cancellationToken) is not { } before) return TypedResults.NotFound();
        if (Check(body) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        await database.UpdateGoalAsync(id, body.Title!.Trim(), body.Field!.Trim(), body.Description, cancellationToken);
        var after = (await database.FindGoalAsync(id, cancellationToken))!;
        await database.WriteAsync(http.User.AuditName(), "goal.update", "goal", id.ToString(System.Globalization.CultureInfo.InvariantCulture), before, after, cancellationToken);
        return TypedResults.Ok(after);
    }

    static async Task<Results<NoContent, NotFound, ValidationProblem>> DeleteAsync(int id, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        if (await database.FindGoalAsync(id, cancellationToken) is not { } before) return TypedResults.NotFound();
        if (!await database.DeleteGoalAsync(id, cancellationToken))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["Bitte zuerst die Handlungsziele unter diesem Leitziel löschen."] });
        }
        await database.WriteAsync(http.User.AuditName(), "goal.delete", "goal", id.ToString(System.Globalization.CultureInfo.InvariantCulture), before, null, cancellationToken);
        return TypedResults.NoContent();
    }

    static async Task<Dictionary<string, string[]>> CheckAsync(TargetInput input, Database database, bool creating, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (creating)
        {
            var catalog = await IndicatorComputation.LoadCatalogAsync(database, cancellationToken);
            if (catalog.Indicators.All(i => i.Code != input.Indicator)) errors["indicator"] = ["Bitte den Code eines Indikators aus dem Katalog angeben."];
            if (input.AreaKey is null || await database.FindCurrentAsync(input.AreaKey, cancellationToken) is null) errors["areaKey"] = ["Bitte den Schlüssel eines geltenden Gebiets angeben."];
        }
        if (input.BaselineYear is < 1990 or > 2100) errors["baselineYear"] = ["Bitte ein Jahr von 1990 bis 2100 angeben."];
        if (input.TargetYear <= input.BaselineYear || input.TargetYear > 2100) errors["targetYear"] = ["Das Zieljahr liegt nach dem Basisjahr und höchstens bei 2100."];
        if (input.Direction is not (Direction.Up or Direction.Down)) errors["direction"] = ["Up oder Down: die Richtung, in die sich der Indikator bewegen soll."];
        return errors;
    }

    static async Task<Results<Created<TargetRow>, NotFound, ValidationProblem>> CreateTargetAsync(int id, TargetInput body, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        if (await database.FindGoalAsync(id, cancellationToken) is not { } goal) return TypedResults.NotFound();
        var errors = await CheckAsync(body, database, creating: true, cancellationToken);
        if (goal.ParentId is null) errors["id"] = ["Zielwerte gehören zu einem Handlungsziel, nicht zu einem Leitziel."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var targetId = await database.CreateTargetAsync(id, body.Indicator!, body.AreaKey!, new Target(body.BaselineYear, body.TargetValue, body.TargetYear, body.Direction), body.Department, cancellationToken);
        if (body.Notes is not null) await database.UpdateTargetAsync(targetId, new Target(body.BaselineYear, body.TargetValue, body.TargetYear, body.Direction), body.Department, body.Notes, cancellationToken);
        var target = (await database.FindTargetAsync(targetId, cancellationToken))!;
        await database.WriteAsync(http.User.AuditName(), "target.create", "target", targetId.ToString(System.Globalization.CultureInfo.InvariantCulture), null, target, cancellationToken);
        return TypedResults.Created($"/api/targets/{targetId}", target);
    }

    static async Task<Results<Ok<TargetRow>, NotFound, ValidationProblem>> UpdateTargetAsync(int id, TargetInput body, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        if (await database.FindTargetAsync(id, cancellationToken) is not { } before) return TypedResults.NotFound();
        if (await CheckAsync(body, database, creating: false, cancellationToken) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        await database.UpdateTargetAsync(id, new Target(body.BaselineYear, body.TargetValue, body.TargetYear, body.Direction), body.Department, body.Notes, cancellationToken);
        var after = (await database.FindTargetAsync(id, cancellationToken))!;
        await database.WriteAsync(http.User.AuditName(), "target.update", "target", id.ToString(System.Globalization.CultureInfo.InvariantCulture), before, after, cancellationToken);
        return TypedResults.Ok(after);
    }

    static async Task<Results<NoContent, NotFound>> DeleteTargetAsync(int id, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        if (await database.FindTargetAsync(id, cancellationToken) is not { } before) return TypedResults.NotFound();
        await database.DeleteTargetAsync(id, cancellationToken);
        await database.WriteAsync(http.User.AuditName(), "target.delete", "target", id.ToString(System.Globalization.CultureInfo.InvariantCulture), before, null, cancellationToken);
        return TypedResults.NoContent();
    }
}
