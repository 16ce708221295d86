using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Core.Areas;
using Monitoring.Core.Storage;
using Monitoring.Ingest.Imports;

namespace Monitoring.Web.Pages;

public sealed class IndexModel(Database database) : PageModel
{
    public IReadOnlyList<AreaNode> Tree { get; private set; } = [];

    public int AreaCount { get; private set; }

    public int MunicipalityCount { get; private set; }

    public IReadOnlyList<DataSourceQueries.SourceStatus> Sources { get; private set; } = [];

    public bool ShowsDemoData => Sources.Any(s => s.IsDemo && s.Observations > 0);

    public IReadOnlyList<Core.Goals.TargetStatus> Targets { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var areas = await database.ListCurrentAsync(cancellationToken);
        AreaCount = areas.Count;
        MunicipalityCount = areas.Count(a => a.Level == AreaLevel.Gemeinde);
        Tree = AreaNode.Build(areas);
        Sources = await database.SourceStatusAsync(cancellationToken);
        Targets = await Core.Goals.GoalQueries.TargetStatusesAsync(database, cancellationToken);
    }
}
