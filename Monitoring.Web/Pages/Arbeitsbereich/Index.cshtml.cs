using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Http.Security;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Genesis;
using Monitoring.Ingestion.Imports;
using Monitoring.Ingestion.Jobs;

namespace Monitoring.Web.Pages.Arbeitsbereich;

/// <summary>The analysts' workspace: data sources with status and schedule, the latest runs.</summary>
[Authorize(Policy = "Role:Analyst")]
public sealed class IndexModel(Database database, SourceWrites sources, IServiceProvider services) : PageModel
{
    public string? Message { get; private set; }

    /// <summary>While a run is going, the page refreshes itself so the analyst sees it finish.</summary>
    public bool Running => Runs.Any(r => r.Status == "Running");

    /// <summary>Changes a source's schedule (cron, German time) and whether it runs; the job scheduler follows at once.</summary>
    public async Task<IActionResult> OnPostScheduleAsync(int id, string? schedule, bool enabled, CancellationToken cancellationToken)
    {
        var result = await sources.UpdateAsync(User.AuditName(), id, new SourceChange(Schedule: schedule ?? "", Enabled: enabled), cancellationToken);
        if (result.IsNotFound) return NotFound();
        if (result.Succeeded) return RedirectToPage();
        Message = string.Join(" ", result.Messages);
        await OnGetAsync(cancellationToken);
        return Page();
    }

    /// <summary>
    /// "Katalogtabellen abrufen": every table the catalog names for the chosen connection's office is fetched, imported and
    /// computed in a background job; its runs appear below as they finish, its report once it is done.
    /// </summary>
    public async Task<IActionResult> OnPostFetchCatalogAsync(string? connection, CancellationToken cancellationToken)
    {
        var (found, problem) = services.GetRequiredService<GenesisConnections>().Find(connection);
        if (found is null || services.GetService<IBackgroundJobClient>() is not { } jobs)
        {
            Message = problem ?? "Aufträge laufen in diesem Betrieb nicht im Hintergrund; bitte den Befehl „Monitoring.Ingest catalog fetch NAME“ verwenden.";
            await OnGetAsync(cancellationToken);
            return Page();
        }
        jobs.Enqueue<CatalogFetchJobs>(j => j.RunAsync(found.Name, User.AuditName(), CancellationToken.None));
        return RedirectToPage(new { abruf = found.Name });
    }

    /// <summary>The connections an analyst may fetch from: those configured, and the offices known by name.</summary>
    public IReadOnlyList<string> Connections { get; private set; } = [];

    /// <summary>The last catalog fetch, with when and by whom.</summary>
    public (DateTime At, string By, CatalogFetch.Report Report)? LastFetch { get; private set; }

    /// <summary>Set right after a fetch was started.</summary>
    [BindProperty(SupportsGet = true, Name = "abruf")]
    public string? FetchStarted { get; set; }

    public sealed record SourceRow(DataSource Source, DataSourceQueries.SourceStatus? Status, DateTime? NextRun);

    public IReadOnlyList<SourceRow> Sources { get; private set; } = [];

    public IReadOnlyList<ImportRuns.RunSummary> Runs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var status = (await database.SourceStatusAsync(cancellationToken)).ToDictionary(s => s.Name);
        Sources = (await database.ListSourcesAsync(cancellationToken))
            .Select(s => new SourceRow(s, status.GetValueOrDefault(s.Name), SourceSchedules.NextRun(s)))
            .ToList();
        Runs = await database.ListRunsAsync(0, 20, cancellationToken);
        Connections = services.GetRequiredService<GenesisConnections>().Names;
        LastFetch = await CatalogFetch.LastAsync(database, cancellationToken);
    }
}
