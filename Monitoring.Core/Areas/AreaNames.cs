using System.Text;

namespace Monitoring.Core.Areas;

/// <summary>
/// Matches the area names an office writes in its own files against the areas in force: with or without the
/// directory's suffixes (", Stadt", ", Kreis"), <c>ß</c> or <c>ss</c>, umlauts or their transliteration, hyphens or
/// spaces, "Halle (Westf.)" or "Halle Westf." or "Halle (Westfalen)". A name several areas share resolves to the one
/// inside the installation's home area when exactly one is there ("Steinhagen" in Kreis Gütersloh, not in
/// Vorpommern-Rügen); otherwise it stays ambiguous and lists them. A name no area has gets up to three suggestions, the
/// closest by edit distance, the home area's first. Nothing is guessed: an analyst confirms a suggestion.
/// </summary>
public sealed class AreaNames
{
    /// <summary>An area in force: key, the name people use, the directory's official name, the parent's key.</summary>
    public sealed record Entry(string Key, string Name, string? OfficialName, string? ParentKey);

    /// <summary>An area to choose: key, name, and the parent's name to tell namesakes apart.</summary>
    public sealed record Candidate(string Key, string Name, string? ParentName)
    {
        /// <summary>"Steinhagen (Kreis Gütersloh, 05754040)".</summary>
        public string Label => ParentName is null ? $"{Name} ({Key})" : $"{Name} ({ParentName}, {Key})";
    }

    public enum MatchKind
    {
        Found,
        Ambiguous,
        Unknown,
    }

    /// <summary>The outcome: the key when <see cref="Kind"/> is Found; the areas to choose from otherwise (the suggestions for an unknown name).</summary>
    public sealed record Match(MatchKind Kind, string? Key, IReadOnlyList<Candidate> Candidates);

    const int MaxSuggestions = 3;

    readonly Dictionary<string, Entry> byKey = new(StringComparer.Ordinal);
    readonly Dictionary<string, List<Entry>> byForm = new(StringComparer.Ordinal);
    readonly HashSet<(string Form, string Key)> byNameOnly = [];
    readonly List<(string Form, Entry Entry)> forms = [];
    readonly string? home;

    public AreaNames(IEnumerable<Entry> entries, string? homeKey)
    {
        home = homeKey;
        foreach (var entry in entries)
        {
            if (!byKey.TryAdd(entry.Key, entry)) continue;
            foreach (var form in new[] { entry.Name, entry.OfficialName }.OfType<string>().Select(Normal).Where(f => f.Length > 0).Distinct(StringComparer.Ordinal))
            {
                if (!byForm.TryGetValue(form, out var list)) byForm[form] = list = [];
                list.Add(entry);
                forms.Add((form, entry));
                if (form == Normal(entry.Name)) byNameOnly.Add((form, entry.Key));
            }
        }
    }

    /// <summary>How many areas the matcher knows.</summary>
    public int Count => byKey.Count;

    /// <summary>The area with this key, if it is in force.</summary>
    public Candidate? Area(string key) => byKey.TryGetValue(key, out var entry) ? CandidateOf(entry) : null;

    /// <summary>Matches one name from a file.</summary>
    public Match Find(string name)
    {
        var text = string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (text.Length == 0) return new Match(MatchKind.Unknown, null, []);
        var hits = Lookup(text);
        if (hits.Count == 1) return new Match(MatchKind.Found, hits[0].Key, [CandidateOf(hits[0])]);
        if (hits.Count > 1)
        {
            var inside = hits.Where(Inside).ToList();
            if (inside.Count == 1) return new Match(MatchKind.Found, inside[0].Key, [CandidateOf(inside[0])]);
            return new Match(MatchKind.Ambiguous, null, hits.OrderByDescending(Inside).ThenBy(e => e.Key, StringComparer.Ordinal).Select(CandidateOf).ToList());
        }
        return new Match(MatchKind.Unknown, null, Suggest(Normal(text)));
    }

