using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Web.Pages.Arbeitsbereich;

/// <summary>One import run: counts, rejected rows with file, line and column, plausibility flags, and a chart of what it brought.</summary>
[Authorize(Policy = "Role:Analyst")]
public sealed class LaufModel(Database database) : PageModel
{
    public ImportRuns.RunSummary Run { get; private set; } = null!;

    public ImportReport? Report { get; private set; }

    public IReadOnlyList<(string Variable, string Areas)> Charts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await database.FindRunAsync(id, cancellationToken) is not { } found) return NotFound();
        Run = found.Run;
        Report = found.Report is null ? null : JsonSerializer.Deserialize<ImportReport>(found.Report, SourceSettings.Json);
        if (Run.Status == "Succeeded")
        {
            Charts = (await database.ImportedSeriesAsync(id, variables: 5, areas: 6, cancellationToken)).Select(s => (s.Variable, string.Join(",", s.Areas))).ToList();
        }
        return Page();
    }
}
