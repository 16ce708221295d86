using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Publishing.Reports;
using Monitoring.Core.Reports;
using Monitoring.Core.Storage;

namespace Monitoring.Web.Pages.Berichte;

/// <summary>A published edition as a print-friendly page: the frozen numbers, as in its PDF and Word files.</summary>
public sealed class AusgabeModel(Database database) : PageModel
{
    public ReportLayout Layout { get; private set; } = null!;

    public int Id { get; private set; }

    public int Edition { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int edition, CancellationToken cancellationToken)
    {
        if (await database.FindEditionAsync(id, edition, cancellationToken) is not { } document) return NotFound();
        (Id, Edition, Layout) = (id, edition, ReportLayout.Compose(document));
        return Page();
    }
}
