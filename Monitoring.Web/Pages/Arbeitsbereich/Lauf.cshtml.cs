using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Core.Storage;
using Monitoring.Http.Security;
using Monitoring.Ingestion.Imports;
using Monitoring.Ingestion.Jobs;

namespace Monitoring.Web.Pages.Arbeitsbereich;

/// <summary>
/// One import run: while it runs, its progress (refreshed) and a way to cancel it; then everything its report holds:
/// counts, every rejected row with file, line and column, the unknown areas with their rows, encoding, duration,
/// plausibility flags, and a chart of what it brought.
/// </summary>
[Authorize(Policy = "Role:Analyst")]
public sealed class LaufModel(Database database, ImportJobProgress jobs, FileImports imports) : PageModel
{
    public ImportRuns.RunSummary Run { get; private set; } = null!;

    public ImportReport? Report { get; private set; }

    /// <summary>The run's job while it runs (rows read, share of the file).</summary>
    public ImportJobProgress.Status? Job { get; private set; }

    public bool Running => Run.Status == nameof(ImportStatus.Running);

    public IReadOnlyList<(string Variable, string Areas)> Charts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await database.FindRunAsync(id, cancellationToken) is not { } found) return NotFound();
        Run = found.Run;
        Report = found.Report is null ? null : JsonSerializer.Deserialize<ImportReport>(found.Report, SourceSettings.Json);
        if (Running && Run.JobId is { } job) Job = jobs.Read(job);
        if (Run.Status == nameof(ImportStatus.Succeeded))
        {
            Charts = (await database.ImportedSeriesAsync(id, variables: 5, areas: 6, cancellationToken)).Select(s => (s.Variable, string.Join(",", s.Areas))).ToList();
        }
        return Page();
    }

    /// <summary>Cancels the run's job; the run ends with nothing kept.</summary>
    public async Task<IActionResult> OnPostCancelAsync(long id, CancellationToken cancellationToken)
    {
        if (await database.FindRunAsync(id, cancellationToken) is not { } found) return NotFound();
        if (found.Run.Status == nameof(ImportStatus.Running) && found.Run.JobId is { } job) await imports.CancelAsync(User.AuditName(), job, cancellationToken);
        return Redirect($"/Arbeitsbereich/Laeufe/{id}");
    }
}
