using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Core.Observations;
using Monitoring.Core.Storage;

namespace Monitoring.Api.Observations;

/// <summary>The stored variables and their observations as imported (before any indicator formula).</summary>
public static class ObservationEndpoints
{
    public static void MapObservations(this IEndpointRouteBuilder api)
    {
        api.MapGet("/variables", (Database database, CancellationToken cancellationToken) => database.ListVariablesAsync(cancellationToken)).WithTags("Observations");
        api.MapGet("/variables/{code}/observations", async Task<Results<Ok<IReadOnlyList<Observation>>, ValidationProblem>> (
            string code, string? areas, int? from, int? to, int? skip, int? take, Database database, CancellationToken cancellationToken) =>
        {
            if (Paging.Check(skip, take) is { } problem) return problem;
            var keys = (areas ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (keys.Length > 500) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["areas"] = ["at most 500 areas"] });
            return TypedResults.Ok(await database.QueryObservationsAsync(code, keys, from, to, skip ?? 0, take ?? 100, cancellationToken));
        }).WithTags("Observations");
    }
}
