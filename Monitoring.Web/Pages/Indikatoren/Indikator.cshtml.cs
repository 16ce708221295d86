using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Core.Areas;
using Monitoring.Core.Indicators;
using Monitoring.Core.Accounts;
using Monitoring.Core.Storage;
using Monitoring.Http.Security;

namespace Monitoring.Web.Pages.Indikatoren;

/// <summary>
/// One indicator: the trend for the chosen areas (default: the Kreis and its Land), the same numbers as a table with
/// the official symbols, definition, formula, source, data status and downloads. The selection lives in the address
/// (<c>?gebiete=05754,05754008</c>), so every view can be bookmarked and shared.
/// </summary>
public sealed class IndikatorModel(Database database, HomeArea home) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "gebiete")]
    public string? Selection { get; set; }

    /// <summary>The boxes as a form without script sends them.</summary>
    [BindProperty(SupportsGet = true, Name = "gebiet")]
    public string[] Checked { get; set; } = [];

    public Indicator Indicator { get; private set; } = null!;

    /// <summary>Whether the indicator has values for Gemeinden: only where all its inputs are published per Gemeinde.</summary>
    public bool Municipal => Indicator.Levels.Contains(AreaLevel.Gemeinde);

    /// <summary>Whether the indicator rests on the district's own data alone, not on a published statistic.</summary>
    public bool OwnData => Indicator.Source.StartsWith(CatalogVariable.OwnSource, StringComparison.Ordinal);

    public IReadOnlyList<Area> Choices { get; private set; } = [];

    public IReadOnlyList<string> Selected { get; private set; } = [];

    /// <summary>The selected areas that came from a municipal change, with the former areas they came from: their series start then.</summary>
    public Dictionary<string, (string Name, IReadOnlyList<AreaChanges.Former> Predecessors)> Changes { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<IndicatorValue> Values { get; private set; } = [];

    public IReadOnlyList<int> Years { get; private set; } = [];

    public IReadOnlyList<SourceFile> Sources { get; private set; } = [];

    public DateTime? DataStatus { get; private set; }

    public string Query => "areas=" + Uri.EscapeDataString(string.Join(",", Selected));

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var catalog = await CatalogStore.LoadAsync(database, cancellationToken);
        if (catalog.Indicators.FirstOrDefault(i => string.Equals(i.Code, code, StringComparison.OrdinalIgnoreCase)) is not { } indicator) return NotFound();
        Indicator = indicator;

        var areas = await database.ListCurrentAsync(cancellationToken);
        var (kreis, land) = AreaNode.Home(areas, home);
        // An indicator published only down to the Kreis offers no municipalities to choose: they would only show empty rows.
        Choices = areas.Where(a => a.Id == kreis?.Id || (a.ParentId == kreis?.Id && Municipal && !a.Level.IsAssociation()) || a.Id == land?.Id)
            .OrderBy(a => a.Level).ThenBy(a => a.Name, StringComparer.Create(GermanFormat.Culture, false)).ToList();
        var wanted = (Selection ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Concat(Checked).Distinct().ToArray();
        Selected = wanted.Length > 0
            ? wanted.Where(k => areas.Any(a => a.Key == k)).Take(20).ToList()
            : new[] { kreis?.Key, land?.Key }.OfType<string>().ToList();

        // Small counts of the district's own data are numbers for Analysts only.
        Values = await database.ReadIndicatorValuesAsync(indicator.Code, Selected, null, null, cancellationToken: cancellationToken, reveal: User.RoleOf() >= Role.Analyst);
        Years = Values.Select(v => v.Year).Distinct().Order().ToList();
        Sources = await database.SourceFilesAsync(Values.SelectMany(v => v.ImportRuns), cancellationToken);
        DataStatus = Values.Count == 0 ? null : Values.Max(v => v.ComputedAt);
        foreach (var key in Selected)
        {
            if (await database.PredecessorsAsync(key, cancellationToken) is { Count: > 0 } predecessors) Changes[key] = (areas.First(a => a.Key == key).Name, predecessors);
        }
        return Page();
    }
}
