using Microsoft.Extensions.Configuration;

namespace Monitoring.Core.Areas;

/// <summary>
/// The area an installation serves (<c>Monitoring:HomeArea</c>, an official key: a Kreis, kreisfreie Stadt, Gemeinde or
/// Land; Kreis Gütersloh by default). The pages' and reports' defaults follow it: the home area, its parts, its Land.
/// </summary>
public sealed record HomeArea(string Key)
{
    public const string Setting = "Monitoring:HomeArea";

    public static readonly HomeArea Default = new(ReferenceAreas.District);

    public static HomeArea From(IConfiguration configuration) =>
        configuration[Setting] is { Length: > 0 } key ? new HomeArea(key.Trim()) : Default;

    /// <summary>The home area and its Land (itself when it is a Land) among <paramref name="areas"/>; the first Kreis where the key is not among them.</summary>
    public (Area? Home, Area? Land) Find(IReadOnlyList<Area> areas)
    {
        var home = areas.FirstOrDefault(a => a.Key == Key) ?? areas.FirstOrDefault(a => a.Level == AreaLevel.Kreis);
        if (home is null) return (null, areas.FirstOrDefault(a => a.Level == AreaLevel.Land));
        return (home, home.Level == AreaLevel.Land ? home : AreaNode.Land(areas, home) ?? areas.FirstOrDefault(a => a.Level == AreaLevel.Land));
    }

    /// <summary>The home area, its parts (the areas directly below it, associations left out) and its Land.</summary>
    public sealed record Choice(Area? Home, Area? Land, IReadOnlyList<Area> Parts)
    {
        /// <summary>Whether <paramref name="area"/> is the home area, one of its parts or its Land.</summary>
        public bool Contains(Area area, bool parts = true) => area.Id == Home?.Id || area.Id == Land?.Id || parts && Parts.Any(p => p.Id == area.Id);
    }

    /// <summary>The one choice of "the home area, its parts and its Land" that pages, reports and previews default to.</summary>
    public Choice Choose(IReadOnlyList<Area> areas)
    {
        var (home, land) = Find(areas);
        return new Choice(home, land, home is null ? [] : AreaNode.PartsOf(areas, home));
    }

    /// <summary>The areas a page offers by default: the home area, the areas above it and its parts, parents first.</summary>
    public IReadOnlyList<Area> Neighbourhood(IReadOnlyList<Area> areas)
    {
        var (home, _) = Find(areas);
        if (home is null) return areas;
        return areas.Where(a => !a.Level.IsAssociation() && (a.Key == "DG" || home.Key.StartsWith(a.Key, StringComparison.Ordinal) && a.Level <= home.Level
                || a.Key.StartsWith(home.Key, StringComparison.Ordinal)))
            .ToList();
    }
}
