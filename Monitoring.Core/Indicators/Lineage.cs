using System.Collections.Concurrent;
using System.Globalization;

namespace Monitoring.Core.Indicators;

/// <summary>
/// The import runs a computed figure came from. Sets are interned: there are few distinct ones (a handful of runs feed
/// an indicator), so millions of cells share a few instances and a union of two sets is a dictionary look-up.
/// </summary>
public sealed class Lineage
{
    static readonly ConcurrentDictionary<string, Lineage> Interned = new(StringComparer.Ordinal);
    static readonly ConcurrentDictionary<(Lineage, Lineage), Lineage> Unions = new();

    Lineage(int[] runs, string text)
    {
        Runs = runs;
        Text = text;
    }

    /// <summary>The import runs' ids, ascending.</summary>
    public IReadOnlyList<int> Runs { get; }

    /// <summary>The ids as stored: "3,17".</summary>
    public string Text { get; }

    public static Lineage Of(IEnumerable<int> runs)
    {
        var sorted = runs.Distinct().Order().ToArray();
        var text = string.Join(",", sorted.Select(r => r.ToString(CultureInfo.InvariantCulture)));
        return Interned.GetOrAdd(text, _ => new Lineage(sorted, text));
    }

    /// <summary>The stored text back as a set; null or empty is no lineage.</summary>
    public static Lineage? Parse(string? text) =>
        string.IsNullOrEmpty(text) ? null : Of(text.Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)));

    public static Lineage? Union(Lineage? left, Lineage? right)
    {
        if (left is null || ReferenceEquals(left, right)) return right ?? left;
        if (right is null) return left;
        return Unions.GetOrAdd((left, right), pair => Of(pair.Item1.Runs.Concat(pair.Item2.Runs)));
    }

    public override string ToString() => Text;
}
