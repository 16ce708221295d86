using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Http.Security;
using Monitoring.Core.Accounts;
using Monitoring.Core.Areas;
using Monitoring.Core.Storage;

namespace Monitoring.Http.Areas;

public static class AreaEndpoints
{
    public static void MapAreas(this IEndpointRouteBuilder api)
    {
        var areas = api.MapGroup("/areas").WithTags("Areas");
        areas.MapGet("/", ListAsync);
        areas.MapGet("/tree", TreeAsync);
        areas.MapGet("/{key}", GetAsync);
        areas.MapPost("/", CreateAsync).RequireRole(Role.Analyst);
    }

    public sealed record AreaDto(string Key, string? Ars, string Name, AreaLevel Level, string? ParentKey, DateOnly? ValidFrom, DateOnly? ValidTo)
    {
        public static AreaDto From(Area a) => new(a.Key, a.Ars, a.Name, a.Level, a.ParentKey, a.ValidFrom, a.ValidTo);
    }

    public sealed record AreaTreeDto(string Key, string Name, AreaLevel Level, IReadOnlyList<AreaTreeDto> Children)
    {
        public static AreaTreeDto From(AreaNode node) =>
            new(node.Area.Key, node.Area.Name, node.Area.Level, node.Children.Select(From).ToList());
    }

    public sealed record NewArea(string? Key, string? Name, AreaLevel Level, string? ParentKey, DateOnly? ValidFrom = null);

    /// <summary>A Sozialraum or Stadtteil under a municipality (or under another sub-municipal area).</summary>
    static async Task<Results<Created<AreaDto>, ValidationProblem>> CreateAsync(NewArea body, HttpContext http, AreaWrites areas, CancellationToken cancellationToken)
    {
        var result = await areas.CreateSubMunicipalAsync(http.User.AuditName(), new SubMunicipalDraft(body.Key, body.Name, body.Level, body.ParentKey) { ValidFrom = body.ValidFrom }, cancellationToken);
        return result.Succeeded ? TypedResults.Created($"/api/areas/{result.Value!.Key}", AreaDto.From(result.Value)) : result.Problem();
    }

    /// <summary>Areas in force today, optionally filtered by name or key, paged.</summary>
    static async Task<Results<Ok<IReadOnlyList<AreaDto>>, ValidationProblem>> ListAsync(
        Database database, string? q, int? skip, int? take, CancellationToken cancellationToken)
    {
        if (Paging.Check(skip, take) is { } problem) return problem;

        var found = await database.SearchCurrentAsync(q ?? "", skip ?? 0, take ?? 100, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<AreaDto>>(found.Select(AreaDto.From).ToList());
    }

    static async Task<Ok<IReadOnlyList<AreaTreeDto>>> TreeAsync(Database database, CancellationToken cancellationToken)
    {
        var tree = AreaNode.Build(await database.ListCurrentAsync(cancellationToken));
        return TypedResults.Ok<IReadOnlyList<AreaTreeDto>>(tree.Select(AreaTreeDto.From).ToList());
    }

    static async Task<Results<Ok<AreaDto>, NotFound>> GetAsync(Database database, string key, CancellationToken cancellationToken) =>
        await database.FindCurrentAsync(key, cancellationToken) is { } area ? TypedResults.Ok(AreaDto.From(area)) : TypedResults.NotFound();
}
