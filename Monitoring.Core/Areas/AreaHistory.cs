using System.Globalization;
using System.Text.Json;

namespace Monitoring.Core.Areas;

/// <summary>
/// The areas that no longer exist, from Destatis's code list "AGS-Liste mit Historie der Gemeinde-AGS-Zuordnung seit
/// 2007" (XÖV <c>Destatis.AGS.Historie</c>, version 2021-12-31): every Gemeinde key since 31.12.2006 with its validity and,
/// where it was dissolved or re-keyed, its successor. A file that still carries such a key imports under the old area,
/// valid until the change; its values are never moved to the successor.
/// <para>
/// The list names Gemeinden only. A former Kreis or Regierungsbezirk is a key prefix that no Gemeinde of the current
/// directory carries (Landkreis Göttingen 03152, merged into 03159 in 2016); it ends with the last of its Gemeinden. Its
/// name is in no shipped list, so it stands as "ehemaliger Kreis 03152" until a file names it (<see cref="NameFromLabel"/>).
/// The list's Stadtbezirke and Ortsteile (Berlin's 12 Bezirke, Hamburg's Ortsteile) are official keys below a Gemeinde:
/// they are kept at the sub-municipal level (<see cref="AreaLevel.Stadtteil"/>), under their city, never summed into it.
/// Changes after 2021 are not in the list: a key that ended since then stays unknown and is reported as such.
/// </para>
/// </summary>
public static class AreaHistory
{
    /// <summary>The code list's version.</summary>
    public const string Version = "2021-12-31";

    const string PartOfCity = "Stadt-/Ortsteil bzw. Stadtbezirk";

    /// <summary>The placeholder name of a former Kreis or Regierungsbezirk, until a file names it.</summary>
    public static string PlaceholderName(AreaLevel level, string key) =>
        level == AreaLevel.Regierungsbezirk ? $"ehemaliger Regierungsbezirk {key}" : $"ehemaliger Kreis {key}";

    /// <summary>The shipped list (<c>Areas/Destatis.AGS.Historie_2021-12-31.json</c>, as Destatis publishes it), read against the shipped directory.</summary>
    public static IReadOnlyList<ReferenceAreas.Row> ReadShipped() => Shipped.Value;

    static readonly Lazy<IReadOnlyList<ReferenceAreas.Row>> Shipped = new(() =>
    {
        using var stream = typeof(AreaHistory).Assembly.GetManifestResourceStream("AGS.Historie.json")!;
        return Read(stream, AreaDirectory.ReadShipped());
    });

    sealed record Entry(string Key, string Name, DateOnly? From, string? Change, DateOnly? To, string? Successor, string? Note);

