using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Core.Storage;
using Monitoring.Ingest.Imports;
using Monitoring.Ingest.Jobs;

namespace Monitoring.Web.Pages.Arbeitsbereich;

/// <summary>The analysts' workspace: data sources with status and schedule, the latest runs.</summary>
[Authorize(Policy = "Role:Analyst")]
public sealed class IndexModel(Database database) : PageModel
{
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
