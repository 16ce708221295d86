using Monitoring.Core.Areas;

namespace Monitoring.Core.Indicators;

/// <summary>
/// An indicator's values for the parts of an area in one year, ranked, with the area itself and the Land (the area
/// above it where no Land is) as references: the comparison page and the comparison chart alike.
/// </summary>
public sealed record AreaComparison(Indicator Indicator, Area Parent, IReadOnlyList<Area> Parts, IReadOnlyList<int> Years, int? Year,
    IReadOnlyList<(Area Area, double Value)> Ranked, IReadOnlyList<(Area Area, double? Value)> References)
{
    /// <summary>
    /// The comparison in <paramref name="year"/>, or in the latest year with a value for a part. Ranked from the highest
    /// value; parts without a value in the year are left out, references without one are kept with none.
    /// </summary>
    public static async Task<AreaComparison> ReadAsync(Storage.Database database, Indicator indicator, Area parent, int? year, CancellationToken cancellationToken = default)
    {
        var areas = await database.ListCurrentAsync(cancellationToken);
        var parts = AreaNode.PartsOf(areas, parent);
        // The reference above is the Land (NRW for a Kreis), not the Regierungsbezirk in between.
        var above = AreaNode.Land(areas, parent);
        var keys = parts.Select(c => c.Key).Append(parent.Key).Concat(above is null ? [] : [above.Key]).ToList();
        var values = await database.ReadIndicatorValuesAsync(indicator.Code, keys, null, null, cancellationToken: cancellationToken);
        var partKeys = parts.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var years = values.Where(v => v.Value is not null && partKeys.Contains(v.AreaKey)).Select(v => v.Year).Distinct().Order().ToList();
        year ??= years.Count > 0 ? years[^1] : null;
        var inYear = values.Where(v => v.Year == year && v.Value is not null).ToDictionary(v => v.AreaKey, v => v.Value!.Value);
        var ranked = parts.Where(c => inYear.ContainsKey(c.Key)).Select(c => (c, inYear[c.Key])).OrderByDescending(x => x.Item2).ToList();
        var references = new[] { parent, above }.OfType<Area>().Select(a => (a, inYear.TryGetValue(a.Key, out var v) ? v : (double?)null)).ToList();
        return new AreaComparison(indicator, parent, parts, years, year, ranked, references);
    }
}
