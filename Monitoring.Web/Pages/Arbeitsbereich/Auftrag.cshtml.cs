using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Core.Storage;
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

    /// <summary>Hangfire's ids: numbers (SQLite, SQL Server) or GUIDs; anything else is no job of ours.</summary>
    static bool IsJobId(string jobId) => jobId.Length is > 0 and <= 64 && jobId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    public async Task<IActionResult> OnGetAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!IsJobId(jobId)) return NotFound();
        if (await database.FindRunOfJobAsync(jobId, cancellationToken) is { } run) return Redirect($"/Arbeitsbereich/Laeufe/{run}");
        if (progress.Read(jobId) is not { } status) return NotFound();
        JobId = jobId;
        Status = status;
        return Page();
    }

    public IActionResult OnPostCancel(string jobId)
    {
        if (!IsJobId(jobId)) return NotFound();
        imports.Cancel(jobId);
        return Redirect($"/Arbeitsbereich/Auftraege/{Uri.EscapeDataString(jobId)}");
    }
}
