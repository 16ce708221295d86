namespace Monitoring.Core.Areas;

/// <summary>What the levels mean beyond their order.</summary>
public static class AreaLevels
{
    /// <summary>Whether areas of the level are the district's own (Sozialraum, Stadtteil, own keys below a Gemeinde) rather than official.</summary>
    public static bool IsSubMunicipal(this AreaLevel level) => level is AreaLevel.Sozialraum or AreaLevel.Stadtteil;

    /// <summary>
    /// Whether areas of the level are associations beside the tree of Länder, Kreise and Gemeinden (a Region, a
    /// Gemeindeverband): their parent says where they lie, but they are no part of it, so no sum, tree or list of parts has them.
    /// </summary>
    public static bool IsAssociation(this AreaLevel level) => level is AreaLevel.Region or AreaLevel.Gemeindeverband;
}