    /// <summary>
    /// The former areas and the official parts of cities in the list, given the current directory: Gemeinden, Kreise and
    /// Regierungsbezirke whose keys the directory no longer has, each with its end and successor, parents before children.
    /// </summary>
    public static IReadOnlyList<ReferenceAreas.Row> Read(Stream stream, IReadOnlyList<ReferenceAreas.Row> directory)
    {
        using var document = JsonDocument.Parse(stream);
        var entries = new List<Entry>();
        foreach (var row in document.RootElement.GetProperty("daten").EnumerateArray())
        {
            string? Cell(int i) => row[i].ValueKind == JsonValueKind.String && row[i].GetString() is { Length: > 0 } s ? s : null;
            entries.Add(new Entry(Cell(1)!, Cell(2)!, Date(Cell(3)), Cell(4), Date(Cell(5)), Cell(6), Cell(9)));
        }

        var current = directory.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var rows = new List<ReferenceAreas.Row>();
        var formerGemeinden = new List<ReferenceAreas.Row>();
        foreach (var versions in entries.GroupBy(e => e.Key, StringComparer.Ordinal))
        {
            var last = versions.MaxBy(e => e.To ?? DateOnly.MaxValue)!;
            // The list's 31.12.2006 is its start, not the area's: the area existed before.
            var from = versions.Min(e => e.From) is { } start && start > new DateOnly(2006, 12, 31) ? start : (DateOnly?)null;
            if (last.Note == PartOfCity)
            {
                // A Bezirk or Ortsteil still in force: an official part of its city (Berlin 11000000, Hamburg 02000000).
                var city = versions.Key[..2] + "000000";
                if (last.To is null && current.TryGetValue(city, out var parent))
                {
                    // "Früher: Berlin-West": a statistical region of the divided city that the Regionalstatistik still keys.
                    var name = last.Name.StartsWith("Früher: ", StringComparison.Ordinal) ? $"{last.Name["Früher: ".Length..]} (früher)"
                        : versions.Key.StartsWith("11", StringComparison.Ordinal) ? $"{parent.Name}-{last.Name}" : last.Name;
                    rows.Add(new ReferenceAreas.Row(versions.Key, name, AreaLevel.Stadtteil, city) { OfficialName = last.Name });
                }
                continue;
            }
            // A key still in the directory is the same area (renamed, or a part given away); a key with no end in the list
            // but gone from the directory ended after 2021, when nobody here can say.
            if (current.ContainsKey(versions.Key) || last.To is null) continue;
            formerGemeinden.Add(new ReferenceAreas.Row(versions.Key, AreaDirectory.ShortName(last.Name), AreaLevel.Gemeinde, null)
            {
                OfficialName = last.Name, ValidFrom = from, ValidTo = last.To, SuccessorKey = last.Successor,
            });
        }

        // A Gemeinde merged into one that was itself merged later: its successor is the one in force at the end of the chain.
        var formerByKey = formerGemeinden.ToDictionary(g => g.Key, StringComparer.Ordinal);
        string? Final(string? successor)
        {
            for (var steps = 0; successor is not null && formerByKey.TryGetValue(successor, out var next) && steps < 20; steps++) successor = next.SuccessorKey;
            return successor;
        }

        // Former Kreise and Regierungsbezirke: key prefixes of former Gemeinden that the directory does not have.
        var former = new Dictionary<string, ReferenceAreas.Row>(StringComparer.Ordinal);
        void Former(string key, AreaLevel level, IEnumerable<ReferenceAreas.Row> members, int successorLength)
        {
            if (current.ContainsKey(key) || former.ContainsKey(key)) return;
            var list = members.ToList();
            var successors = list.Select(m => Final(m.SuccessorKey)).Where(s => s is { Length: 8 }).Select(s => s![..successorLength]).Distinct(StringComparer.Ordinal).ToList();
            former[key] = new ReferenceAreas.Row(key, PlaceholderName(level, key), level, null)
            {
                ValidFrom = list.Any(m => m.ValidFrom is null) ? null : list.Min(m => m.ValidFrom),
                ValidTo = list.Max(m => m.ValidTo),
                // One successor only when every part went to the same one (Göttingen and Osterode both into 03159).
                SuccessorKey = successors.Count == 1 ? successors[0] : null,
            };
        }
        foreach (var bezirk in formerGemeinden.Where(g => g.Key[2] != '0').GroupBy(g => g.Key[..3], StringComparer.Ordinal))
        {
            Former(bezirk.Key, AreaLevel.Regierungsbezirk, bezirk, 3);
        }
        foreach (var kreis in formerGemeinden.Where(g => g.Key[3..5] != "00").GroupBy(g => g.Key[..5], StringComparer.Ordinal))
        {
            Former(kreis.Key, AreaLevel.Kreis, kreis, 5);
        }

        string ParentOf(string key)
        {
            foreach (var length in new[] { 5, 3 })
            {
                if (key.Length > length && (current.ContainsKey(key[..length]) || former.ContainsKey(key[..length]))) return key[..length];
            }
            return key[..2];
        }
        rows.AddRange(former.Values.Select(r => r with { ParentKey = ParentOf(r.Key) }));
        rows.AddRange(formerGemeinden.Select(r => r with { ParentKey = ParentOf(r.Key) }));
        return rows;
    }

    /// <summary>
    /// The name people use, from a file's label of a former area: "Göttingen, Landkreis" → "Landkreis Göttingen",
    /// "Chemnitz, Regierungsbezirk" → "Regierungsbezirk Chemnitz", "Stralsund, Hansestadt,  kreisfreie Stadt" → "Stralsund".
    /// </summary>
    public static string NameFromLabel(string label)
    {
        var name = string.Join(' ', label.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        foreach (var (suffix, prefix) in new[] { (", Landkreis", "Landkreis "), (", Kreis", "Kreis "), (", Regierungsbezirk", "Regierungsbezirk ") })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal)) return prefix + name[..^suffix.Length];
        }
        return name.EndsWith(", kreisfreie Stadt", StringComparison.Ordinal) ? AreaDirectory.ShortName(name) : name;
    }

    static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text, "dd.MM.yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
