namespace Monitoring.Core.Areas;

/// <summary>What the levels mean beyond their order.</summary>
public static class AreaLevels
{
    /// <summary>Whether areas of the level are the district's own (Sozialraum, Stadtteil, own keys below a Gemeinde) rather than official.</summary>
    public static bool IsSubMunicipal(this AreaLevel level) => level is AreaLevel.Sozialraum or AreaLevel.Stadtteil;
}
