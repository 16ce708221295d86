using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Core.Areas;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Web.Pages;

public sealed class IndexModel(Database database, HomeArea home) : PageModel
{
    public IReadOnlyList<AreaNode> Tree { get; private set; } = [];

    public const int TreeLimit = 500;

    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "suche")]
    public string? Search { get; set; }

    public IReadOnlyList<Area> Found { get; private set; } = [];

    public int AreaCount { get; private set; }

    public int MunicipalityCount { get; private set; }

    /// <summary>The installation's home area (Monitoring:HomeArea) and its Gemeinden, whose tree the page shows.</summary>
    public Area? Home { get; private set; }

    public int HomeMunicipalities { get; private set; }

    public IReadOnlyList<DataSourceQueries.SourceStatus> Sources { get; private set; } = [];

    public IReadOnlyList<Core.Goals.TargetStatus> Targets { get; private set; } = [];

    /// <summary>Filter: one field of action (Handlungsfeld), by its name.</summary>
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "feld")]
    public string? Field { get; set; }

    /// <summary>Filter: targets of one area, by key.</summary>
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "gebiet")]
    public string? AreaKey { get; set; }

    public IReadOnlyList<string> Fields { get; private set; } = [];

    public IReadOnlyList<(string Key, string Name)> TargetAreas { get; private set; } = [];

    public int AllTargets { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var areas = await database.ListCurrentAsync(cancellationToken);
        AreaCount = areas.Count;
        MunicipalityCount = areas.Count(a => a.Level == AreaLevel.Gemeinde);
        // The home area's tree fits on the start page; Germany's 11,000 municipalities do not: the others are searched.
        var neighbourhood = home.Neighbourhood(areas);
        Home = home.Find(areas).Home;
        HomeMunicipalities = neighbourhood.Count(a => a.Level == AreaLevel.Gemeinde);
        Tree = neighbourhood.Count <= TreeLimit ? AreaNode.Build(neighbourhood) : [];
        if (!string.IsNullOrWhiteSpace(Search)) Found = await database.SearchCurrentAsync(Search.Trim(), 0, 50, cancellationToken);
        Sources = await database.SourceStatusAsync(cancellationToken);
        var all = await Core.Goals.GoalQueries.TargetStatusesAsync(database, cancellationToken);
        AllTargets = all.Count;
        Fields = all.Select(t => t.Target.Field).Distinct().Order(StringComparer.Create(GermanFormat.Culture, false)).ToList();
        TargetAreas = all.Select(t => (t.Target.AreaKey, t.Target.Area)).Distinct().OrderBy(a => a.AreaKey, StringComparer.Ordinal).ToList();
        Targets = all.Where(t => (string.IsNullOrEmpty(Field) || t.Target.Field == Field) && (string.IsNullOrEmpty(AreaKey) || t.Target.AreaKey == AreaKey)).ToList();
    }
}
