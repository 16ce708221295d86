using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Monitoring.Core.Areas;
using Monitoring.Core.Indicators;
using Monitoring.Core.Storage;

namespace Monitoring.Web.Pages.Vergleich;

/// <summary>
/// One indicator, one year, all municipalities of a Kreis: sorted bars with the Kreis and the Land as reference lines,
/// and a tile map of the Kreis coloured by value (no licence-compatible boundary file is shipped, so the municipalities
/// are schematic tiles: placed roughly where they lie for Kreis Gütersloh, in alphabetical order elsewhere; see <see cref="TileLayout"/>).
/// </summary>
public sealed class VergleichModel(Database database, HomeArea home) : PageModel
{
    public sealed record Tile(Area Area, int Row, int Column, double? Value, int Class);

    /// <summary>Five classes of a sequential, colour-blind-safe blue scale (ColorBrewer Blues); text is dark or white for contrast.</summary>
    public static readonly (string Fill, string Text)[] Classes = [("#eff3ff", "#1a1a1a"), ("#bdd7e7", "#1a1a1a"), ("#6baed6", "#1a1a1a"), ("#3182bd", "#ffffff"), ("#08519c", "#ffffff")];

    [BindProperty(SupportsGet = true, Name = "jahr")]
    public int? Year { get; set; }

    [BindProperty(SupportsGet = true, Name = "gebiet")]
    public string? ParentKey { get; set; }

    public Indicator Indicator { get; private set; } = null!;

    public IReadOnlyList<Indicator> Indicators { get; private set; } = [];

    public Area Parent { get; private set; } = null!;

    public IReadOnlyList<int> Years { get; private set; } = [];

    public IReadOnlyList<(Area Area, double Value)> Ranked { get; private set; } = [];

    public IReadOnlyList<(Area Area, double? Value)> References { get; private set; } = [];

    public IReadOnlyList<Tile> Tiles { get; private set; } = [];

    /// <summary>Whether the tiles lie roughly where their Gemeinden do (Kreis Gütersloh) or are only in alphabetical order.</summary>
    public bool TilesGeographic { get; private set; }

    public IReadOnlyList<(double From, double To)> Bounds { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        var catalog = await CatalogStore.LoadAsync(database, cancellationToken);
        if (catalog.Indicators.FirstOrDefault(i => string.Equals(i.Code, code, StringComparison.OrdinalIgnoreCase)) is not { } indicator) return NotFound();
        Indicator = indicator;
        Indicators = catalog.Indicators.Where(i => i.Levels.Contains(AreaLevel.Gemeinde)).OrderBy(i => i.NameDe, Monitoring.Core.German.Names).ToList();

        var areas = await database.ListCurrentAsync(cancellationToken);
        if ((ParentKey is null ? home.Find(areas).Home : areas.FirstOrDefault(a => a.Key == ParentKey)) is not { } parent) return NotFound();
        Parent = parent;
        var comparison = await AreaComparison.ReadAsync(database, indicator, parent, Year, cancellationToken);
        (Years, Year, Ranked, References) = (comparison.Years, comparison.Year, comparison.Ranked, comparison.References);
        var children = comparison.Parts;
        var inYear = Ranked.ToDictionary(r => r.Area.Key, r => r.Value);
        if (Ranked.Count > 0)
        {
            var (min, max) = (Ranked.Min(r => r.Value), Ranked.Max(r => r.Value));
            var width = (max - min) / Classes.Length;
            Bounds = Enumerable.Range(0, Classes.Length).Select(i => (min + i * width, min + (i + 1) * width)).ToList();
            int ClassOf(double v) => width <= 0 ? 0 : Math.Min(Classes.Length - 1, (int)((v - min) / width));
            var layout = TileLayout.For(parent, children);
            TilesGeographic = layout.Geographic;
            Tiles = children.Select(c =>
            {
                var (row, column) = layout.PlaceOf(c);
                return new Tile(c, row, column, inYear.TryGetValue(c.Key, out var v) ? v : null, inYear.TryGetValue(c.Key, out var w) ? ClassOf(w) : -1);
            }).ToList();
        }
        return Page();
    }
}
