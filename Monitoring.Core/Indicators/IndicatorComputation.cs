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
            var outside = scope is null ? [] : hierarchy.ChildrenOutside(scope).ToList();
            var stored = scope is null ? [] : await StoredPartsAsync(connection, transaction, codes, outside, cancellationToken);
            var grid = await GridAsync(connection, transaction, scope is null ? hierarchy.Areas : [.. scope.Order(), .. outside], cancellationToken);
            var inScope = scope is null ? null : grid.Areas.Select(scope.Contains).ToArray();
            // Evaluation reads only observations, which a recompute never writes, so it runs on a connection of its own,
            // one indicator ahead of the comparison and writing on this one: the two cores work at once.
            await using var reading = await database.OpenAsync(cancellationToken);
            await using var columns = new VariableColumns(database, reading, grid, scope, catalog.Variables);
            var order = DependencyOrder(catalog.Indicators.Where(i => codes.Contains(i.Code)).ToList())
                .Select(i => (Indicator: i, Breakdowns: i.Breakdowns(catalog.Variables).Prepend(null).ToList()))
                .ToList();
            // Each variable column stays in memory from its first use to its last, not longer.
            foreach (var (indicator, breakdowns) in order)
            {
                foreach (var breakdown in breakdowns)
                {
                    foreach (var reference in new[] { indicator.Numerator, indicator.Denominator }.OfType<string>().SelectMany(text => References(text, breakdown))) columns.Expect(reference);
                }
            }
            await columns.ReadAheadAsync(cancellationToken);
            var results = Channel.CreateBounded<(Indicator Indicator, List<Computed> Computed)>(1);
            // A failure in the writing below stops the evaluation too, which would otherwise wait to hand over its next rows.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var evaluation = Task.Run(async () =>
            {
                try
                {
                    foreach (var (indicator, breakdowns) in order)
                    {
                        var indicatorResults = new List<Computed>();
                        foreach (var breakdown in breakdowns)
                        {
                            var key = breakdown?.Key ?? "";
                            var numerator = await EvaluateAsync(indicator.Numerator, grid, columns, computed, breakdown, stop.Token);
                            var denominator = indicator.Denominator is null ? null : await EvaluateAsync(indicator.Denominator, grid, columns, computed, breakdown, stop.Token);
                            var (top, bottom) = Parts(indicator, numerator, denominator, hierarchy, stored.GetValueOrDefault((indicator.Code, key)), scope);
                            var values = Values(indicator, top, bottom, inScope);
                            indicatorResults.Add(new Computed(key, values, top, bottom));
                            // Indicators derived with ind() use the totals.
                            if (breakdown is null) computed[indicator.Code] = values;
                        }
                        await results.Writer.WriteAsync((indicator, indicatorResults), stop.Token);
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
                await foreach (var (indicator, indicatorResults) in results.Reader.ReadAllAsync(cancellationToken))
                {
                    computedCount += indicatorResults.Sum(r => r.Values.Count);
                    List<object?[]> indicatorRows;
                    if (scope is null)
                    {
                        // A full recompute mostly finds what is stored: only what differs is written.
                        indicatorRows = await ChangedRowsAsync(database, connection, transaction, indicator, indicatorResults, now, cancellationToken);
                    }
                    else
                    {
                        indicatorRows = Rows(indicator, indicatorResults, now, null);
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

    /// <summary>One indicator's figures for one breakdown ("" for the total): values, numerators and denominators.</summary>
    sealed record Computed(string Breakdown, Column Values, Column Top, Column? Bottom);

    /// <summary>
    /// Compares an indicator's computed figures with the stored ones: deletes stored rows that are gone or differ, and
    /// returns the rows to insert (new or different). An unchanged value keeps its row and its computed-at time.
    /// </summary>
    static async Task<List<object?[]>> ChangedRowsAsync(Database database, DbConnection connection, DbTransaction transaction, Indicator indicator, List<Computed> computed,
        DateTime now, CancellationToken cancellationToken)
    {
        var byBreakdown = computed.ToDictionary(c => c.Breakdown, StringComparer.Ordinal);
        var unchanged = computed.ToDictionary(c => c.Breakdown, c => new bool[c.Values.Grid.Count], StringComparer.Ordinal);
        var stale = new List<(int Area, string Period, string Breakdown)>();
        // Every stored value passes here: read the provider's fastest way, as the observations are (VariableColumns),
        // and compared in place, without a string per row for the breakdown and the lineage.
        await using (var reader = await database.ReadRowsAsync(connection, transaction, SelectStoredValues, [("@Code", indicator.Code)], cancellationToken))
        {
            var (area, areaIndex, rows) = (-1, -1, 0);
            var (breakdown, current, same) = ((string?)null, (Computed?)null, (bool[]?)null);
            while (reader.Read())
            {
                if (++rows % 65536 == 0) cancellationToken.ThrowIfCancellationRequested();
                var rowArea = reader.Int(0);
                var year = reader.Int(1);
                if (breakdown is null || !reader.TextEquals(7, breakdown))
                {
                    breakdown = reader.Text(7)!;
                    current = byBreakdown.GetValueOrDefault(breakdown);
                    same = current is null ? null : unchanged[breakdown];
                    area = -1;
                }
                if (current is not null && rowArea != area) (area, areaIndex) = (rowArea, current.Values.Grid.AreaIndex(rowArea));
                var cell = current?.Values.Grid.CellAt(areaIndex, year) ?? -1;
                if (cell >= 0 && current!.Values.Present[cell]
                    && Same(reader.Real(2), current.Values.Values[cell])
                    && Same(reader.Real(3), current.Top.Values[cell])
                    && Same(reader.Real(4), indicator.Denominator is null ? double.NaN : current.Bottom!.Values[cell])
                    && reader.Int(5) == (int)current.Values.Flags[cell]
                    && reader.TextEquals(6, Lineage.OfId(current.Values.Sources[cell])?.Text))
                {
                    same![cell] = true;
                }
                else
                {
                    stale.Add((rowArea, year.ToString(CultureInfo.InvariantCulture), breakdown));
                }
            }
        }
        if (stale.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(DeleteValue, stale.Select(s => new { indicator.Code, s.Area, s.Period, s.Breakdown }), transaction, cancellationToken: cancellationToken));
        }
        return Rows(indicator, computed, now, unchanged);
    }

    /// <summary>A stored figure against a computed one; NaN is none.</summary>
    static bool Same(double stored, double computed) => stored == computed || (double.IsNaN(stored) && double.IsNaN(computed));

    /// <summary>The rows to store for the computed figures, leaving out those marked unchanged.</summary>
    static List<object?[]> Rows(Indicator indicator, List<Computed> computed, DateTime now, Dictionary<string, bool[]>? unchanged)
    {
        var rows = new List<object?[]>();
        foreach (var (breakdown, values, top, bottom) in computed)
        {
            var grid = values.Grid;
            var periods = Enumerable.Range(grid.FirstYear, grid.Years).Select(y => y.ToString(CultureInfo.InvariantCulture)).ToArray();
            var skip = unchanged?.GetValueOrDefault(breakdown);
            for (var cell = 0; cell < grid.Count; cell++)
            {
                if (!values.Present[cell] || skip?[cell] == true) continue;
                var value = values.At(cell);
                rows.Add([indicator.Code, grid.AreaOf(cell), periods[cell % grid.Years], breakdown, grid.YearOf(cell), value.Value, top.At(cell).Value,
                    indicator.Denominator is null ? null : bottom!.At(cell).Value, (int)value.Flags, now, value.Sources?.Text]);
            }
        }
        return rows;
    }


    /// <summary>
    /// Numerator and denominator per area and year where both exist, with the sums for higher areas (from
    /// <paramref name="outside"/>'s stored parts too, in an incremental computation). Derived indicators (ind()) are
    /// computed from their inputs' sums, not summed themselves.
    /// </summary>
    static (Column Top, Column? Bottom) Parts(Indicator indicator, Column numerator, Column? denominator, Aggregation hierarchy,
        Dictionary<(int Area, int Year), (Cell Top, Cell Bottom)>? outside, IReadOnlySet<int>? scope)
    {
        var grid = numerator.Grid;
        // A number alone is no figure of any area.
        var top = numerator.Constant is null ? numerator.Copy() : new Column(grid);
        Column? bottom = null;
        if (denominator is not null)
        {
            bottom = new Column(grid);
            for (var cell = 0; cell < grid.Count; cell++)
            {
                if (!top.Present[cell]) continue;
                if (denominator.Has(cell)) bottom.Set(cell, denominator.At(cell));
                else top.Remove(cell);
            }
        }
        if (!indicator.Formulas().Any(f => f.Indicators.Count > 0))
        {
            foreach (var ((area, year), (outsideTop, outsideBottom)) in outside ?? [])
            {
                var cell = grid.Cell(area, year);
                if (cell < 0 || top.Present[cell]) continue;
                top.Set(cell, outsideTop);
                bottom?.Set(cell, outsideBottom);
            }
            hierarchy.SumUp(top, bottom, indicator.Levels, scope);
        }
        return (top, bottom);
    }

    /// <summary>
    /// The indicator's value wherever it has parts (within the scope of an incremental computation): the ratio times the
    /// factor, or (without denominator) the numerator times the factor, as the evaluator combines any two columns.
    /// </summary>
    static Column Values(Indicator indicator, Column top, Column? bottom, bool[]? inScope)
    {
        var grid = top.Grid;
        var factor = (double)indicator.Factor;
        var values = bottom is null
            ? Evaluator.Pairwise(top, Column.Of(grid, new Cell(factor, QualityFlags.None)), (a, b) => a * b)
            : Evaluator.Pairwise(top, bottom, (a, b) => a / b * factor);
        var minimum = indicator.MinDenominator is decimal m ? (double)m : double.NaN;
        for (var cell = 0; cell < grid.Count; cell++)
        {
            if (!values.Present[cell]) continue;
            if (inScope?[cell / grid.Years] == false) values.Remove(cell);
            // A small base makes a ratio jumpy: the value stays, marked unreliable.
            else if (bottom?.Values[cell] < minimum) values.Flags[cell] |= QualityFlags.Unreliable;
        }
        return values;
    }

    /// <summary>
    /// The cells of a computation: the given areas over the years the observations span, and one more, into which
    /// prev() moves the last year's figures.
    /// </summary>
    static async Task<Grid> GridAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyList<int> areas, CancellationToken cancellationToken) =>
        await VariableColumns.YearsAsync(connection, transaction, cancellationToken) is var (first, last)
            ? new Grid(areas, first, last - first + 2)
            : new Grid(areas, DateTime.UtcNow.Year, 1);

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
        var grid = await GridAsync(connection, null, hierarchy.Areas, cancellationToken);
        // The declared dimension values say when a breakdown is whole; they are the shipped ones, as in every computation.
        var columns = new VariableColumns(database, connection, grid, null, (await LoadCatalogAsync(database, cancellationToken)).Variables);
        var used = new Dictionary<string, Column>(StringComparer.Ordinal);
        foreach (var code in indicator.Formulas().SelectMany(f => f.Indicators).Distinct())
        {
            var column = new Column(grid);
            var rows = await connection.QueryAsync<(long Area, long Year, double? Value, long Flags)>(new CommandDefinition(SelectStoredColumn, new { Code = code }, cancellationToken: cancellationToken));
            foreach (var (area, year, value, flags) in rows)
            {
                if (grid.Cell((int)area, (int)year) is var cell and >= 0) column.Set(cell, new Cell(value, (QualityFlags)flags & Cell.Inherited));
            }
            used[code] = column;
        }
        var numerator = await EvaluateAsync(indicator.Numerator, grid, columns, used, null, cancellationToken);
        var denominator = indicator.Denominator is null ? null : await EvaluateAsync(indicator.Denominator, grid, columns, used, null, cancellationToken);
        var (top, bottom) = Parts(indicator, numerator, denominator, hierarchy, null, null);
        return Values(indicator, top, bottom, null)
            .Select(v => (Cell: grid.Cell(v.Key.Area, v.Key.Year), v.Key, v.Value))
            .Select(v => new PreviewValue(v.Key.Area, v.Key.Year, v.Value, top.At(v.Cell).Value, bottom?.At(v.Cell).Value))
            .OrderBy(p => p.AreaId).ThenBy(p => p.Year)
            .ToList();
    }

    /// <summary>Above this many areas an import's recompute runs in full.</summary>
    const int IncrementalLimit = 2000;

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

    static async Task<Column> EvaluateAsync(string text, Grid grid, VariableColumns columns, Dictionary<string, Column> computed, Breakdown? breakdown, CancellationToken cancellationToken)
    {
        var (formula, errors) = Formula.Parse(text);
        if (formula is null) throw new InvalidDataException($"{text}: {string.Join("; ", errors)}");
        var loaded = new Dictionary<VariableReference, Column>(ReferenceEqualityComparer.Instance);
        var used = new List<VariableReference>();
        foreach (var reference in formula.Variables)
        {
            var narrowed = breakdown is null ? reference : breakdown.Narrow(reference);
            if (narrowed is not null) used.Add(narrowed);
            loaded[reference] = narrowed is null ? new Column(grid) : await columns.LoadAsync(narrowed, cancellationToken);
        }
        var result = Evaluator.Evaluate(formula, grid, reference => loaded[reference], code => computed.GetValueOrDefault(code) ?? new Column(grid));
        foreach (var reference in used) columns.Release(reference);
        return result;
    }

    /// <summary>The variable references a formula reads for a breakdown (as <see cref="EvaluateAsync"/> loads and releases them).</summary>
    static IEnumerable<VariableReference> References(string text, Breakdown? breakdown) =>
        (Formula.Parse(text).Formula?.Variables ?? []).Select(r => breakdown is null ? r : breakdown.Narrow(r)).OfType<VariableReference>();

    /// <summary>Indicators that use others with ind() come after them.</summary>
    static IEnumerable<Indicator> DependencyOrder(IReadOnlyList<Indicator> indicators)
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
