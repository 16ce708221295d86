namespace Monitoring.Core.Indicators;

/// <summary>
/// The cells of one computation: every area it covers × every year, numbered area by area, so that a
/// <see cref="Column"/> is a few arrays indexed by cell. A full computation covers millions of cells, and a
/// dictionary per formula node cost more than the arithmetic.
/// </summary>
public sealed class Grid
{
    readonly Dictionary<int, int> index;

    /// <param name="areas">The areas' ids.</param>
    /// <param name="firstYear">The first year.</param>
    /// <param name="years">How many years from it.</param>
    public Grid(IReadOnlyList<int> areas, int firstYear, int years)
    {
        Areas = areas;
        FirstYear = firstYear;
        Years = Math.Max(years, 1);
        index = new Dictionary<int, int>(areas.Count);
        for (var i = 0; i < areas.Count; i++) index[areas[i]] = i;
    }

    public IReadOnlyList<int> Areas { get; }

    public int FirstYear { get; }

    public int Years { get; }

    /// <summary>How many cells: areas × years.</summary>
    public int Count => Areas.Count * Years;

    /// <summary>The area's position, or -1 when the grid does not cover it.</summary>
    public int AreaIndex(int area) => index.TryGetValue(area, out var i) ? i : -1;

    /// <summary>The cell of an area and year, or -1 when the grid does not cover them.</summary>
    public int Cell(int area, int year) => CellAt(AreaIndex(area), year);

    /// <summary>The cell of an area's position (<see cref="AreaIndex"/>) and a year, or -1 when the grid does not cover them.</summary>
    public int CellAt(int areaIndex, int year) =>
        areaIndex >= 0 && year >= FirstYear && year < FirstYear + Years ? areaIndex * Years + year - FirstYear : -1;

    public int AreaOf(int cell) => Areas[cell / Years];

    public int YearOf(int cell) => FirstYear + cell % Years;
}
