using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Monitoring.Publishing.Exports;
using Monitoring.Http.Security;
using Monitoring.Core.Accounts;
using Monitoring.Core.Areas;
using Monitoring.Core.Indicators;
using Monitoring.Core.Observations;
using Monitoring.Core.Changes;
using Monitoring.Core.Storage;

namespace Monitoring.Http.Indicators;

/// <summary>The indicator catalog, computed values with lineage, their exports and charts, and analysts' edits.</summary>
public static class IndicatorEndpoints
{
    public sealed record ValueDto(string AreaKey, string AreaName, int Year, double? Value, string Display, double? Numerator, double? Denominator,
        IReadOnlyList<QualityFlags> Flags, DateTime ComputedAt, IReadOnlyList<int> ImportRuns);

    public sealed record ValuesDto(Indicator Indicator, IReadOnlyList<ValueDto> Values, IReadOnlyList<SourceFile> Sources);

    public sealed record PreviewDto(string AreaKey, string AreaName, int Year, double? Value, string Display, double? Numerator, double? Denominator);

    public static void MapIndicators(this IEndpointRouteBuilder api)
    {
        var indicators = api.MapGroup("/indicators").WithTags("Indicators");
        indicators.MapGet("/", async (Database database, string? field, CancellationToken cancellationToken) =>
            (await CatalogStore.LoadAsync(database, cancellationToken)).Indicators
                .Where(i => field is null || string.Equals(i.Field, field, StringComparison.OrdinalIgnoreCase)).ToList());
        indicators.MapGet("/{code}", async Task<Results<Ok<Indicator>, NotFound>> (string code, Database database, CancellationToken cancellationToken) =>
            await FindAsync(database, code, cancellationToken) is { } indicator ? TypedResults.Ok(indicator) : TypedResults.NotFound());
        indicators.MapGet("/{code}/values", ValuesAsync);
        indicators.MapGet("/{code}/breakdowns", async Task<Results<Ok<IReadOnlyList<string>>, NotFound>> (string code, Database database, CancellationToken cancellationToken) =>
            await FindAsync(database, code, cancellationToken) is { } indicator ? TypedResults.Ok(await database.BreakdownsAsync(indicator.Code, cancellationToken)) : TypedResults.NotFound());
        indicators.MapGet("/{code}/values.csv", (string code, [AsParameters] ValueQuery query, Database database, HttpContext http, CancellationToken cancellationToken) =>
            ExportAsync(code, query, database, http, "text/csv; charset=utf-8", "csv", (stream, indicator, values, _) => ValueExport.WriteCsv(stream, indicator, values), cancellationToken));
        indicators.MapGet("/{code}/values.xlsx", (string code, [AsParameters] ValueQuery query, Database database, HttpContext http, CancellationToken cancellationToken) =>
            ExportAsync(code, query, database, http, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", ValueExport.WriteXlsx, cancellationToken));
        indicators.MapGet("/{code}/chart.svg", (string code, [AsParameters] ValueQuery query, Database database, HttpContext http, CancellationToken cancellationToken) =>
            ChartAsync(code, query, database, http, "image/svg+xml", (indicator, values, extras) => Encoding.UTF8.GetBytes(TrendChart.Svg(indicator, values, extras)), cancellationToken));
        indicators.MapGet("/{code}/chart.png", (string code, [AsParameters] ValueQuery query, Database database, HttpContext http, CancellationToken cancellationToken) =>
            ChartAsync(code, query, database, http, "image/png", TrendChart.Png, cancellationToken));

        indicators.MapGet("/{code}/comparison.svg", ComparisonAsync);
        indicators.MapGet("/{code}/sparkline.svg", async (string code, string area, double? target, Database database, HttpContext http, CancellationToken cancellationToken) =>
            await FindAsync(database, code, cancellationToken) is { } indicator
                ? Cached(http, Encoding.UTF8.GetBytes(TrendChart.Sparkline(await database.ReadIndicatorValuesAsync(indicator.Code, [area], null, null, cancellationToken: cancellationToken), target)), "image/svg+xml")
                : TypedResults.NotFound());

        indicators.MapPost("/", CreateAsync).RequireRole(Role.Analyst);
        indicators.MapPut("/{code}", UpdateAsync).RequireRole(Role.Analyst);
        indicators.MapPost("/preview", PreviewAsync).RequireRole(Role.Analyst);
    }

    /// <summary>Which values: areas by key (comma-separated; all when empty), a range of years, and a breakdown ("STAGRP=UKR"; the total when empty).</summary>
    public sealed record ValueQuery(string? Areas, int? From, int? To, string? Breakdown)
    {
        public IReadOnlyList<string> AreaKeys => (Areas ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    static async Task<Indicator?> FindAsync(Database database, string code, CancellationToken cancellationToken) =>
        (await CatalogStore.LoadAsync(database, cancellationToken)).Indicators.FirstOrDefault(i => string.Equals(i.Code, code, StringComparison.OrdinalIgnoreCase));

    static ValidationProblem? Check(ValueQuery query)
    {
        var errors = new Dictionary<string, string[]>();
        if (query.From is < 1900 or > 2200) errors["from"] = ["Bitte ein Jahr von 1900 bis 2200 angeben."];
        if (query.To is < 1900 or > 2200) errors["to"] = ["Bitte ein Jahr von 1900 bis 2200 angeben."];
        if (query.From > query.To) errors["to"] = ["Nicht vor „from“."];
        if (query.AreaKeys.Count > 500) errors["areas"] = ["Höchstens 500 Gebiete."];
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : null;
    }

    static async Task<IResult> ValuesAsync(string code, [AsParameters] ValueQuery query, Database database, HttpContext http, CancellationToken cancellationToken)
    {
        if (Check(query) is { } problem) return problem;
        if (await FindAsync(database, code, cancellationToken) is not { } indicator) return TypedResults.NotFound();
        var values = await database.ReadIndicatorValuesAsync(indicator.Code, query.AreaKeys, query.From, query.To, query.Breakdown ?? "", cancellationToken);
        var sources = await database.SourceFilesAsync(values.SelectMany(v => v.ImportRuns), cancellationToken);
        var body = new ValuesDto(indicator, values.Select(v => new ValueDto(v.AreaKey, v.AreaName, v.Year, v.Value, OfficialFormat.Format(v.Value, v.Flags, indicator.Decimals),
            v.Numerator, v.Denominator, Enum.GetValues<QualityFlags>().Where(f => f != QualityFlags.None && v.Flags.HasFlag(f)).ToList(), v.ComputedAt, v.ImportRuns)).ToList(), sources);
        var json = JsonSerializer.SerializeToUtf8Bytes(body, http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions);
        return Cached(http, json, "application/json; charset=utf-8");
    }

    /// <summary>
    /// The data carries its version: the ETag is a hash of what is sent, so a client asking again with If-None-Match
    /// gets 304 until an import or recompute changes the numbers.
    /// </summary>
    static IResult Cached(HttpContext http, byte[] content, string contentType, string? fileName = null)
    {
        var tag = $"\"{Convert.ToHexString(SHA256.HashData(content))[..32]}\"";
        http.Response.Headers.ETag = tag;
        http.Response.Headers.CacheControl = "private, no-cache";
        if (http.Request.Headers.IfNoneMatch.Contains(tag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return fileName is null ? TypedResults.Bytes(content, contentType) : TypedResults.File(content, contentType, fileName);
    }

    static async Task<IResult> ExportAsync(string code, ValueQuery query, Database database, HttpContext http, string contentType, string extension,
        Action<Stream, Indicator, IReadOnlyList<IndicatorValue>, IReadOnlyList<SourceFile>> write, CancellationToken cancellationToken)
    {
        if (Check(query) is { } problem) return problem;
        if (await FindAsync(database, code, cancellationToken) is not { } indicator) return TypedResults.NotFound();
        var values = await database.ReadIndicatorValuesAsync(indicator.Code, query.AreaKeys, query.From, query.To, query.Breakdown ?? "", cancellationToken);
        var sources = await database.SourceFilesAsync(values.SelectMany(v => v.ImportRuns), cancellationToken);
        using var buffer = new MemoryStream();
        write(buffer, indicator, values, sources);
        return Cached(http, buffer.ToArray(), contentType, extension is "svg" or "png" ? null : $"{indicator.Code}.{extension}");
    }

    /// <summary>The areas directly below <paramref name="parent"/> in one year as sorted bars, with the parent and the area above it as reference lines.</summary>
    static async Task<IResult> ComparisonAsync(string code, string parent, int year, Database database, HttpContext http, CancellationToken cancellationToken)
    {
        if (await FindAsync(database, code, cancellationToken) is not { } indicator) return TypedResults.NotFound();
        var areas = await database.ListCurrentAsync(cancellationToken);
        if (areas.FirstOrDefault(a => a.Key == parent) is not { } top) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["parent"] = ["Bitte den Schlüssel eines geltenden Gebiets angeben."] });
        var comparison = await AreaComparison.ReadAsync(database, indicator, top, year, cancellationToken);
        // The chart sorts the bars itself and draws only the references with a value.
        var values = comparison.Ranked.ToDictionary(r => r.Area.Id, r => r.Value);
        var bars = comparison.Parts.Where(p => values.ContainsKey(p.Id)).Select(p => (p.Name, values[p.Id])).ToList();
        var references = comparison.References.Where(r => r.Value is not null).Select(r => (r.Area.Name, r.Value!.Value)).ToList();
        return Cached(http, Encoding.UTF8.GetBytes(ComparisonChart.Svg(indicator, year, bars, references)), "image/svg+xml");
    }

    /// <summary>The trend chart with the targets, projections, series breaks and (for one municipality) its peer group's median.</summary>
    static async Task<IResult> ChartAsync(string code, ValueQuery query, Database database, HttpContext http, string contentType,
        Func<Indicator, IReadOnlyList<IndicatorValue>, TrendChart.Extras, byte[]> draw, CancellationToken cancellationToken)
    {
        if (Check(query) is { } problem) return problem;
        if (await FindAsync(database, code, cancellationToken) is not { } indicator) return TypedResults.NotFound();
        // The chart is named by what it shows, not by the address: unknown areas, repeated areas, letter case and other
        // query parameters draw nothing new, so junk in the address cannot fill the cache or force drawings.
        var known = (await database.ListCurrentAsync(cancellationToken)).Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        var areas = query.AreaKeys.Where(known.Contains).Distinct(StringComparer.Ordinal).ToList();
        if (query.AreaKeys.Count > 0 && areas.Count == 0) areas = ["-"]; // only unknown areas: an empty chart, not all areas
        var key = string.Join('|', indicator.Code, contentType, string.Join(',', areas), query.From, query.To, query.Breakdown ?? "");
        return await http.RequestServices.GetRequiredService<ChartCache>().ServeAsync(http, key, contentType, async () =>
        {
            var values = await database.ReadIndicatorValuesAsync(indicator.Code, areas, query.From, query.To, query.Breakdown ?? "", cancellationToken);
            var extras = await ChartExtras.LoadAsync(database, indicator, values.Select(v => v.AreaKey).Distinct().ToList(), cancellationToken);
            return draw(indicator, values, extras);
        }, cancellationToken);
    }

    static ValidationProblem Problem(IReadOnlyDictionary<string, IReadOnlyList<string>> errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    static async Task<Results<Created<Indicator>, ValidationProblem, Conflict<ProblemDetails>>> CreateAsync(Indicator body, HttpContext http, IndicatorWrites indicators,
        CancellationToken cancellationToken)
    {
        var result = await indicators.CreateAsync(http.User.AuditName(), body, cancellationToken);
        if (result.Outcome == WriteOutcome.Conflict)
        {
            return TypedResults.Conflict(new ProblemDetails { Title = $"The indicator {body.Code} exists; change it with PUT.", Detail = result.Errors[""][0] });
        }
        return result.Succeeded ? TypedResults.Created($"/api/indicators/{result.Value!.Indicator.Code}", result.Value.Indicator) : result.Problem();
    }

    static async Task<Results<Ok<Indicator>, NotFound, ValidationProblem>> UpdateAsync(string code, Indicator body, HttpContext http, IndicatorWrites indicators,
        CancellationToken cancellationToken)
    {
        var result = await indicators.UpdateAsync(http.User.AuditName(), code, body, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value!.Indicator) : result.IsNotFound ? TypedResults.NotFound() : result.Problem();
    }

    static async Task<Results<Ok<IReadOnlyList<PreviewDto>>, ValidationProblem>> PreviewAsync(Indicator body, string? areas, Database database, IndicatorWrites indicators,
        CancellationToken cancellationToken)
    {
        var errors = (await indicators.CheckAsync(body, cancellationToken)).Where(e => e.StartsWith(body.Code.Trim(), StringComparison.Ordinal)).ToList();
        if (errors.Count > 0) return Problem(IndicatorWrites.ByField(errors));
        var wanted = (areas ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var known = (await database.ListCurrentAsync(cancellationToken)).ToDictionary(a => a.Id);
        var values = await IndicatorPreview.ComputeAsync(database, body, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<PreviewDto>>(values
            .Where(v => known.ContainsKey(v.AreaId) && (wanted.Count == 0 || wanted.Contains(known[v.AreaId].Key)))
            .Take(Paging.MaxPageSize)
            .Select(v => new PreviewDto(known[v.AreaId].Key, known[v.AreaId].Name, v.Year, v.Value.Value, OfficialFormat.Format(v.Value.Value, v.Value.Flags, body.Decimals), v.Numerator, v.Denominator))
            .ToList());
    }
}
