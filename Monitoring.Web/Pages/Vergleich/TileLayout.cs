using Monitoring.Core.Areas;

namespace Monitoring.Web.Pages.Vergleich;

/// <summary>
/// Where the comparison's tile map puts each part of an area. Kreis Gütersloh's Gemeinden have a hand-made arrangement,
/// roughly as they lie (north at the top). No such arrangement is shipped for the other 400 Kreise: their parts fill a
/// compact grid in alphabetical order, and the page says that this arrangement is not geographic.
/// </summary>
public sealed class TileLayout
{
    /// <summary>Approximate positions (row, column) of Kreis Gütersloh's municipalities, north at the top.</summary>
    static readonly Dictionary<string, (int Row, int Column)> GueterslohTiles = new(StringComparer.Ordinal)
    {
        ["05754004"] = (0, 1), ["05754052"] = (0, 3), ["05754048"] = (1, 0), ["05754012"] = (1, 2), ["05754040"] = (1, 3),
        ["05754016"] = (2, 0), ["05754008"] = (2, 2), ["05754044"] = (2, 3), ["05754036"] = (2, 4), ["05754020"] = (3, 1),
        ["05754028"] = (3, 2), ["05754032"] = (3, 3), ["05754024"] = (4, 2),
    };

    readonly IReadOnlyDictionary<string, (int Row, int Column)> places;

    TileLayout(IReadOnlyDictionary<string, (int Row, int Column)> places, bool geographic)
    {
        this.places = places;
        Geographic = geographic;
    }

    /// <summary>Whether the tiles lie roughly where their areas do; otherwise they are a grid in alphabetical order.</summary>
    public bool Geographic { get; }

    /// <summary>The tile's row and column, both from 0.</summary>
    public (int Row, int Column) PlaceOf(Area part) => places[part.Key];

    /// <summary>The arrangement of <paramref name="parts"/>, the areas directly below <paramref name="parent"/>.</summary>
    public static TileLayout For(Area parent, IReadOnlyList<Area> parts)
    {
        // The hand-made arrangement only while it knows every part: a Gemeinde a reform creates would have no tile.
        if (parent.Key == ReferenceAreas.District && parts.All(p => GueterslohTiles.ContainsKey(p.Key))) return new TileLayout(GueterslohTiles, geographic: true);
        return Grid(parts);
    }

    /// <summary>As many columns as rows, or one more (10 Gemeinden: 4 columns, 3 rows), filled row by row in German alphabetical order.</summary>
    static TileLayout Grid(IReadOnlyList<Area> parts)
    {
        var columns = Math.Max(1, (int)Math.Ceiling(Math.Sqrt(parts.Count)));
        var ordered = parts.OrderBy(p => p.Name, StringComparer.Create(GermanFormat.Culture, false)).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
        var places = new Dictionary<string, (int Row, int Column)>(StringComparer.Ordinal);
        for (var i = 0; i < ordered.Count; i++) places[ordered[i].Key] = (i / columns, i % columns);
        return new TileLayout(places, geographic: false);
    }
}
