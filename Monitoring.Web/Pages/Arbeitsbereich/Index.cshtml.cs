using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Api.Security;
using Monitoring.Core.Accounts;
using Monitoring.Core.Storage;
using Monitoring.Ingest.Imports;
using Monitoring.Ingest.Jobs;

namespace Monitoring.Web.Pages.Arbeitsbereich;

/// <summary>The analysts' workspace: data sources with status and schedule, the latest runs.</summary>
[Authorize(Policy = "Role:Analyst")]
public sealed class IndexModel(Database database, IServiceProvider services) : PageModel
{
    public string? Message { get; private set; }

    /// <summary>While a run is going, the page refreshes itself so the analyst sees it finish.</summary>
    public bool Running => Runs.Any(r => r.Status == "Running");

    /// <summary>Changes a source's schedule (cron, German time) and whether it runs; the job scheduler follows at once.</summary>
    public async Task<IActionResult> OnPostScheduleAsync(int id, string? schedule, bool enabled, CancellationToken cancellationToken)
    {
        if (await database.FindSourceAsync(id, cancellationToken) is not { } before) return NotFound();
        var cron = string.IsNullOrWhiteSpace(schedule) ? null : schedule.Trim();
        if (cron is not null && !SourceSchedules.IsValid(cron))
        {
            Message = $"„{cron}“ ist kein gültiger Zeitplan. Beispiel: 0 6 * * 1 (montags um 6 Uhr).";
            await OnGetAsync(cancellationToken);
            return Page();
        }
        var after = before with { Schedule = cron, Enabled = enabled };
        await database.UpdateSourceAsync(after, cancellationToken);
        if (services.GetService<IRecurringJobManager>() is { } jobs) await SourceSchedules.SyncAsync(database, jobs, cancellationToken);
        await database.WriteAsync(User.AuditName(), "source.update", "source", before.Name, before, after, cancellationToken);
        return RedirectToPage();
    }

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
    }
}
