using System.Text.Json;
using System.Text.RegularExpressions;
using Monitoring.Core.Areas;

namespace Monitoring.Core.Indicators;

public enum Direction
{
    Up,
    Down,
    Neutral,
}

/// <summary>A variable the catalog's formulas may use, with the dimensions and values it comes in.</summary>
public sealed record CatalogVariable(string Code, string Label, string? Unit, string? Source, IReadOnlyDictionary<string, IReadOnlyList<string>> Dimensions);

/// <summary>
/// One indicator: numerator and denominator formulas (so that higher areas are computed from summed numerators and
/// denominators, never by averaging ratios), a factor (100 for percent, 1000 for per mille), and what users need to
/// read it: names, definition, unit, decimals, desired direction, field of action, minimum denominator, levels, source.
/// An indicator without denominator is derived from other indicators with <c>ind()</c> and is not aggregated.
/// </summary>
public sealed record Indicator
{
    public required string Code { get; init; }
    public required string NameDe { get; init; }
    public required string NameEn { get; init; }
    public required string Definition { get; init; }
    public required string Field { get; init; }
    public required string Numerator { get; init; }
    public string? Denominator { get; init; }
    public decimal Factor { get; init; } = 1;
    public required string Unit { get; init; }
    public int Decimals { get; init; } = 1;
    public Direction Direction { get; init; }
    public IReadOnlyList<string> Disaggregations { get; init; } = [];
    /// <summary>Below this denominator a value is marked unreliable.</summary>
    public decimal? MinDenominator { get; init; }
    public IReadOnlyList<AreaLevel> Levels { get; init; } = [];
    public required string Source { get; init; }
    public string? Note { get; init; }

    /// <summary>
    /// The groups the indicator is also computed for: one per value of each disaggregation dimension, as declared by the
    /// variables its formulas use, e.g. "STAGRP=UKR". Derived indicators (ind()) have none.
    /// </summary>
    public IReadOnlyList<Breakdown> Breakdowns(IReadOnlyList<CatalogVariable> variables)
    {
        var used = Formulas().SelectMany(f => f.Variables).Select(v => v.Code).ToHashSet(StringComparer.Ordinal);
        if (Formulas().Any(f => f.Indicators.Count > 0)) return [];
        var declared = variables.Where(v => used.Contains(v.Code)).ToList();
        return Disaggregations
            .SelectMany(dimension => declared.SelectMany(v => v.Dimensions.TryGetValue(dimension, out var values) ? values : []).Distinct(StringComparer.Ordinal)
                .Select(value => new Breakdown(dimension, value, declared.Where(v => v.Dimensions.ContainsKey(dimension)).Select(v => v.Code).ToHashSet(StringComparer.Ordinal))))
            .ToList();
    }

    /// <summary>The numerator's and (if any) the denominator's formula, parsed; formulas that do not parse are left out.</summary>
    public IEnumerable<Formula> Formulas() =>
        new[] { Numerator, Denominator }.OfType<string>().Select(text => Formula.Parse(text).Formula).OfType<Formula>();
}

/// <summary>One group of a disaggregation: every reference to a variable that has the dimension is narrowed to the value.</summary>
public sealed record Breakdown(string Dimension, string Value, IReadOnlySet<string> Variables)
{
    /// <summary>As stored: "STAGRP=UKR"; the total is "".</summary>
    public string Key => $"{Dimension}={Value}";

    /// <summary>The reference narrowed to this group; null when it already excludes the group (its column is then empty).</summary>
    public VariableReference? Narrow(VariableReference reference)
    {
        if (!Variables.Contains(reference.Code)) return reference;
        if (reference.Filters.TryGetValue(Dimension, out var allowed) && !allowed.Contains(Value)) return null;
        var filters = reference.Filters.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        filters[Dimension] = [Value];
        return reference with { Filters = filters };
    }
}

/// <summary>The indicator catalog shipped in <c>Monitoring.Core/Indicators/catalog.json</c>.</summary>
public sealed partial record IndicatorCatalog(IReadOnlyList<CatalogVariable> Variables, IReadOnlyList<Indicator> Indicators)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static IndicatorCatalog Shipped()
    {
        using var stream = typeof(IndicatorCatalog).Assembly.GetManifestResourceStream("indicator-catalog.json")!;
        return Read(stream);
    }

    public static IndicatorCatalog Read(Stream json) =>
        JsonSerializer.Deserialize<IndicatorCatalog>(json, Json) ?? throw new InvalidDataException("The indicator catalog is empty.");

    /// <summary>Every problem in the catalog, each naming the indicator, the part and (for formulas) the column.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var variables = Variables.Select(v => v.Code).ToHashSet(StringComparer.Ordinal);
        var dimensions = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var (dimension, values) in Variables.SelectMany(v => v.Dimensions))
        {
            dimensions[dimension] = (dimensions.TryGetValue(dimension, out var known) ? known : new HashSet<string>()).Union(values).ToHashSet(StringComparer.Ordinal);
        }
        var codes = Indicators.Select(i => i.Code).ToHashSet(StringComparer.Ordinal);

        foreach (var duplicate in Indicators.GroupBy(i => i.Code).Where(g => g.Count() > 1)) errors.Add($"{duplicate.Key}: the code is used {duplicate.Count()} times");
        foreach (var indicator in Indicators)
        {
            var at = indicator.Code;
            if (!Code().IsMatch(indicator.Code)) errors.Add($"{at}: a code is upper-case letters, digits and _, starting with a letter");
            if (string.IsNullOrWhiteSpace(indicator.NameDe) || string.IsNullOrWhiteSpace(indicator.NameEn)) errors.Add($"{at}: German and English names are required");
            if (string.IsNullOrWhiteSpace(indicator.Definition)) errors.Add($"{at}: the definition is required");
            if (indicator.Decimals is < 0 or > 4) errors.Add($"{at}: decimals must be between 0 and 4");
            if (indicator.Factor <= 0) errors.Add($"{at}: the factor must be positive");
            if (indicator.Levels.Count == 0) errors.Add($"{at}: name the levels the indicator exists for");
            foreach (var (part, text) in new[] { ("numerator", indicator.Numerator), ("denominator", indicator.Denominator) })
            {
                if (text is null) continue;
                var (formula, parseErrors) = Formula.Parse(text);
                var found = formula is null ? parseErrors : formula.Validate(variables, dimensions, codes);
                errors.AddRange(found.Select(e => $"{at}, {part}, {e}"));
                if (formula?.Indicators.Contains(indicator.Code) == true) errors.Add($"{at}, {part}: the indicator refers to itself");
                if (formula is { Indicators.Count: > 0 } && indicator.Denominator is not null) errors.Add($"{at}, {part}: ind() is only for derived indicators without denominator");
            }
            foreach (var dimension in indicator.Disaggregations.Where(d => !dimensions.ContainsKey(d))) errors.Add($"{at}: unknown disaggregation dimension '{dimension}'");
            if (indicator.Disaggregations.Count > 0 && indicator.Formulas().Any(f => f.Indicators.Count > 0)) errors.Add($"{at}: a derived indicator (ind()) has no disaggregations of its own");
        }
        return errors;
    }

    [GeneratedRegex("^[A-Z][A-Z0-9_]{1,39}$")]
    private static partial Regex Code();
}
