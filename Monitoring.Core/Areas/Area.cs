namespace Monitoring.Core.Areas;

/// <summary>
/// The administrative levels, top down; sub-municipal areas are defined by the district itself. Baden-Württemberg's
/// Regionen and the Gemeindeverbände (Ämter, Samtgemeinden, Verbandsgemeinden, Verwaltungsgemeinschaften …) are
/// associations beside the tree (<see cref="AreaLevels.IsAssociation"/>): they have figures of their own, and are never
/// summed into, or counted among, the Kreise and Gemeinden.
/// </summary>
public enum AreaLevel
{
    Bund,
    Land,
    Regierungsbezirk,
    Region,
    Kreis,
    Gemeindeverband,
    Gemeinde,
    Sozialraum,
    Stadtteil,
}

/// <summary>One version of an area. A municipal reform ends a version (<see cref="ValidTo"/>) and may start another.</summary>
public sealed class Area
{
    public int Id { get; init; }

    /// <summary>The official key as GENESIS uses it (DG, 05, 057, 05754, 05754008); own keys for sub-municipal areas.</summary>
    public required string Key { get; init; }

    /// <summary>The 12-digit Amtlicher Regionalschlüssel, where known.</summary>
    public string? Ars { get; init; }

    public required string Name { get; init; }

    public AreaLevel Level { get; init; }

    public int? ParentId { get; init; }

    public string? ParentKey { get; init; }

    public DateOnly? ValidFrom { get; init; }

    public DateOnly? ValidTo { get; init; }
}
