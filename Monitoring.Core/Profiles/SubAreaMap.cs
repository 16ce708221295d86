using System.Globalization;
using Monitoring.Core.Areas;
using Monitoring.Core.Indicators;
using Monitoring.Core.Observations;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Profiles;

/// <summary>
/// A Gemeinde's own areas (Sozialräume, Stadtteile) on their loaded boundaries, shaded by one indicator's latest values
/// (light = lowest, dark = highest); a value resting on a small count is secret unless revealed (<see cref="Disclosure"/>),
/// drawn white with <c>.</c>. The values stand in a table beside it as well.
/// </summary>
public sealed record SubAreaMap(Indicator Indicator, int Year, IReadOnlyList<SubAreaMap.Entry> Entries, string Svg, IReadOnlyList<Indicator> Choices)
{
    public sealed record Entry(string Key, string Name, double? Value, QualityFlags Flags);

    const string Lightest = "#e3eef7";
    const string Darkest = "#0b4f86";

    /// <summary>Null when none of the Gemeinde's own areas has a boundary or no indicator of their level has values.</summary>
    public static async Task<SubAreaMap?> ReadAsync(Database database, Area gemeinde, string? indicatorCode, bool reveal, CancellationToken cancellationToken = default)
    {
        var boundaries = await AreaBoundaries.BelowAsync(database, gemeinde.Key, cancellationToken);
        if (boundaries.Count == 0) return null;
        var areas = (await database.ListCurrentAsync(cancellationToken)).Where(a => a.ParentId == gemeinde.Id && boundaries.ContainsKey(a.Key)).ToList();
        var keys = areas.Select(a => a.Key).ToList();
        var catalog = await CatalogStore.LoadAsync(database, cancellationToken);
        var withValues = new List<(Indicator Indicator, IReadOnlyList<IndicatorValue> Values)>();
        foreach (var indicator in catalog.Indicators.Where(i => i.Levels.Any(l => l.IsSubMunicipal())).OrderBy(i => i.NameDe, German.Names))
        {
            var values = await database.ReadIndicatorValuesAsync(indicator.Code, keys, null, null, cancellationToken: cancellationToken, reveal: reveal);
            if (values.Count > 0) withValues.Add((indicator, values));
        }
        if (withValues.Count == 0) return null;
        var (chosen, all) = withValues.FirstOrDefault(w => w.Indicator.Code == indicatorCode) is { Indicator: not null } requested ? requested : withValues[0];
        var year = all.Max(v => v.Year);
        var latest = all.Where(v => v.Year == year).ToDictionary(v => v.AreaKey);
        var entries = areas.OrderBy(a => a.Name, German.Names)
            .Select(a => latest.TryGetValue(a.Key, out var v) ? new Entry(a.Key, a.Name, v.Value, v.Flags) : new Entry(a.Key, a.Name, null, QualityFlags.None))
            .ToList();
        var numbers = entries.Where(e => e.Value is not null).Select(e => e.Value!.Value).ToList();
        var (low, high) = numbers.Count == 0 ? (0.0, 0.0) : (numbers.Min(), numbers.Max());
        var shapes = entries.Select(e => new AreaBoundaries.Shape(e.Name, boundaries[e.Key],
            e.Value is double value ? Shade(high > low ? (value - low) / (high - low) : 0.5) : "#ffffff",
            latest.ContainsKey(e.Key) ? OfficialFormat.Format(e.Value, e.Flags, chosen.Decimals) : "keine Angabe")).ToList();
        var svg = AreaBoundaries.Svg(shapes, $"{chosen.NameDe} {year} in den Teilgebieten von {gemeinde.Name}");
        return new SubAreaMap(chosen, year, entries, svg, withValues.Select(w => w.Indicator).ToList());
    }

    /// <summary>The colour between lightest (0) and darkest (1).</summary>
    static string Shade(double share)
    {
        static int Channel(string colour, int at) => int.Parse(colour.AsSpan(at, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var mix = Enumerable.Range(0, 3).Select(i => (int)Math.Round(Channel(Lightest, 1 + 2 * i) + (Channel(Darkest, 1 + 2 * i) - Channel(Lightest, 1 + 2 * i)) * Math.Clamp(share, 0, 1)));
        return "#" + string.Concat(mix.Select(c => c.ToString("x2", CultureInfo.InvariantCulture)));
    }
}
