using System.Data.Common;
using Dapper;
using Monitoring.Core.Areas;

namespace Monitoring.Core.Indicators;

/// <summary>
/// Fills in higher areas that have no figures of their own (a Kreis whose office publishes only municipal figures, a
/// Sozialraum-based district) by summing the numerators and the denominators of the areas below, never by averaging
/// their ratios. A sum is only given when every area below has a figure for the year: a sum over some of them would
/// pass for the whole. A part without a value (secret) leaves the sum without one, with the part's flags.
/// </summary>
public sealed class Aggregation
{
    readonly Dictionary<int, int> parentOf;
    readonly Dictionary<int, AreaLevel> levelOf;
    readonly ILookup<int, int> childrenOf;

    Aggregation(IReadOnlyList<(int Id, int? Parent, AreaLevel Level)> areas)
    {
        parentOf = areas.Where(a => a.Parent is not null).ToDictionary(a => a.Id, a => a.Parent!.Value);
        levelOf = areas.ToDictionary(a => a.Id, a => a.Level);
        childrenOf = areas.Where(a => a.Parent is not null).ToLookup(a => a.Parent!.Value, a => a.Id);
    }

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

    /// <summary>The areas directly below any of <paramref name="areas"/> that are not among them.</summary>
    public IEnumerable<int> ChildrenOutside(IReadOnlySet<int> areas) => areas.SelectMany(a => childrenOf[a]).Where(c => !areas.Contains(c)).Distinct();

    /// <summary>
    /// Adds sums for the areas in <paramref name="targets"/> (all areas with areas below them when null) of the given
    /// levels that have no part of their own, lowest level first so that sums build on sums.
    /// </summary>
    /// <param name="parts">Numerator and denominator per area and year; sums are added to it.</param>
    /// <param name="levels">The levels the indicator exists for; empty for all.</param>
    /// <param name="targets">The areas that may receive a sum.</param>
    public void SumUp(Dictionary<(int Area, int Year), (Cell Top, Cell Bottom)> parts, IReadOnlyCollection<AreaLevel> levels, IReadOnlySet<int>? targets = null)
    {
        var years = parts.Keys.Select(k => k.Year).Distinct().ToList();
        var parents = (targets ?? (IEnumerable<int>)childrenOf.Select(g => g.Key))
            .Where(p => childrenOf[p].Any() && levelOf.ContainsKey(p) && (levels.Count == 0 || levels.Contains(levelOf[p])))
            .OrderByDescending(p => levelOf[p]);
        foreach (var parent in parents)
        {
            foreach (var year in years)
            {
                if (parts.ContainsKey((parent, year))) continue; // its own figures come first
                Cell? top = null, bottom = null;
                foreach (var child in childrenOf[parent])
                {
                    if (!parts.TryGetValue((child, year), out var part)) { top = null; break; }
                    top = top is Cell t ? Evaluator.Combine(t, part.Top, (a, b) => a + b) : part.Top;
                    bottom = bottom is Cell b ? Evaluator.Combine(b, part.Bottom, (a, b) => a + b) : part.Bottom;
                }
                if (top is Cell sumTop && bottom is Cell sumBottom) parts[(parent, year)] = (sumTop, sumBottom);
            }
        }
    }

    const string SelectAreas = "SELECT id, parent_id, level FROM areas WHERE valid_to IS NULL";
}
