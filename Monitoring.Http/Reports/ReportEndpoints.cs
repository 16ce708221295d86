using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Http.Security;
using Monitoring.Publishing.Reports;
using Monitoring.Core.Accounts;
using Monitoring.Core.Reports;
using Monitoring.Core.Storage;

namespace Monitoring.Http.Reports;

/// <summary>
/// Committee reports: Editors compose, preview and publish them; everyone who may read gets the published editions as
/// PDF, Word or JSON, frozen as published, with what changed since the edition before.
/// </summary>
public static class ReportEndpoints
{
    public sealed record ReportDto(int Id, string Title, string Template, ReportDefinition Definition, string CreatedBy, DateTime CreatedAt, DateTime UpdatedAt,
        IReadOnlyList<EditionRow> Editions);

    public sealed record PublishedDto(int ReportId, int Edition, DateTime? DataStatus, IReadOnlyList<ReportChange> Changes);

    public static void MapReports(this IEndpointRouteBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports");
        // Drafts (unpublished numbers and commentary) are the Editors'; everyone who may read sees the published reports.
        reports.MapGet("/", (HttpContext http, Database database, CancellationToken cancellationToken) => database.ListVisibleReportsAsync(IsEditor(http), cancellationToken));
        reports.MapGet("/{id:int}", FindAsync);
        reports.MapPost("/", CreateAsync).RequireRole(Role.Editor);
        reports.MapPut("/{id:int}", UpdateAsync).RequireRole(Role.Editor);
        reports.MapDelete("/{id:int}", DeleteAsync).RequireRole(Role.Editor);
        // A draft shows today's numbers and unpublished commentary: for the Editors who work on it.
        reports.MapGet("/{id:int}/preview.{format}", PreviewAsync).RequireAuthorization(SecurityHosting.Policy(Role.Editor));
        reports.MapPost("/{id:int}/editions", PublishAsync).RequireRole(Role.Editor);
        reports.MapGet("/{id:int}/editions", async (int id, Database database, CancellationToken cancellationToken) => await database.ListEditionsAsync(id, cancellationToken));
        reports.MapGet("/{id:int}/editions/{edition:int}", async Task<Results<Ok<ReportDocument>, NotFound>> (int id, int edition, Database database, CancellationToken cancellationToken) =>
            await database.FindEditionAsync(id, edition, cancellationToken) is { } document ? TypedResults.Ok(document) : TypedResults.NotFound());
        reports.MapGet("/{id:int}/editions/{edition:int}/changes", async Task<Results<Ok<IReadOnlyList<ReportChange>>, NotFound>> (int id, int edition, Database database,
                CancellationToken cancellationToken) =>
            await database.FindEditionAsync(id, edition, cancellationToken) is { } document ? TypedResults.Ok(document.Changes) : TypedResults.NotFound());
        reports.MapGet("/{id:int}/editions/{edition:int}.{format}", EditionFileAsync);
    }

    static bool IsEditor(HttpContext http) => http.User.RoleOf() >= Role.Editor;

    static async Task<Results<Ok<ReportDto>, NotFound>> FindAsync(int id, HttpContext http, Database database, CancellationToken cancellationToken) =>
        await database.FindVisibleReportAsync(id, IsEditor(http), cancellationToken) is { } report
            ? TypedResults.Ok(new ReportDto(report.Id, report.Title, report.Template, report.Definition, report.CreatedBy, report.CreatedAt, report.UpdatedAt,
                await database.ListEditionsAsync(id, cancellationToken)))
            : TypedResults.NotFound();

    static async Task<Results<Created<ReportDto>, ValidationProblem>> CreateAsync(ReportDefinition body, HttpContext http, ReportWrites reports, Database database,
        CancellationToken cancellationToken)
    {
        var result = await reports.CreateAsync(http.User.AuditName(), body, cancellationToken);
        if (!result.Succeeded) return result.Problem();
        var report = (await database.FindReportAsync(result.Value, cancellationToken))!;
        return TypedResults.Created($"/api/reports/{report.Id}", new ReportDto(report.Id, report.Title, report.Template, report.Definition, report.CreatedBy, report.CreatedAt,
            report.UpdatedAt, []));
    }

    static async Task<Results<NoContent, NotFound, ValidationProblem>> UpdateAsync(int id, ReportDefinition body, HttpContext http, ReportWrites reports,
        CancellationToken cancellationToken)
    {
        var result = await reports.UpdateAsync(http.User.AuditName(), id, body, cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : result.IsNotFound ? TypedResults.NotFound() : result.Problem();
    }

    static async Task<Results<NoContent, NotFound, Conflict<string>>> DeleteAsync(int id, HttpContext http, ReportWrites reports, CancellationToken cancellationToken)
    {
        var result = await reports.DeleteAsync(http.User.AuditName(), id, cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : result.IsNotFound ? TypedResults.NotFound() : TypedResults.Conflict(result.Errors[""][0]);
    }

    static async Task<Results<Created<PublishedDto>, NotFound>> PublishAsync(int id, HttpContext http, ReportWrites reports, CancellationToken cancellationToken) =>
        await reports.PublishAsync(http.User.AuditName(), id, cancellationToken) is { Succeeded: true, Value: { } document }
            ? TypedResults.Created($"/api/reports/{id}/editions/{document.Edition}", new PublishedDto(id, document.Edition!.Value, document.DataStatus, document.Changes))
            : TypedResults.NotFound();

    static async Task<IResult> PreviewAsync(int id, string format, Database database, Core.Areas.HomeArea home, CancellationToken cancellationToken)
    {
        if (!Formats.ContainsKey(format)) return TypedResults.NotFound();
        if (await database.FindReportAsync(id, cancellationToken) is not { } report) return TypedResults.NotFound();
        var document = await ReportSnapshot.BuildAsync(database, report.Definition, cancellationToken, home);
        return File(document, format, $"{FileName(report.Title)}-Entwurf");
    }

    static async Task<IResult> EditionFileAsync(int id, int edition, string format, HttpContext http, Database database, CancellationToken cancellationToken)
    {
        if (!Formats.ContainsKey(format)) return TypedResults.NotFound();
        if (await database.FindEditionAsync(id, edition, cancellationToken) is not { } document) return TypedResults.NotFound();
        // An edition never changes: browsers and proxies inside the administration may keep it.
        http.Response.Headers.CacheControl = "private, max-age=86400, immutable";
        return File(document, format, $"{FileName(document.Title)}-Ausgabe-{edition.ToString(CultureInfo.InvariantCulture)}");
    }

    static readonly Dictionary<string, (string ContentType, Action<ReportLayout, Stream> Write)> Formats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pdf"] = ("application/pdf", ReportPdf.Write),
        ["docx"] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ReportDocx.Write),
    };

    static FileContentHttpResult File(ReportDocument document, string format, string name)
    {
        var (contentType, write) = Formats[format];
        using var buffer = new MemoryStream();
        write(ReportLayout.Compose(document), buffer);
        return TypedResults.File(buffer.ToArray(), contentType, $"{name}.{format.ToLowerInvariant()}");
    }

    /// <summary>A title as a file name: letters, digits and dashes only.</summary>
    public static string FileName(string title)
    {
        var name = new string(title.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
        while (name.Contains("--", StringComparison.Ordinal)) name = name.Replace("--", "-", StringComparison.Ordinal);
        name = name.Trim('-');
        return name.Length == 0 ? "Bericht" : name[..Math.Min(name.Length, 80)];
    }
}
