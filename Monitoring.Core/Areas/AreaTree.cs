namespace Monitoring.Core.Areas;

/// <summary>An area with the areas directly below it.</summary>
public sealed record AreaNode(Area Area, IReadOnlyList<AreaNode> Children)
{
    /// <summary>Builds the forest of areas from a flat list; areas whose parent is not in the list become roots. Associations (Regionen, Gemeindeverbände) are no part of the tree.</summary>
    public static IReadOnlyList<AreaNode> Build(IReadOnlyList<Area> areas)
    {
        areas = areas.Where(a => !a.Level.IsAssociation()).ToList();
        var ids = areas.Select(a => a.Id).ToHashSet();
        var byParent = areas.ToLookup(a => a.ParentId is int parent && ids.Contains(parent) ? parent : (int?)null);

        IReadOnlyList<AreaNode> ChildrenOf(int? parent) =>
            byParent[parent].OrderBy(a => a.Level).ThenBy(a => a.Name, German.Names)
                .Select(a => new AreaNode(a, ChildrenOf(a.Id)))
                .ToList();

        return ChildrenOf(null);
    }

    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<Area>, Dictionary<int, Area>> ById = new();

    /// <summary>The installation's home area (<see cref="HomeArea"/>) and its Land: what pages and reports show by default.</summary>
    public static (Area? Kreis, Area? Land) Home(IReadOnlyList<Area> areas, HomeArea? home = null) => (home ?? HomeArea.Default).Find(areas);

    /// <summary>The parts of an area: the areas directly below it, without the associations (Regionen, Gemeindeverbände) that only group them.</summary>
    public static IReadOnlyList<Area> PartsOf(IReadOnlyList<Area> areas, Area area) => areas.Where(a => a.ParentId == area.Id && !a.Level.IsAssociation()).ToList();

    /// <summary>The Land above an area, or its parent where no Land is above it (Germany for a Land).</summary>
    public static Area? Land(IReadOnlyList<Area> areas, Area area)
    {
        // The area list is cached and shared; its index by id is built once per list, not per page request.
        var byId = ById.GetValue(areas, list => list.ToDictionary(a => a.Id));
        for (var current = area.ParentId is int p && byId.TryGetValue(p, out var parent) ? parent : null; current is not null;
             current = current.ParentId is int q && byId.TryGetValue(q, out var next) ? next : null)
        {
            if (current.Level == AreaLevel.Land) return current;
        }
        return area.ParentId is int id && byId.TryGetValue(id, out var direct) ? direct : null;
    }
}
