using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using System.Text.Json;
using Dapper;
using Monitoring.Core.Observations;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Indicators;

/// <summary>Computes the catalog's indicators from the stored observations and stores the values.</summary>
public static class IndicatorComputation
{
    /// <summary>What a computation did: indicators and values computed, values written (new or changed), time taken.</summary>
    public sealed record Result(int Indicators, int Values, int Written, TimeSpan Duration);

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
                var row = new { indicator.Code, indicator.Field, NameDe = indicator.NameDe, Definition = Serialize(indicator), Now = DateTime.UtcNow };
                changed += await connection.ExecuteAsync(new CommandDefinition(existing.Contains(indicator.Code) ? UpdateIndicator : InsertIndicator, row, transaction, cancellationToken: cancellationToken));
            }
            return changed;
        }, cancellationToken);

    /// <summary>The indicator as the database keeps it.</summary>
    public static string Serialize(Indicator indicator) => JsonSerializer.Serialize(indicator, Json);

    /// <summary>The catalog as stored (analysts' edits included), with the shipped variable declarations.</summary>
    public static async Task<IndicatorCatalog> LoadCatalogAsync(Database database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Every page asks for the catalog; it is read and parsed again only when an indicator changed.
        var version = await connection.QuerySingleAsync<(long Count, string? Latest)>(new CommandDefinition(SelectCatalogVersion, cancellationToken: cancellationToken));
        var key = $"{version.Count}|{version.Latest}";
        if (Catalogs.TryGetValue(database.Location, out var cached) && cached.Version == key) return cached.Catalog;
        var definitions = await connection.QueryAsync<string>(new CommandDefinition(SelectDefinitions, cancellationToken: cancellationToken));
        var catalog = IndicatorCatalog.Shipped() with { Indicators = definitions.Select(d => JsonSerializer.Deserialize<Indicator>(d, Json)!).ToList() };
        Catalogs[database.Location] = (key, catalog);
        return catalog;
    }

    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Version, IndicatorCatalog Catalog)> Catalogs = new(StringComparer.Ordinal);

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
        RecomputeAsync(database, catalog, catalog.Indicators.Select(i => i.Code).ToHashSet(StringComparer.Ordinal), null, cancellationToken);

    /// <summary>
    /// Recomputes the named indicators (close them over dependencies with <see cref="Affected"/>), replacing their stored
    /// values. Given <paramref name="areas"/> (those an import changed), only those areas and the areas above them are
    /// recomputed; the sums for the areas above use the stored figures of their other parts. A large set of areas is
    /// recomputed in full, which is then faster than looking up so many areas one by one.
    /// </summary>
    public static async Task<Result> RecomputeAsync(Database database, IndicatorCatalog catalog, IReadOnlySet<string> codes, IReadOnlyCollection<int>? areas = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var computed = new Dictionary<string, Column>(StringComparer.Ordinal);
        var computedCount = 0;
        var written = 0;
        var indicators = 0;
        var usedLater = catalog.Indicators.SelectMany(i => i.Formulas()).SelectMany(f => f.Indicators).ToHashSet(StringComparer.Ordinal);
        var now = DateTime.UtcNow;
        if (areas is { Count: > IncrementalLimit }) areas = null;
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            var hierarchy = await Aggregation.LoadAsync(connection, transaction, cancellationToken);
            var scope = areas is null ? null : hierarchy.WithAncestors(areas);
            var stored = scope is null ? [] : await StoredPartsAsync(connection, transaction, codes, hierarchy.ChildrenOutside(scope).ToList(), cancellationToken);
            // Evaluation reads only observations, which a recompute never writes, so it runs on a connection of its own,
            // one indicator ahead of the comparison and writing on this one: the two cores work at once.
            await using var reading = await database.OpenAsync(cancellationToken);
            var columns = new VariableColumns(reading, null, scope);
            var results = Channel.CreateBounded<(Indicator Indicator, List<object?[]> Rows)>(1);
            // A failure in the writing below stops the evaluation too, which would otherwise wait to hand over its next rows.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var evaluation = Task.Run(async () =>
            {
                try
                {
                    foreach (var indicator in DependencyOrder(catalog.Indicators.Where(i => codes.Contains(i.Code)).ToList()))
                    {
                        var indicatorRows = new List<object?[]>();
                        foreach (var breakdown in indicator.Breakdowns(catalog.Variables).Prepend(null))
                        {
                            var key = breakdown?.Key ?? "";
                            var numerator = await EvaluateAsync(indicator.Numerator, columns, computed, breakdown, stop.Token);
                            var denominator = indicator.Denominator is null ? null : await EvaluateAsync(indicator.Denominator, columns, computed, breakdown, stop.Token);
                            var parts = Parts(indicator, numerator, denominator, hierarchy, stored.GetValueOrDefault((indicator.Code, key)), scope);

                            var values = new Column();
                            foreach (var ((area, year), (top, bottom)) in parts)
                            {
                                if (scope is not null && !scope.Contains(area)) continue;
                                var value = Value(indicator, top, bottom);
                                values[(area, year)] = value;
                                indicatorRows.Add([indicator.Code, area, year.ToString(CultureInfo.InvariantCulture), key, year, value.Value, top.Value,
                                    indicator.Denominator is null ? null : bottom.Value, (int)value.Flags, now, value.Sources?.Text]);
                            }
                            // Indicators derived with ind() use the totals.
                            if (breakdown is null) computed[indicator.Code] = values;
                        }
                        await results.Writer.WriteAsync((indicator, indicatorRows), stop.Token);
                        // Only what another indicator uses with ind() stays in memory.
                        foreach (var done in computed.Keys.Where(code => !usedLater.Contains(code)).ToList()) computed.Remove(done);
                    }
                    results.Writer.Complete();
                }
                catch (Exception e)
                {
                    results.Writer.Complete(e);
                }
            }, stop.Token);

            try
            {
                await foreach (var (indicator, computedRows) in results.Reader.ReadAllAsync(cancellationToken))
                {
                    var indicatorRows = computedRows;
                    computedCount += indicatorRows.Count;
                    if (scope is null)
                    {
                        // A full recompute mostly finds what is stored: only what differs is written.
                        indicatorRows = await ChangedRowsAsync(connection, transaction, indicator.Code, indicatorRows, cancellationToken);
                    }
                    else
                    {
                        foreach (var areaChunk in scope.Chunk(1000))
                        {
                            await connection.ExecuteAsync(new CommandDefinition(DeleteValuesOfAreas, new { Codes = new[] { indicator.Code }, Areas = areaChunk }, transaction, cancellationToken: cancellationToken));
                        }
                    }
                    // Written indicator by indicator: memory holds one indicator's rows (and the next one's, being evaluated), never the table.
                    await database.BulkInsertAsync(connection, transaction, "indicator_values",
                        ["indicator_code", "area_id", "period", "breakdown", "year", "value", "numerator", "denominator", "flags", "computed_at", "import_runs"], indicatorRows, cancellationToken);
                    written += indicatorRows.Count;
                    indicators++;
                }
            }
            catch
            {
                await stop.CancelAsync();
                throw;
            }
            await evaluation;
            return 0;
        }, cancellationToken);
        return new Result(indicators, computedCount, written, clock.Elapsed);
    }

    /// <summary>
    /// Compares an indicator's computed rows with the stored ones: deletes stored rows that are gone or differ, and returns
    /// the rows to insert (new or different). An unchanged value keeps its row and its computed-at time.
    /// </summary>
    static async Task<List<object?[]>> ChangedRowsAsync(DbConnection connection, DbTransaction transaction, string code, List<object?[]> computed, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<(int Area, int Year, string Breakdown), (double? Value, double? Numerator, double? Denominator, int Flags, string? Runs)>();
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(SelectStoredValues, new { Code = code }, transaction, cancellationToken: cancellationToken)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                stored[(reader.GetInt32(0), reader.GetInt32(1), reader.GetString(7))] =
                    (Nullable(reader, 2), Nullable(reader, 3), Nullable(reader, 4), reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6));
            }
        }
        var changed = new List<object?[]>();
        var stale = new List<(int Area, string Period, string Breakdown)>();
        foreach (var row in computed)
        {
            var key = ((int)row[1]!, (int)row[4]!, (string)row[3]!);
            if (stored.Remove(key, out var old))
            {
                if (old == ((double?)row[5], (double?)row[6], (double?)row[7], (int)row[8]!, (string?)row[10])) continue;
                stale.Add((key.Item1, (string)row[2]!, key.Item3));
            }
            changed.Add(row);
        }
        stale.AddRange(stored.Keys.Select(k => (k.Area, k.Year.ToString(CultureInfo.InvariantCulture), k.Breakdown)));
        if (stale.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(DeleteValue, stale.Select(s => new { Code = code, s.Area, s.Period, s.Breakdown }), transaction, cancellationToken: cancellationToken));
        }
        return changed;
    }

    static double? Nullable(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    /// <summary>
    /// Numerator and denominator per area and year, with the sums for higher areas (from <paramref name="outside"/>'s
    /// stored parts too, in an incremental computation). Derived indicators (ind()) are computed from their inputs'
    /// sums, not summed themselves.
    /// </summary>
    static Dictionary<(int Area, int Year), (Cell Top, Cell Bottom)> Parts(Indicator indicator, Column numerator, Column? denominator, Aggregation hierarchy,
        Dictionary<(int Area, int Year), (Cell Top, Cell Bottom)>? outside, IReadOnlySet<int>? scope)
    {
        var parts = new Dictionary<(int Area, int Year), (Cell Top, Cell Bottom)>(numerator.Count);
        foreach (var (key, top) in numerator)
        {
            if (denominator is null) parts[key] = (top, default);
            else if (denominator.TryGetValue(key, out var bottom)) parts[key] = (top, bottom);
        }
        if (!indicator.Formulas().Any(f => f.Indicators.Count > 0))
        {
            if (outside is not null) foreach (var (key, part) in outside) parts.TryAdd(key, part);
            hierarchy.SumUp(parts, indicator.Levels, scope);
        }
        return parts;
    }

    /// <summary>One previewed value.</summary>
    public sealed record PreviewValue(int AreaId, int Year, Cell Value, double? Numerator, double? Denominator);

    /// <summary>
    /// Computes an indicator as it would be stored, without storing it: for an analyst checking a new or changed formula.
    /// Indicators it uses with ind() come from the stored values.
    /// </summary>
    public static async Task<IReadOnlyList<PreviewValue>> PreviewAsync(Database database, Indicator indicator, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var hierarchy = await Aggregation.LoadAsync(connection, null, cancellationToken);
        var columns = new VariableColumns(connection);
        var used = new Dictionary<string, Column>(StringComparer.Ordinal);
        foreach (var code in indicator.Formulas().SelectMany(f => f.Indicators).Distinct())
        {
            var column = new Column();
            var rows = await connection.QueryAsync<(long Area, long Year, double? Value, long Flags)>(new CommandDefinition(SelectStoredColumn, new { Code = code }, cancellationToken: cancellationToken));
            foreach (var (area, year, value, flags) in rows) column[((int)area, (int)year)] = new Cell(value, (QualityFlags)flags & Cell.Inherited);
            used[code] = column;
        }
        var numerator = await EvaluateAsync(indicator.Numerator, columns, used, null, cancellationToken);
        var denominator = indicator.Denominator is null ? null : await EvaluateAsync(indicator.Denominator, columns, used, null, cancellationToken);
        return Parts(indicator, numerator, denominator, hierarchy, null, null)
            .Select(p => new PreviewValue(p.Key.Area, p.Key.Year, Value(indicator, p.Value.Top, p.Value.Bottom), p.Value.Top.Value, indicator.Denominator is null ? null : p.Value.Bottom.Value))
            .OrderBy(p => p.AreaId).ThenBy(p => p.Year)
            .ToList();
    }

    /// <summary>Above this many areas an import's recompute runs in full.</summary>
    const int IncrementalLimit = 2000;

    /// <summary>The value from numerator and denominator: a ratio times the factor, or (without denominator) the numerator times the factor.</summary>
    static Cell Value(Indicator indicator, Cell top, Cell bottom)
    {
        if (indicator.Denominator is null) return Evaluator.Combine(top, new Cell((double)indicator.Factor, QualityFlags.None), (a, b) => a * b);
        var value = Evaluator.Combine(top, bottom, (a, b) => b == 0 ? null : a / b * (double)indicator.Factor);
        // A small base makes a ratio jumpy: the value stays, marked unreliable.
        if (indicator.MinDenominator is decimal minimum && bottom.Value is double b && b < (double)minimum) value = value with { Flags = value.Flags | QualityFlags.Unreliable };
        return value;
    }

    /// <summary>The stored numerators and denominators of areas outside an incremental computation, for the sums above them.</summary>
    static async Task<Dictionary<(string Code, string Breakdown), Dictionary<(int Area, int Year), (Cell Top, Cell Bottom)>>> StoredPartsAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlySet<string> codes, IReadOnlyList<int> areas, CancellationToken cancellationToken)
    {
        var result = new Dictionary<(string Code, string Breakdown), Dictionary<(int Area, int Year), (Cell Top, Cell Bottom)>>();
        foreach (var areaChunk in areas.Chunk(1000))
        {
            var rows = await connection.QueryAsync<(string Code, string Breakdown, long Area, long Year, double? Numerator, double? Denominator, long Flags, string? Runs)>(
                new CommandDefinition(SelectStoredParts, new { Codes = codes.ToList(), Areas = areaChunk }, transaction, cancellationToken: cancellationToken));
            foreach (var row in rows)
            {
                if (!result.TryGetValue((row.Code, row.Breakdown), out var parts)) result[(row.Code, row.Breakdown)] = parts = [];
                var flags = (QualityFlags)row.Flags & Cell.Inherited;
                var sources = Lineage.Parse(row.Runs);
                parts[((int)row.Area, (int)row.Year)] = (new Cell(row.Numerator, flags, sources), new Cell(row.Denominator, flags, sources));
            }
        }
        return result;
    }

    static async Task<Column> EvaluateAsync(string text, VariableColumns columns, Dictionary<string, Column> computed, Breakdown? breakdown, CancellationToken cancellationToken)
    {
        var (formula, errors) = Formula.Parse(text);
        if (formula is null) throw new InvalidDataException($"{text}: {string.Join("; ", errors)}");
        var loaded = new Dictionary<VariableReference, Column>(ReferenceEqualityComparer.Instance);
        foreach (var reference in formula.Variables)
        {
            var narrowed = breakdown is null ? reference : breakdown.Narrow(reference);
            loaded[reference] = narrowed is null ? new Column() : await columns.LoadAsync(narrowed, cancellationToken);
        }
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
    const string DeleteValue = "DELETE FROM indicator_values WHERE indicator_code = @Code AND area_id = @Area AND period = @Period AND breakdown = @Breakdown";
    const string SelectStoredValues =
        "SELECT area_id, CAST(year AS INT), value, numerator, denominator, flags, import_runs, breakdown FROM indicator_values WHERE indicator_code = @Code";
    const string DeleteValuesOfAreas = "DELETE FROM indicator_values WHERE indicator_code IN @Codes AND area_id IN @Areas";
    const string SelectStoredParts =
        "SELECT indicator_code, breakdown, area_id, CAST(year AS INT), numerator, denominator, flags, import_runs FROM indicator_values WHERE indicator_code IN @Codes AND area_id IN @Areas";

    const string SelectStoredColumn = "SELECT area_id, CAST(year AS INT), value, flags FROM indicator_values WHERE indicator_code = @Code AND breakdown = ''";

    const string SelectCatalogVersion = "SELECT COUNT(*), CAST(MAX(updated_at) AS VARCHAR(40)) FROM indicators";

    const string SelectDefinitions = "SELECT definition FROM indicators ORDER BY code";
}
