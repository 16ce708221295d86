using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Publishing.Exports;
using Monitoring.Core.Areas;
using Monitoring.Core.Indicators;
using Monitoring.Core.Observations;
using Monitoring.Core.Storage;

namespace Monitoring.Http.Observations;

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
            if (keys.Length > 500) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["areas"] = ["Höchstens 500 Gebiete."] });
            return TypedResults.Ok(await database.QueryObservationsAsync(code, keys, from, to, skip ?? 0, take ?? 100, cancellationToken));
        }).WithTags("Observations");
        api.MapGet("/variables/{code}/chart.svg", async Task<Results<ContentHttpResult, NotFound>> (string code, string? areas, Database database, CancellationToken cancellationToken) =>
        {
            var variable = (await database.ListVariablesAsync(cancellationToken)).FirstOrDefault(v => v.Code == code);
            if (variable is null) return TypedResults.NotFound();
            var keys = (areas ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(20).ToList();
            var names = (await database.ListCurrentAsync(cancellationToken)).ToDictionary(a => a.Key, a => a.Name);
            // The totals (no breakdown) per area and year, drawn like an indicator so imported figures look as they will in use.
            var points = (await database.QueryObservationsAsync(code, keys, null, null, 0, Paging.MaxPageSize, cancellationToken))
                .Where(o => o.Dimensions.Length == 0)
                .Select(o => new IndicatorValue(o.AreaKey, names.GetValueOrDefault(o.AreaKey, o.AreaKey), int.Parse(o.Period[..4], System.Globalization.CultureInfo.InvariantCulture),
                    o.Value, null, null, (QualityFlags)o.Flags, DateTime.MinValue, [o.ImportRunId]))
                .ToList();
            var asIndicator = new Indicator
            {
                Code = variable.Code, NameDe = variable.Label, NameEn = variable.Label, Definition = variable.Label, Field = "", Numerator = $"v('{variable.Code}')",
                Unit = variable.Unit ?? "Anzahl", Decimals = 0, Source = variable.Source ?? "eigene Datenquelle",
            };
            return TypedResults.Content(TrendChart.Svg(asIndicator, points), "image/svg+xml");
        }).WithTags("Observations");
    }
}
