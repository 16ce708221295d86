using System.Data.Common;
using Dapper;
using Monitoring.Core.Areas;
using Monitoring.Core.Observations;

namespace Monitoring.Core.Indicators;

/// <summary>
/// Fills in higher areas that have no figures of their own (a Kreis whose office publishes only municipal figures, a
/// Sozialraum whose Stadtteile are imported) by summing the numerators and the denominators of their parts, never by
/// averaging their ratios. Whether an area has its own figure is decided per area and year, and an own figure is never
/// replaced. A sum is only given when every part has a figure for the year: a sum over some of them would pass for the
/// whole. A part without a value (secret) leaves the sum without one, with the part's flags.
/// Sub-municipal areas (Sozialraum, Stadtteil) are parts only of sub-municipal areas: they are the district's own areas
/// with its own data, and never stand in for an official figure (issue 15: one Sozialraum's row became its Gemeinde's
/// figure, and through it the Kreis's).
/// </summary>
public sealed class Aggregation
{
    readonly Dictionary<int, int> parentOf;
    readonly Dictionary<int, AreaLevel> levelOf;
    readonly ILookup<int, int> partsOf;

    Aggregation(IReadOnlyList<(int Id, int? Parent, AreaLevel Level)> areas)
    {
        parentOf = areas.Where(a => a.Parent is not null).ToDictionary(a => a.Id, a => a.Parent!.Value);
        levelOf = areas.ToDictionary(a => a.Id, a => a.Level);
        partsOf = areas.Where(a => a.Parent is int parent && IsPart(a.Level, parent)).ToLookup(a => a.Parent!.Value, a => a.Id);
    }

    /// <summary>
    /// Whether an area of the level counts towards its parent's sum: an official area of the tree always, a sub-municipal
    /// one only below another, an association (a Gemeindeverband, a Region) never: its Gemeinden count already.
    /// </summary>
    bool IsPart(AreaLevel level, int parent) =>
        !level.IsAssociation() && (!level.IsSubMunicipal() || (levelOf.TryGetValue(parent, out var parentLevel) && parentLevel.IsSubMunicipal()));

    /// <summary>The current areas' hierarchy.</summary>
    public static async Task<Aggregation> LoadAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(long Id, long? Parent, string Level)>(new CommandDefinition(SelectAreas, transaction: transaction, cancellationToken: cancellationToken));
        return new Aggregation(rows.Select(r => ((int)r.Id, r.Parent is long p ? (int?)p : null, Enum.Parse<AreaLevel>(r.Level))).ToList());
    }

    /// <summary>The given areas and every area above them.</summary>
    public HashSet<int> WithAncestors(IEnumerable<int> areas)
    {
        var result = new HashSet<int>();
        foreach (var area in areas)
        {
            for (int? current = area; current is int id && result.Add(id); current = parentOf.TryGetValue(id, out var parent) ? parent : null)
            {
            }
        }
        return result;
    }

    /// <summary>The parts of any of <paramref name="areas"/> that are not among them.</summary>
    public IEnumerable<int> ChildrenOutside(IReadOnlySet<int> areas) => areas.SelectMany(a => partsOf[a]).Where(c => !areas.Contains(c)).Distinct();

    /// <summary>Every current area: the cells of a full computation.</summary>
    public IReadOnlyList<int> Areas => levelOf.Keys.Order().ToList();

    /// <summary>
    /// Adds sums for the areas in <paramref name="targets"/> (all areas with parts when null) of the given levels, in the
    /// years they have no figure of their own, lowest level first so that sums build on sums.
    /// </summary>
    /// <param name="top">The numerators; an area and year has a part where it has a cell here. Sums are added to it.</param>
    /// <param name="bottom">The denominators, if the indicator has them; sums are added to it.</param>
    /// <param name="levels">The levels the indicator exists for; empty for all.</param>
    /// <param name="targets">The areas that may receive a sum.</param>
    public void SumUp(Column top, Column? bottom, IReadOnlyCollection<AreaLevel> levels, IReadOnlySet<int>? targets = null)
    {
        var grid = top.Grid;
        var parents = (targets ?? (IEnumerable<int>)partsOf.Select(g => g.Key))
            .Where(p => grid.AreaIndex(p) >= 0 && partsOf[p].Any() && levelOf.ContainsKey(p) && (levels.Count == 0 || levels.Contains(levelOf[p])))
            .OrderByDescending(p => levelOf[p]);
        foreach (var parent in parents)
        {
            // A part outside the computation has no figures here: no sum can be complete.
            var children = partsOf[parent].Select(grid.AreaIndex).ToArray();
            if (children.Any(c => c < 0)) continue;
            var first = grid.AreaIndex(parent) * grid.Years;
            for (var year = 0; year < grid.Years; year++)
            {
                if (top.Present[first + year]) continue; // its own figures come first
                if (!children.All(c => top.Present[c * grid.Years + year])) continue;
                top.Set(first + year, Sum(top, children, grid.Years, year));
                bottom?.Set(first + year, Sum(bottom, children, grid.Years, year));
            }
        }
    }

    /// <summary>A part without a value (secret) leaves the sum without one; the flags and sources are the parts' union.</summary>
    static Cell Sum(Column column, int[] children, int years, int year)
    {
        var (sum, flags, sources) = (0.0, QualityFlags.None, 0);
        foreach (var child in children)
        {
            var cell = child * years + year;
            sum += column.Values[cell];
            flags |= column.Flags[cell];
            sources = Lineage.Union(sources, column.Sources[cell]);
        }
        return new Cell(double.IsNaN(sum) ? null : sum, flags & Cell.Inherited, Lineage.OfId(sources));
    }

    const string SelectAreas = "SELECT id, parent_id, level FROM areas WHERE valid_to IS NULL";
}
