using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Core.Areas;
using Monitoring.Core.Storage;

namespace Monitoring.Web.Pages;

public sealed class IndexModel(Database database) : PageModel
{
    public IReadOnlyList<AreaNode> Tree { get; private set; } = [];

    public int AreaCount { get; private set; }

    public int MunicipalityCount { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var areas = await database.ListCurrentAsync(cancellationToken);
        AreaCount = areas.Count;
        MunicipalityCount = areas.Count(a => a.Level == AreaLevel.Gemeinde);
        Tree = AreaNode.Build(areas);
    }
}
