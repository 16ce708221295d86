using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Api.Security;
using Monitoring.Core.Accounts;
using Monitoring.Core.Areas;
using Monitoring.Core.Storage;

namespace Monitoring.Api.Areas;

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

    public sealed record NewArea(string? Key, string? Name, AreaLevel Level, string? ParentKey);

    /// <summary>A Sozialraum or Stadtteil under a municipality (or under another sub-municipal area).</summary>
    static async Task<Results<Created<AreaDto>, ValidationProblem>> CreateAsync(NewArea body, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Key) || body.Key.Length > 40 || body.Key.Any(char.IsWhiteSpace)) errors["key"] = ["Bitte einen Schlüssel mit höchstens 40 Zeichen und ohne Leerzeichen angeben."];
        else if (await database.FindCurrentAsync(body.Key, cancellationToken) is not null) errors["key"] = ["Diesen Schlüssel hat schon ein geltendes Gebiet."];
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 200) errors["name"] = ["Bitte einen Namen mit höchstens 200 Zeichen angeben."];
        if (body.Level is not (AreaLevel.Sozialraum or AreaLevel.Stadtteil)) errors["level"] = ["Sozialraum oder Stadtteil: amtliche Gebiete kommen aus dem Gebietsverzeichnis."];
        var parent = body.ParentKey is null ? null : await database.FindCurrentAsync(body.ParentKey, cancellationToken);
        if (parent is not { Level: AreaLevel.Gemeinde or AreaLevel.Sozialraum or AreaLevel.Stadtteil }) errors["parentKey"] = ["Bitte den Schlüssel einer geltenden Gemeinde (oder eines Gebiets in ihr) angeben."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        await database.CreateSubMunicipalAsync(body.Key!.Trim(), body.Name!.Trim(), body.Level, parent!.Id, cancellationToken);
        var area = (await database.FindCurrentAsync(body.Key.Trim(), cancellationToken))!;
        await database.WriteAsync(http.User.AuditName(), "area.create", "area", area.Key, null, AreaDto.From(area), cancellationToken);
        return TypedResults.Created($"/api/areas/{area.Key}", AreaDto.From(area));
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
