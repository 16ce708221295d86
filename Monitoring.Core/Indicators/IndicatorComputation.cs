using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Monitoring.Core.Observations;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Indicators;

/// <summary>Computes the catalog's indicators from the stored observations and stores the values.</summary>
public static class IndicatorComputation
{
    public sealed record Result(int Indicators, int Values, TimeSpan Duration);

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>Brings the stored catalog in line with the shipped one; indicators an analyst edited are left as they are.</summary>
    public static Task<int> SeedCatalogAsync(Database database, IndicatorCatalog catalog, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var edited = (await connection.QueryAsync<string>(new CommandDefinition(SelectEdited, transaction: transaction, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
            var existing = (await connection.QueryAsync<string>(new CommandDefinition(SelectCodes, transaction: transaction, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
            var changed = 0;
            foreach (var indicator in catalog.Indicators.Where(i => !edited.Contains(i.Code)))
            {
                var row = new { indicator.Code, indicator.Field, NameDe = indicator.NameDe, Definition = JsonSerializer.Serialize(indicator, Json), Now = DateTime.UtcNow };
                changed += await connection.ExecuteAsync(new CommandDefinition(existing.Contains(indicator.Code) ? UpdateIndicator : InsertIndicator, row, transaction, cancellationToken: cancellationToken));
            }
            return changed;
        }, cancellationToken);

    /// <summary>The catalog as stored (analysts' edits included), with the shipped variable declarations.</summary>
    public static async Task<IndicatorCatalog> LoadCatalogAsync(Database database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var definitions = await connection.QueryAsync<string>(new CommandDefinition(SelectDefinitions, cancellationToken: cancellationToken));
        return IndicatorCatalog.Shipped() with { Indicators = definitions.Select(d => JsonSerializer.Deserialize<Indicator>(d, Json)!).ToList() };
    }

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

    /// <summary>Recomputes every indicator for every area and period, replacing the stored values in one transaction.</summary>
    public static Task<Result> RecomputeAllAsync(Database database, IndicatorCatalog catalog, CancellationToken cancellationToken = default) =>
        RecomputeAsync(database, catalog, catalog.Indicators.Select(i => i.Code).ToHashSet(StringComparer.Ordinal), cancellationToken);

    /// <summary>Recomputes the named indicators (with <see cref="Affected"/> closed over dependencies), replacing their stored values.</summary>
    public static async Task<Result> RecomputeAsync(Database database, IndicatorCatalog catalog, IReadOnlySet<string> codes, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var computed = new Dictionary<string, Column>(StringComparer.Ordinal);
        var rows = new List<object?[]>();
        var now = DateTime.UtcNow;
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            var columns = new VariableColumns(connection);
            foreach (var indicator in DependencyOrder(catalog.Indicators.Where(i => codes.Contains(i.Code)).ToList()))
            {
                var numerator = await EvaluateAsync(indicator.Numerator, columns, computed, cancellationToken);
                var denominator = indicator.Denominator is null ? null : await EvaluateAsync(indicator.Denominator, columns, computed, cancellationToken);
                var values = new Column();
                foreach (var (key, top) in numerator)
                {
                    Cell value;
                    double? bottomValue = null;
                    if (denominator is null)
                    {
                        value = Evaluator.Combine(top, new Cell((double)indicator.Factor, QualityFlags.None), (a, b) => a * b);
                    }
                    else
                    {
                        if (!denominator.TryGetValue(key, out var bottom)) continue;
                        bottomValue = bottom.Value;
                        value = Evaluator.Combine(top, bottom, (a, b) => b == 0 ? null : a / b * (double)indicator.Factor);
                        // A small base makes a ratio jumpy: the value stays, marked unreliable.
                        if (indicator.MinDenominator is decimal minimum && bottom.Value is double b && b < (double)minimum) value = value with { Flags = value.Flags | QualityFlags.Unreliable };
                    }
                    values[key] = value;
                    rows.Add([indicator.Code, key.Area, key.Period, int.Parse(key.Period, System.Globalization.CultureInfo.InvariantCulture),
                        value.Value, top.Value, bottomValue, (int)value.Flags, now]);
                }
                computed[indicator.Code] = values;
            }

            foreach (var chunk in computed.Keys.Chunk(500))
            {
                await connection.ExecuteAsync(new CommandDefinition(DeleteValues, new { Codes = chunk }, transaction, cancellationToken: cancellationToken));
            }
            await database.BulkInsertAsync(connection, transaction, "indicator_values",
                ["indicator_code", "area_id", "period", "year", "value", "numerator", "denominator", "flags", "computed_at"], rows, cancellationToken);
            return 0;
        }, cancellationToken);
        return new Result(computed.Count, rows.Count, clock.Elapsed);
    }

    static async Task<Column> EvaluateAsync(string text, VariableColumns columns, Dictionary<string, Column> computed, CancellationToken cancellationToken)
    {
        var (formula, errors) = Formula.Parse(text);
        if (formula is null) throw new InvalidDataException($"{text}: {string.Join("; ", errors)}");
        var loaded = new Dictionary<VariableReference, Column>(ReferenceEqualityComparer.Instance);
        foreach (var reference in formula.Variables) loaded[reference] = await columns.LoadAsync(reference, cancellationToken);
        return Evaluator.Evaluate(formula, reference => loaded[reference], code => computed.GetValueOrDefault(code) ?? new Column());
    }

    /// <summary>Indicators that use others with ind() come after them.</summary>
    static IEnumerable<Indicator> DependencyOrder(IReadOnlyList<Indicator> indicators)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var pending = indicators.ToList();
        while (pending.Count > 0)
        {
            var ready = pending.Where(i => References(i).All(code => done.Contains(code) || !pending.Any(p => p.Code == code))).ToList();
            if (ready.Count == 0) throw new InvalidDataException($"indicators refer to each other in a circle: {string.Join(", ", pending.Select(i => i.Code))}");
            foreach (var indicator in ready)
            {
                done.Add(indicator.Code);
                pending.Remove(indicator);
                yield return indicator;
            }
        }
    }

    static IEnumerable<string> References(Indicator indicator) => indicator.Formulas().SelectMany(f => f.Indicators);

    const string SelectEdited = "SELECT code FROM indicators WHERE edited = 1";
    const string SelectCodes = "SELECT code FROM indicators";
    const string InsertIndicator = "INSERT INTO indicators (code, field, name_de, definition, edited, updated_at) VALUES (@Code, @Field, @NameDe, @Definition, 0, @Now)";
    const string UpdateIndicator = "UPDATE indicators SET field = @Field, name_de = @NameDe, definition = @Definition, updated_at = @Now WHERE code = @Code AND definition <> @Definition";
    const string DeleteValues = "DELETE FROM indicator_values WHERE indicator_code IN @Codes";

    const string SelectDefinitions = "SELECT definition FROM indicators ORDER BY code";
}
