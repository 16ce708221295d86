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

/// <summary>
/// A variable the catalog's formulas may use, with the dimensions and values it comes in and the published tables that
/// deliver it. For official statistics the code, the dimensions and their values are the offices' own codes (BEVSTD,
/// NAT=NATA, ALTX21=ALT000B03), so that an imported table lands on the variable as it is.
/// </summary>
/// <param name="Code">The value variable's code; for the district's own data a code beginning with <see cref="OwnPrefix"/>.</param>
/// <param name="Label">The name users read.</param>
/// <param name="Unit">The unit, e.g. "Anzahl".</param>
/// <param name="Source">The statistic it comes from; "eigene Daten: …" for data no office publishes.</param>
/// <param name="Dimensions">The dimensions and the values a sum over them must hold.</param>
/// <param name="Tables">The offices' tables that deliver the variable; none for the district's own data.</param>
public sealed record CatalogVariable(string Code, string Label, string? Unit, string? Source, IReadOnlyDictionary<string, IReadOnlyList<string>> Dimensions,
    IReadOnlyList<PublishedTable>? Tables = null)
{
    /// <summary>How the codes of variables begin that no office publishes (the district's own data, "eigene Daten").</summary>
    public const string OwnPrefix = "EIG_";

    /// <summary>How the source of the district's own data begins.</summary>
    public const string OwnSource = "eigene Daten";

    /// <summary>Whether the variable is the district's own data rather than a published statistic.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsOwnData => Source?.StartsWith(OwnSource, StringComparison.Ordinal) == true;
}

