namespace Monitoring.Core.Indicators;

/// <summary>Which indicators depend on which variables and indicators: what a change closes over, and the order of computation.</summary>
public static class IndicatorDependencies
{
    /// <summary>The indicators to recompute when these variables changed: those using them, what those use, and what uses those.</summary>
    public static IReadOnlySet<string> Affected(IndicatorCatalog catalog, IEnumerable<string> variables)
    {
        var changed = variables.ToHashSet(StringComparer.Ordinal);
        var uses = catalog.Indicators.ToDictionary(i => i.Code, i => References(i).ToList(), StringComparer.Ordinal);
        var affected = catalog.Indicators
            .Where(i => i.Formulas().Any(f => f.Variables.Any(v => changed.Contains(v.Code))))
            .Select(i => i.Code)
            .ToHashSet(StringComparer.Ordinal);
        for (var grew = true; grew;)
        {
            var before = affected.Count;
            foreach (var (code, dependencies) in uses)
            {
                if (dependencies.Any(affected.Contains)) affected.Add(code);          // uses an affected indicator
                if (affected.Contains(code)) affected.UnionWith(dependencies);       // needs its inputs computed alongside
            }
            grew = affected.Count > before;
        }
        return affected;
    }

    /// <summary>The variable references a formula reads for a breakdown (as the computation loads and releases them).</summary>
    internal static IEnumerable<VariableReference> References(string text, Breakdown? breakdown) =>
        (Formula.Parse(text).Formula?.Variables ?? []).Select(r => breakdown is null ? r : breakdown.Narrow(r)).OfType<VariableReference>();

    /// <summary>Indicators that use others with ind() come after them.</summary>
    internal static IEnumerable<Indicator> DependencyOrder(IReadOnlyList<Indicator> indicators)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var pending = indicators.ToList();
        while (pending.Count > 0)
        {
            var ready = pending.Where(i => References(i).All(code => done.Contains(code) || !pending.Any(p => p.Code == code))).ToList();
            if (ready.Count == 0) throw new InvalidDataException($"Indikatoren verweisen im Kreis aufeinander: {string.Join(", ", pending.Select(i => i.Code))}");
            foreach (var indicator in ready)
            {
                done.Add(indicator.Code);
                pending.Remove(indicator);
                yield return indicator;
            }
        }
    }

    static IEnumerable<string> References(Indicator indicator) => indicator.Formulas().SelectMany(f => f.Indicators);
}
