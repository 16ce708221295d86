using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Http.Security;
using Monitoring.Core.Accounts;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Imports;
using Monitoring.Ingestion.Jobs;

namespace Monitoring.Http.Sources;

/// <summary>Data sources, their schedules, "run now", uploads, and the import runs with their reports.</summary>
public static class SourceEndpoints
{
    public sealed record SourceInput(string? Name, SourceKind Kind, SourceSettings? Settings, string? Schedule, bool? Enabled, double? RejectThreshold);

    public sealed record SourceDto(int Id, string Name, SourceKind Kind, SourceSettings Settings, string? Schedule, bool Enabled, double RejectThreshold, bool IsDemo,
        long Observations, string? LastStatus, DateTime? LastFinishedAt);

    public sealed record Accepted(string JobId, string Message);

    /// <summary>Uploads above this size are refused before they are read (Imports:MaxUploadMegabytes).</summary>
    public static readonly long DefaultMaxUploadBytes = new ImportOptions().MaxUploadBytes;

    public static void MapSources(this IEndpointRouteBuilder api)
    {
        var sources = api.MapGroup("/sources").WithTags("Data sources");
        // Settings name folders and connections, run reports quote files: for Analysts, as on the dashboard.
        sources.MapGet("/", ListAsync).RequireRole(Role.Analyst);
        sources.MapPost("/", CreateAsync).RequireRole(Role.Analyst);
        sources.MapPut("/{id:int}", UpdateAsync).RequireRole(Role.Analyst);
        sources.MapDelete("/{id:int}", DeleteAsync).RequireRole(Role.Analyst);
        sources.MapPost("/{id:int}/run", RunNow).RequireRole(Role.Analyst);
        // The built-in form antiforgery check is off: RequireRole checks the token for cookie sign-ins, scripts use bearer tokens.
        sources.MapPost("/{id:int}/upload", UploadAsync).RequireRole(Role.Analyst).DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(DefaultMaxUploadBytes + 1024 * 1024));
        api.MapPost("/jobs/{jobId}/cancel", async Task<Results<NoContent, NotFound>> (string jobId, HttpContext http, FileImports imports, CancellationToken cancellationToken) =>
            await imports.CancelAsync(http.User.AuditName(), jobId, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithTags("Data sources").RequireRole(Role.Analyst);
        var runs = api.MapGroup("/runs").WithTags("Data sources");
        runs.MapGet("/", async Task<Results<Ok<IReadOnlyList<ImportRuns.RunSummary>>, ValidationProblem>> (Database database, int? skip, int? take, CancellationToken cancellationToken) =>
            Paging.Check(skip, take) is { } problem ? problem : TypedResults.Ok(await database.ListRunsAsync(skip ?? 0, take ?? 100, cancellationToken))).RequireRole(Role.Analyst);
        runs.MapGet("/{id:long}", async Task<Results<Ok<RunDto>, NotFound>> (long id, Database database, CancellationToken cancellationToken) =>
            await database.FindRunAsync(id, cancellationToken) is { } found
                ? TypedResults.Ok(new RunDto(found.Run, found.Report is null ? null : JsonDocument.Parse(found.Report).RootElement))
                : TypedResults.NotFound()).RequireRole(Role.Analyst);
    }

    public sealed record RunDto(ImportRuns.RunSummary Run, JsonElement? Report);

    static async Task<IReadOnlyList<SourceDto>> ListAsync(Database database, CancellationToken cancellationToken)
    {
        var status = (await database.SourceStatusAsync(cancellationToken)).ToDictionary(s => s.Name);
        return (await database.ListSourcesAsync(cancellationToken)).Select(s => Dto(s, status.GetValueOrDefault(s.Name))).ToList();
    }

    static SourceDto Dto(DataSource s, DataSourceQueries.SourceStatus? status) =>
        new(s.Id, s.Name, s.Kind, s.Settings, s.Schedule, s.Enabled, s.RejectThreshold, s.IsDemo, status?.Observations ?? 0, status?.LastStatus, status?.LastFinishedAt);

    static async Task<Results<Created<SourceDto>, ValidationProblem>> CreateAsync(SourceInput body, HttpContext http, SourceWrites sources, CancellationToken cancellationToken)
    {
        var result = await sources.CreateAsync(http.User.AuditName(), new DataSource
        {
            Name = body.Name ?? "",
            Kind = body.Kind,
            Settings = body.Settings ?? new SourceSettings(),
            Schedule = body.Schedule,
            Enabled = body.Enabled ?? true,
            RejectThreshold = body.RejectThreshold ?? 0,
        }, cancellationToken);
        return result.Succeeded ? TypedResults.Created($"/api/sources/{result.Value!.Id}", Dto(result.Value, null)) : result.Problem();
    }

    static async Task<Results<Ok<SourceDto>, NotFound, ValidationProblem>> UpdateAsync(int id, SourceInput body, HttpContext http, SourceWrites sources,
        CancellationToken cancellationToken)
    {
        var result = await sources.UpdateAsync(http.User.AuditName(), id, new SourceChange(body.Settings, body.Schedule, body.Enabled, body.RejectThreshold), cancellationToken);
        return result.Succeeded ? TypedResults.Ok(Dto(result.Value!, null)) : result.IsNotFound ? TypedResults.NotFound() : result.Problem();
    }

    /// <summary>Deletes a source with its runs and values; one with values only with <c>confirmed=true</c> (otherwise 400 naming the count).</summary>
    static async Task<Results<NoContent, NotFound, ValidationProblem>> DeleteAsync(int id, bool? confirmed, HttpContext http, SourceWrites sources, CancellationToken cancellationToken)
    {
        var result = await sources.DeleteAsync(http.User.AuditName(), id, confirmed == true, cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : result.IsNotFound ? TypedResults.NotFound() : result.Problem();
    }

    static Results<Accepted<Accepted>, NotFound, ProblemHttpResult> RunNow(int id, HttpContext http)
    {
        if (http.RequestServices.GetService<IBackgroundJobClient>() is not { } jobs) return NoJobs();
        var job = jobs.Enqueue<ImportJobs>(j => j.RunSourceAsync(id, CancellationToken.None));
        return TypedResults.Accepted($"/api/sources/{id}", new Accepted(job, "Der Lauf der Datenquelle ist eingeplant; sein Ergebnis erscheint unter /api/runs."));
    }

    /// <summary>
    /// Receives a file for a source. By default it is stored and imported by a job (202); with <c>wait=true</c> it is
    /// imported within the request and the run's report returned, for scripts that need the answer.
    /// </summary>
    static async Task<IResult> UploadAsync(int id, IFormFile? file, bool? wait, HttpContext http, Database database, SourceWrites sources, Importer importer, FileImports imports, IConfiguration configuration,
        IHostEnvironment environment, CancellationToken cancellationToken)
    {
        if (await database.FindSourceAsync(id, cancellationToken) is not { } source) return TypedResults.NotFound();
        var limit = ImportOptions.From(configuration).MaxUploadBytes;
        if (file is null || file.Length == 0) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Bitte die Datei im Multipart-Formularfeld „file“ senden."] });
        if (file.Length > limit)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"The file is larger than {limit / 1024 / 1024} MB.",
                detail: string.Create(Core.German.Culture, $"Die Datei ist größer als {limit / 1024 / 1024:N0} MB; die Grenze setzt Imports:MaxUploadMegabytes."));
        }

        var folder = global::Monitoring.Ingestion.Files.UploadFolder.Of(configuration, environment);
        Directory.CreateDirectory(folder);
        var displayName = Path.GetFileName(file.FileName);
        var path = Path.Combine(folder, global::Monitoring.Ingestion.Files.UploadFolder.NewUploadName(displayName));
        // The stored copy is removed unless a queued job took it over (FileImports moves it to a name of the job's):
        // a request cut off while copying, a failed audit entry, an import with wait=true or a host without a queue
        // leave nothing behind (UploadSweeper removes what a crash leaves).
        try
        {
            await using (var stored = File.Create(path))
            {
                await file.CopyToAsync(stored, cancellationToken);
            }
            if (wait == true)
            {
                await sources.RecordUploadAsync(http.User.AuditName(), source, displayName, file.Length, cancellationToken);
                return TypedResults.Ok(await importer.ImportFileAsync(source, path, displayName, cancellationToken: cancellationToken));
            }
            if (!imports.CanQueue) return NoJobs();
            var job = await imports.EnqueueAsync(http.User.AuditName(), source, path, displayName, cancellationToken);
            return TypedResults.Accepted($"/api/sources/{id}", new Accepted(job, $"{displayName} ist zum Import eingeplant; das Ergebnis erscheint unter /api/runs."));
        }
        finally
        {
            File.Delete(path);
        }
    }

    static ProblemHttpResult NoJobs() =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "This host has no job queue",
            detail: "Importe laufen über den Dashboard-Host oder einen Worker (Monitoring.Ingest worker); oder die Datei mit wait=true hochladen.");
}
