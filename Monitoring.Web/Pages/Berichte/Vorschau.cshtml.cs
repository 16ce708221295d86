using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Publishing.Reports;
using Monitoring.Core.Reports;
using Monitoring.Core.Storage;

namespace Monitoring.Web.Pages.Berichte;

/// <summary>A draft with today's numbers, for the Editors composing it; nothing is frozen until it is published.</summary>
[Authorize(Policy = "Role:Editor")]
public sealed class VorschauModel(Database database, Monitoring.Core.Areas.HomeArea home) : PageModel
{
    public ReportLayout Layout { get; private set; } = null!;

    public int Id { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await database.FindReportAsync(id, cancellationToken) is not { } report) return NotFound();
        Id = id;
        Layout = ReportLayout.Compose(await ReportSnapshot.BuildAsync(database, report.Definition, cancellationToken, home));
        return Page();
    }
}
