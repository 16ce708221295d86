using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Core.Storage;
using Monitoring.Ingest.Imports;

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
            await using var connection = await database.OpenAsync(cancellationToken);
            var imported = await Dapper.SqlMapper.QueryAsync<(string Variable, string Area)>(connection, new Dapper.CommandDefinition(SelectImported, new { Id = id }, cancellationToken: cancellationToken));
            Charts = imported.GroupBy(i => i.Variable).Select(g => (g.Key, string.Join(",", g.Select(i => i.Area).Distinct().Take(6)))).Take(5).ToList();
        }
        return Page();
    }

    const string SelectImported =
        "SELECT DISTINCT v.code, a.area_key FROM observations o JOIN variables v ON v.id = o.variable_id JOIN areas a ON a.id = o.area_id WHERE o.import_run_id = @Id ORDER BY v.code, a.area_key";
}
