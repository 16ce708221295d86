using Monitoring.Core.Areas;

namespace Monitoring.Ingestion.Tabular;

/// <summary>
/// The area of each row of an analyst's file, the one rule the check before an import (<see cref="TabularCheck"/>) and
/// the import itself follow: an official key as written, or a name, first as the analyst confirmed it for this source
/// (<see cref="TabularMapping.AreaNames"/>), then through the directory (<see cref="AreaNames"/>). Each distinct cell
/// is resolved once.
/// </summary>
public sealed class TabularAreas(AreaNames names, TabularMapping mapping)
{
    /// <summary>A cell's area: its key and name, or the problem (no area, several) with the candidates to choose from.</summary>
    public sealed record Resolution(string? Key, string? Name, AreaNames.Match? Problem);

    readonly Dictionary<string, Resolution> resolved = new(StringComparer.OrdinalIgnoreCase);
    readonly Dictionary<string, string> confirmed = new(mapping.AreaNames.Select(c => KeyValuePair.Create(c.Key.Trim(), c.Value)), StringComparer.OrdinalIgnoreCase);

    public Resolution Resolve(string inFile)
    {
        var cell = inFile.Trim();
        if (resolved.TryGetValue(cell, out var known)) return known;
        var resolution = mapping.AreaBy == AreaIdentifier.Key ? ByKey(cell) : ByName(cell);
        resolved[cell] = resolution;
        return resolution;
    }

    Resolution ByKey(string key)
    {
        // A 12-digit ARS (Zensus tables) stands for its AGS, as the import reads it.
        var area = names.Area(key) ?? (key.Length == 12 ? names.Area(string.Concat(key.AsSpan(0, 5), key.AsSpan(9, 3))) : null);
        return area is null ? new Resolution(null, null, new AreaNames.Match(AreaNames.MatchKind.Unknown, null, [])) : new Resolution(area.Key, area.Name, null);
    }

    Resolution ByName(string name)
    {
        if (confirmed.TryGetValue(name, out var key))
        {
            // Confirmed as none of ours: unknown on purpose, listed with its rows, no suggestions.
            if (key.Length == 0) return new Resolution(null, null, new AreaNames.Match(AreaNames.MatchKind.Unknown, null, []));
            if (names.Area(key) is { } area) return new Resolution(area.Key, area.Name, null);
        }
        var match = names.Find(name);
        return match.Kind == AreaNames.MatchKind.Found ? new Resolution(match.Key, match.Candidates[0].Name, null) : new Resolution(null, null, match);
    }
}
