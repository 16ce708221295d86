using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Core.Storage;
using Monitoring.Http.Security;
using Monitoring.Ingestion.Imports;
using Monitoring.Ingestion.Jobs;

namespace Monitoring.Web.Pages.Arbeitsbereich;

/// <summary>
/// An import job the wizard or a source page queued: while it waits, its state (refreshed every two seconds) and a way
/// to cancel it; once it has started its run, the run page, which shows the progress.
/// </summary>
[Authorize(Policy = "Role:Analyst")]
public sealed class AuftragModel(Database database, ImportJobProgress progress, FileImports imports) : PageModel
{
    public string JobId { get; private set; } = "";

    public ImportJobProgress.Status Status { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!FileImports.IsJobId(jobId)) return NotFound();
        if (await database.FindRunOfJobAsync(jobId, cancellationToken) is { } run) return Redirect($"/Arbeitsbereich/Laeufe/{run}");
        if (progress.Read(jobId) is not { } status) return NotFound();
        JobId = jobId;
        Status = status;
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!FileImports.IsJobId(jobId)) return NotFound();
        await imports.CancelAsync(User.AuditName(), jobId, cancellationToken);
        return Redirect($"/Arbeitsbereich/Auftraege/{Uri.EscapeDataString(jobId)}");
    }
}