    List<Entry> Lookup(string text)
    {
        // As written, and as the directory writes a Kreis ("Gütersloh, Kreis" = "Kreis Gütersloh").
        var found = new List<Entry>();
        var byName = new HashSet<string>(StringComparer.Ordinal);
        foreach (var form in new[] { text, AreaHistory.NameFromLabel(text) }.Select(Normal).Distinct(StringComparer.Ordinal))
        {
            if (!byForm.TryGetValue(form, out var list)) continue;
            found.AddRange(list);
            byName.UnionWith(list.Where(e => byNameOnly.Contains((form, e.Key))).Select(e => e.Key));
        }
        // The name people use beats a Kreis's bare official name: "Gütersloh" is the Stadt, "Kreis Gütersloh" the Kreis.
        if (byName.Count > 0) found.RemoveAll(e => !byName.Contains(e.Key));
        // A kreisfreie Stadt is one area twice, as Kreis (05315) and as its one Gemeinde (05315000): the Kreis.
        if (found.Distinct().ToList() is [var first, var second] && (first.Key + "000" == second.Key || second.Key + "000" == first.Key)) found.RemoveAll(e => e.Key.Length == 8);
        // A kreisfreie Stadt so called is the Kreis (05315), not its one Gemeinde (05315000).
        var kreisfrei = text.EndsWith(", kreisfreie Stadt", StringComparison.Ordinal) || text.EndsWith(", krfr. Stadt", StringComparison.Ordinal);
        if (kreisfrei && !found.Any(e => e.Key.Length == 5) && byForm.TryGetValue(Normal(AreaDirectory.ShortName(text)), out var cities)) found.AddRange(cities);
        if (kreisfrei && found.Any(e => e.Key.Length == 5)) found.RemoveAll(e => e.Key.Length != 5);
        if (found.Count > 0) return found.Distinct().ToList();
        if (AreaHistory.NameFromLabel(text) != text) return [];

        // "Landkreis Gütersloh" or "Kreis Gütersloh" where the directory writes the other: a Kreis by its name.
        var normal = Normal(text);
        foreach (var prefix in new[] { "landkreis ", "kreis " })
        {
            if (!normal.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rest = normal[prefix.Length..];
            if (byForm.TryGetValue(rest, out var list) && list.Where(e => e.Key.Length == 5).ToList() is { Count: > 0 } kreise) return kreise;
            if (byForm.TryGetValue((prefix == "kreis " ? "landkreis " : "kreis ") + rest, out var other)) return other;
        }

        // "Harsewinkel, Stadt" where the directory writes "Harsewinkel, Die Mähdrescherstadt"; "Stadt Verl" for "Verl, Stadt":
        // a Gemeinde by its name without the suffix; never a Kreis ("Aachen, Kreis" is handled above).
        var shortName = AreaDirectory.ShortName(text);
        if (shortName != text && byForm.TryGetValue(Normal(shortName), out var byShort)) return byShort.Where(e => e.Key.Length != 5 || e.Name == shortName).ToList();
        foreach (var prefix in new[] { "stadt ", "gemeinde ", "markt " })
        {
            if (normal.StartsWith(prefix, StringComparison.Ordinal) && byForm.TryGetValue(normal[prefix.Length..], out var byPrefix)) return byPrefix.Where(e => e.Key.Length > 5).ToList();
        }
        return [];
    }

    bool Inside(Entry entry) => home is not null && entry.Key.StartsWith(home, StringComparison.Ordinal);

    IReadOnlyList<Candidate> Suggest(string normal)
    {
        var limit = Math.Max(2, normal.Length / 4);
        var close = new List<(int Distance, bool Inside, Entry Entry)>();
        foreach (var (form, entry) in forms)
        {
            if (Math.Abs(form.Length - normal.Length) > limit) continue;
            var distance = Distance(normal, form, limit);
            if (distance <= limit) close.Add((distance, Inside(entry), entry));
        }
        return close
            .OrderBy(c => c.Inside ? 0 : 1).ThenBy(c => c.Distance).ThenBy(c => c.Entry.Key, StringComparer.Ordinal)
            .Select(c => c.Entry).DistinctBy(e => e.Key).Take(MaxSuggestions).Select(CandidateOf).ToList();
    }

    Candidate CandidateOf(Entry entry) =>
        new(entry.Key, entry.Name, entry.ParentKey is { } parent && byKey.TryGetValue(parent, out var p) ? p.Name : null);

    /// <summary>
    /// A name as compared: lower case, <c>ß</c> as <c>ss</c>, umlauts transliterated, hyphens, slashes and commas as
    /// spaces, parentheses and dots dropped, the regional additions in one form ("westfalen" = "westf", "oldb" = "oldenburg").
    /// </summary>
    public static string Normal(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            switch (c)
            {
                case 'ß': text.Append("ss"); break;
                case 'ä': text.Append("ae"); break;
                case 'ö': text.Append("oe"); break;
                case 'ü': text.Append("ue"); break;
                case '-' or '/' or ',' or '–' or '\u00A0' or '\t': text.Append(' '); break;
                case '(' or ')' or '.' or '"' or '\'' or '„' or '“': break;
                default: text.Append(c); break;
            }
        }
        var words = text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w switch { "westfalen" => "westf", "rheinland" => "rhld", "oldb" => "oldenburg", _ => w });
        return string.Join(' ', words);
    }

    /// <summary>Levenshtein distance, given up beyond <paramref name="limit"/> (returns limit + 1).</summary>
    static int Distance(string a, string b, int limit)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var best = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                best = Math.Min(best, current[j]);
            }
            if (best > limit) return limit + 1;
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
