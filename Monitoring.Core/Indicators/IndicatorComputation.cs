using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using Dapper;
using Monitoring.Core.Observations;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Indicators;

/// <summary>
/// The recompute pipeline: computes the catalog's indicators from the stored observations over a grid of areas and years
/// and stores the values. Its steps live beside it: <see cref="IndicatorDependencies"/> (what to compute, in which order),
/// <see cref="AreaSums"/> (sums for higher areas), <see cref="StoredValueComparison"/> (write only what changed).
/// </summary>
public static class IndicatorComputation
{
    /// <summary>What a computation did: indicators and values computed, values written (new or changed), time taken.</summary>
    public sealed record Result(int Indicators, int Values, int Written, TimeSpan Duration);

    /// <summary>Recomputes every indicator for every area and period, replacing the stored values in one transaction.</summary>
    public static Task<Result> RecomputeAllAsync(Database database, IndicatorCatalog catalog, CancellationToken cancellationToken = default) =>
        RecomputeAsync(database, catalog, catalog.Indicators.Select(i => i.Code).ToHashSet(StringComparer.Ordinal), null, cancellationToken);

    /// <summary>
    /// Recomputes the named indicators (close them over dependencies with <see cref="IndicatorDependencies.Affected"/>), replacing their stored
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
            var order = IndicatorDependencies.DependencyOrder(catalog.Indicators.Where(i => codes.Contains(i.Code)).ToList())
                .Select(i => (Indicator: i, Breakdowns: i.Breakdowns(catalog.Variables).Prepend(null).ToList()))
                .ToList();
            // Each variable column stays in memory from its first use to its last, not longer.
            foreach (var (indicator, breakdowns) in order)
            {
                foreach (var breakdown in breakdowns)
                {
                    foreach (var reference in new[] { indicator.Numerator, indicator.Denominator }.OfType<string>().SelectMany(text => IndicatorDependencies.References(text, breakdown))) columns.Expect(reference);
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
                            var (top, bottom) = AreaSums.Parts(indicator, numerator, denominator, hierarchy, stored.GetValueOrDefault((indicator.Code, key)), scope);
                            var values = AreaSums.Values(indicator, top, bottom, inScope);
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
                        indicatorRows = await StoredValueComparison.ChangedRowsAsync(database, connection, transaction, indicator, indicatorResults, now, cancellationToken);
                    }
                    else
                    {
                        indicatorRows = StoredValueComparison.Rows(indicator, indicatorResults, now, null);
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
    internal sealed record Computed(string Breakdown, Column Values, Column Top, Column? Bottom);

    /// <summary>
    /// The cells of a computation: the given areas over the years the observations span, and one more, into which
    /// prev() moves the last year's figures.
    /// </summary>
    internal static async Task<Grid> GridAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyList<int> areas, CancellationToken cancellationToken) =>
        await VariableColumns.YearsAsync(connection, transaction, cancellationToken) is var (first, last)
            ? new Grid(areas, first, last - first + 2)
            : new Grid(areas, DateTime.UtcNow.Year, 1);

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

    internal static async Task<Column> EvaluateAsync(string text, Grid grid, VariableColumns columns, Dictionary<string, Column> computed, Breakdown? breakdown, CancellationToken cancellationToken)
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

    const string DeleteValuesOfAreas = "DELETE FROM indicator_values WHERE indicator_code IN @Codes AND area_id IN @Areas";
    const string SelectStoredParts =
        "SELECT indicator_code, breakdown, area_id, CAST(year AS INT), numerator, denominator, flags, import_runs FROM indicator_values WHERE indicator_code IN @Codes AND area_id IN @Areas";
}