/// <summary>
/// A published table that delivers a catalog variable, as the office publishes it. What was not verified against a real
/// export or the office's own table description is left empty and said so in <see cref="Note"/>: nothing is guessed.
/// </summary>
/// <param name="Office">"Regionalstatistik", "Landesdatenbank NRW", "GENESIS-Online" or "Bundesagentur für Arbeit".</param>
/// <param name="Table">The table's code (12411-03-03-4, 12521-03i); null where not verified.</param>
/// <param name="ValueVariable">The value variable's code in the office's export (BEVSTD); null where the office gives none or it was not verified.</param>
/// <param name="Classifications">The table's Merkmale with their attribute codes, as the office codes them.</param>
/// <param name="Depth">The lowest regional level the table is published at: Gemeinde, Kreis or Land.</param>
/// <param name="Verified">Where the codes were checked: a real export in the repository or an official address; null where they were not.</param>
/// <param name="Note">What to know when importing it, in German.</param>
/// <param name="Mapped">
/// A table CSV without a value variable code whose import lands on this variable by the shipped mapping (its table code
/// becomes the variable's code; see <see cref="IndicatorCatalog.TableVariables"/>): only where the table has this one content.
/// </param>
public sealed record PublishedTable(string Office, string? Table, string? ValueVariable, string? Classifications, AreaLevel Depth, string? Verified, string? Note = null,
    bool Mapped = false);

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
    /// <summary>The levels the indicator exists for: only those at which all its inputs are published (or the district's own data reach).</summary>
    public IReadOnlyList<AreaLevel> Levels { get; init; } = [];

    /// <summary>
    /// The lowest official level in <see cref="Levels"/> (Gemeinde, Kreis or Land): below it there are no values. The
    /// district's own sub-municipal areas do not count.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public AreaLevel Depth => Levels.Where(l => !l.IsSubMunicipal()).DefaultIfEmpty(AreaLevel.Land).Max();

    public required string Source { get; init; }
    public string? Note { get; init; }

    /// <summary>Whether its value is a structural feature of the peer groups (declared in the shipped catalog; an Analyst's edit keeps it).</summary>
    public bool PeerFeature { get; init; }

    /// <summary>
    /// The name of the peer groups' population-size feature its denominator gives (log10 of the residents: "EINW" for
    /// AUS_ANT), or null.
    /// </summary>
    public string? PeerSizeFeature { get; init; }

    /// <summary>
    /// The groups the indicator is also computed for: one per value of each disaggregation dimension, as declared by the
    /// variables its formulas use, e.g. "EIG_STAGRP=EIG_UKR". Derived indicators (ind()) have none.
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
    /// <summary>As stored: "EIG_STAGRP=EIG_UKR"; the total is "".</summary>
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
    static JsonSerializerOptions Json => StoredJson.Options;

    /// <summary>The catalog shipped in this assembly: read and parsed once, since it never changes (a constant, not a cache of data).</summary>
    public static IndicatorCatalog Shipped() => ShippedCatalog.Value;

    static readonly Lazy<IndicatorCatalog> ShippedCatalog = new(() =>
    {
        using var stream = typeof(IndicatorCatalog).Assembly.GetManifestResourceStream("indicator-catalog.json")!;
        return Read(stream);
    });

    /// <summary>The peer groups' features in the order the grouping uses them: the size features first, then the indicators' values.</summary>
    public IReadOnlyList<string> PeerFeatures() =>
        [.. Indicators.Select(i => i.PeerSizeFeature).OfType<string>(), .. Indicators.Where(i => i.PeerFeature).Select(i => i.Code)];

    /// <summary>The indicators the peer groups rest on: when an import recomputed one of them, the groups are formed anew.</summary>
    public IReadOnlySet<string> PeerInputs() =>
        Indicators.Where(i => i.PeerFeature || i.PeerSizeFeature is not null).Select(i => i.Code).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The shipped mapping of known table CSVs to the variable they feed: a table whose export carries no value variable
    /// code (IT.NRW 12521-03i) and that the catalog names for exactly one variable (AZR_AUSLAENDER). Its import lands on
    /// that variable without hand work; a source's own <c>table.variableCode</c> still wins.
    /// </summary>
    public IReadOnlyDictionary<string, string> TableVariables() =>
        Variables.SelectMany(v => (v.Tables ?? []).Where(t => t.Table is not null && t.Mapped).Select(t => (Table: t.Table!, Variable: v.Code)))
            .GroupBy(t => t.Table, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Select(t => t.Variable).Distinct(StringComparer.Ordinal).Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().Variable, StringComparer.OrdinalIgnoreCase);

    public static IndicatorCatalog Read(Stream json) =>
        JsonSerializer.Deserialize<IndicatorCatalog>(json, Json) ?? throw new InvalidDataException("Der Indikatorenkatalog ist leer.");

    /// <summary>How a problem names the numerator's formula, after the indicator: "CODE, Zähler, Spalte 4: …".</summary>
    public const string NumeratorPart = "Zähler";

    /// <summary>How a problem names the denominator's formula, after the indicator: "CODE, Nenner, Spalte 4: …".</summary>
    public const string DenominatorPart = "Nenner";

    /// <summary>Every problem in the catalog (in German), each naming the indicator, the part and (for formulas) the column.</summary>
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

        foreach (var duplicate in Indicators.GroupBy(i => i.Code).Where(g => g.Count() > 1)) errors.Add($"{duplicate.Key}: der Code kommt {duplicate.Count()}-mal vor");
        foreach (var indicator in Indicators)
        {
            var at = indicator.Code;
            if (!Code().IsMatch(indicator.Code)) errors.Add($"{at}: ein Code besteht aus 2 bis 40 Großbuchstaben, Ziffern und _ und beginnt mit einem Buchstaben");
            if (string.IsNullOrWhiteSpace(indicator.NameDe) || string.IsNullOrWhiteSpace(indicator.NameEn)) errors.Add($"{at}: der deutsche und der englische Name sind Pflicht");
            if (string.IsNullOrWhiteSpace(indicator.Definition)) errors.Add($"{at}: die Definition ist Pflicht");
            if (indicator.Decimals is < 0 or > 4) errors.Add($"{at}: die Nachkommastellen liegen zwischen 0 und 4");
            if (indicator.Factor <= 0) errors.Add($"{at}: der Faktor muss größer als 0 sein");
            if (indicator.Levels.Count == 0) errors.Add($"{at}: bitte die Ebenen nennen, für die es den Indikator gibt");
            foreach (var (part, text) in new[] { (NumeratorPart, indicator.Numerator), (DenominatorPart, indicator.Denominator) })
            {
                if (text is null) continue;
                var (formula, parseErrors) = Formula.Parse(text);
                var found = formula is null ? parseErrors : formula.Validate(variables, dimensions, codes);
                errors.AddRange(found.Select(e => $"{at}, {part}, {e}"));
                if (formula?.Indicators.Contains(indicator.Code) == true) errors.Add($"{at}, {part}: der Indikator verweist auf sich selbst");
                if (formula is { Indicators.Count: > 0 } && indicator.Denominator is not null) errors.Add($"{at}, {part}: ind() gibt es nur in abgeleiteten Indikatoren ohne Nenner");
            }
            foreach (var dimension in indicator.Disaggregations.Where(d => !dimensions.ContainsKey(d))) errors.Add($"{at}: unbekanntes Merkmal „{dimension}“ für die Aufgliederung");
            if (indicator.Disaggregations.Count > 0 && indicator.Formulas().Any(f => f.Indicators.Count > 0)) errors.Add($"{at}: ein abgeleiteter Indikator (ind()) hat keine eigenen Aufgliederungen");
        }
        return errors;
    }

    [GeneratedRegex("^[A-Z][A-Z0-9_]{1,39}$")]
    private static partial Regex Code();
}
