using System.Collections.Concurrent;
using System.Globalization;

namespace Monitoring.Core.Indicators;

/// <summary>
/// The import runs a computed figure came from. Sets are interned: there are few distinct ones (a handful of runs feed
/// an indicator), so millions of cells share a few instances and a union of two sets is a dictionary look-up.
/// Columns keep a set's <see cref="Id"/> instead of a reference: arrays of numbers the garbage collector need not
/// scan, where arrays of references over millions of cells made every full collection walk them.
/// </summary>
public sealed class Lineage
{
    static readonly ConcurrentDictionary<string, Lineage> Interned = new(StringComparer.Ordinal);
    static readonly ConcurrentDictionary<(int, int), int> Unions = new();
    static readonly Lock Gate = new();
    // Grown by copying under the gate and published whole, so readers need no lock; 0 is no lineage.
    static volatile Lineage?[] byId = new Lineage?[64];
    static int count;

    Lineage(int[] runs, string text, int id)
    {
        Runs = runs;
        Text = text;
        Id = id;
    }

    /// <summary>The import runs' ids, ascending.</summary>
    public IReadOnlyList<int> Runs { get; }

    /// <summary>The ids as stored: "3,17".</summary>
    public string Text { get; }

    /// <summary>The set's number within this process (never stored); 0 stands for no lineage.</summary>
    public int Id { get; }

    public static Lineage Of(IEnumerable<int> runs)
    {
        var sorted = runs.Distinct().Order().ToArray();
        var text = string.Join(",", sorted.Select(r => r.ToString(CultureInfo.InvariantCulture)));
        if (Interned.TryGetValue(text, out var known)) return known;
        lock (Gate)
        {
            if (Interned.TryGetValue(text, out known)) return known;
            var lineage = new Lineage(sorted, text, ++count);
            if (count == byId.Length)
            {
                var grown = new Lineage?[byId.Length * 2];
                Array.Copy(byId, grown, byId.Length);
                grown[count] = lineage;
                byId = grown;
            }
            else byId[count] = lineage;
            Interned[text] = lineage;
            return lineage;
        }
    }

    /// <summary>The set with this <see cref="Id"/>; null for 0.</summary>
    public static Lineage? OfId(int id) => id == 0 ? null : byId[id];

    /// <summary>The stored text back as a set; null or empty is no lineage.</summary>
    public static Lineage? Parse(string? text) =>
        string.IsNullOrEmpty(text) ? null : Of(text.Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)));

    public static Lineage? Union(Lineage? left, Lineage? right) => OfId(Union(left?.Id ?? 0, right?.Id ?? 0));

    /// <summary>The union of two sets by <see cref="Id"/>.</summary>
    public static int Union(int left, int right)
    {
        if (left == 0 || left == right) return right == 0 ? left : right;
        if (right == 0) return left;
        return Unions.GetOrAdd((left, right), static pair => Of(OfId(pair.Item1)!.Runs.Concat(OfId(pair.Item2)!.Runs)).Id);
    }

    public override string ToString() => Text;
}
