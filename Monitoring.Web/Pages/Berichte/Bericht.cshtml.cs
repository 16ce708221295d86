using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Http.Security;
using Monitoring.Core.Accounts;
using Monitoring.Core.Reports;
using Monitoring.Core.Storage;

namespace Monitoring.Web.Pages.Berichte;

/// <summary>One report: its editions with downloads and what changed in each; Editors edit, preview and publish from here.</summary>
public sealed class BerichtModel(Database database) : PageModel
{
    public ReportRow Report { get; private set; } = null!;

    public IReadOnlyList<EditionRow> Editions { get; private set; } = [];

    /// <summary>The changes of the newest edition against the one before.</summary>
    public IReadOnlyList<ReportChange> Changes { get; private set; } = [];

    public bool CanEdit => User.RoleOf() >= Role.Editor;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        // A draft is the Editors' until published; below Editor only what was published is shown.
        if (await database.FindVisibleReportAsync(id, CanEdit, cancellationToken) is not { } report) return NotFound();
        Report = report;
        Editions = await database.ListEditionsAsync(id, cancellationToken);
        if (Editions.Count > 1) Changes = (await database.FindEditionAsync(id, Editions[0].Edition, cancellationToken))?.Changes ?? [];
        return Page();
    }
}
