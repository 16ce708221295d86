namespace Monitoring.Core.Areas;

/// <summary>An area with the areas directly below it.</summary>
public sealed record AreaNode(Area Area, IReadOnlyList<AreaNode> Children)
{
    /// <summary>Builds the forest of areas from a flat list; areas whose parent is not in the list become roots.</summary>
    public static IReadOnlyList<AreaNode> Build(IReadOnlyList<Area> areas)
    {
        var ids = areas.Select(a => a.Id).ToHashSet();
        var byParent = areas.ToLookup(a => a.ParentId is int parent && ids.Contains(parent) ? parent : (int?)null);

        IReadOnlyList<AreaNode> ChildrenOf(int? parent) =>
            byParent[parent].OrderBy(a => a.Level).ThenBy(a => a.Name, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("de-DE"), false))
                .Select(a => new AreaNode(a, ChildrenOf(a.Id)))
                .ToList();

        return ChildrenOf(null);
    }
}
