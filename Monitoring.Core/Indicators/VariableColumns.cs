using System.Data.Common;
using Dapper;
using Monitoring.Core.Observations;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Indicators;

/// <summary>
/// Supplies the column of a variable reference from stored observations, within one computation.
/// A reference <c>v(X, filters)</c> is answered from the coarsest stored breakdown that can answer it: the exact
/// combination if stored (a total row), otherwise the breakdown with the fewest other dimensions, summed over them.
/// Files often carry totals and breakdowns side by side; summing everything would count twice.
/// A sum has no value when one of its parts has none (a secret cell hides the total too).
/// Indicators are annual: columns are keyed by year, so that flows (per year) and stocks (at a reference date) combine;
/// where a variable has several reference dates in one year, the latest counts.
/// </summary>
/// <param name="database">The database, for its fastest way to read many rows.</param>
/// <param name="connection">An open connection.</param>
/// <param name="grid">The cells of the computation; observations of other areas or years are not read or are skipped.</param>
/// <param name="areas">Only these areas (an incremental computation), or null for all.</param>
public sealed class VariableColumns(Database database, DbConnection connection, Grid grid, IReadOnlyCollection<int>? areas = null) : IAsyncDisposable
{
    readonly Dictionary<string, Column> cache = new(StringComparer.Ordinal);
    readonly Dictionary<string, (VariableReference Reference, int Uses)> expected = new(StringComparer.Ordinal);
    readonly List<string> firstUse = [];
    readonly Dictionary<string, Task<List<(string Key, Column Column)>>> ahead = new(StringComparer.Ordinal);
    readonly SemaphoreSlim aheadSlots = new(AheadLimit);
    CancellationTokenSource? stopReading;
    Task? reading;
    Dictionary<string, int>? variables;
    Dictionary<int, Dictionary<string, string>>? sets;
    ILookup<int, int>? setsOfVariable;

    /// <summary>
    /// Announces a use of the reference: its column is read together with the other references to the same variable,
    /// in one pass over the variable's observations, and kept until <see cref="Release"/> was called as often.
    /// </summary>
    public void Expect(VariableReference reference)
    {
        var key = Key(reference);
        if (!firstUse.Contains(reference.Code)) firstUse.Add(reference.Code);
        expected[key] = (reference, expected.GetValueOrDefault(key).Uses + 1);
    }

    /// <summary>Variables read ahead and not yet used: each holds its columns, so memory bounds this.</summary>
    const int AheadLimit = 2;

    /// <summary>
    /// Starts reading the expected references' variables, in the order of their first use, on a connection of its own:
    /// reading observations is most of a computation's work, and this way it runs on one core while the formulas are
    /// evaluated on another. Call after the last <see cref="Expect"/>; stopped by disposing.
    /// </summary>
    public async Task ReadAheadAsync(CancellationToken cancellationToken)
    {
        await LoadDictionariesAsync(cancellationToken);
        var plan = new List<(int Variable, List<(string Key, List<int> Sets)> Batch, TaskCompletionSource<List<(string, Column)>> Done)>();
        foreach (var code in firstUse)
        {
            if (!variables!.TryGetValue(code, out var variableId)) continue;
            var batch = Targets(variableId, expected.Where(e => e.Value.Reference.Code == code).Select(e => (e.Key, e.Value.Reference)));
            var done = new TaskCompletionSource<List<(string, Column)>>(TaskCreationOptions.RunContinuationsAsynchronously);
            ahead[code] = done.Task;
            plan.Add((variableId, batch, done));
        }
        stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stop = stopReading.Token;
        reading = Task.Run(async () =>
        {
            try
            {
                await using var own = await database.OpenAsync(stop);
                foreach (var (variableId, batch, done) in plan)
                {
                    await aheadSlots.WaitAsync(stop);
                    // The columns come into being only now: allocated for all variables at once, they would hold memory for nothing.
                    done.SetResult(await ReadColumnsAsync(own, variableId, batch, stop));
                }
            }
            catch (Exception e)
            {
                // Whoever waits for a variable learns why it will not come.
                foreach (var (_, _, done) in plan) done.TrySetException(e);
            }
        }, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (reading is not null)
        {
            await stopReading!.CancelAsync();
            await reading;
            stopReading.Dispose();
        }
        aheadSlots.Dispose();
    }

    /// <summary>Ends one announced use; the column is dropped after the last, so that memory holds what is still needed.</summary>
    public void Release(VariableReference reference)
    {
        var key = Key(reference);
        if (!expected.TryGetValue(key, out var entry)) return;
        if (entry.Uses > 1) expected[key] = entry with { Uses = entry.Uses - 1 };
        else
        {
            expected.Remove(key);
            cache.Remove(key);
        }
    }

    public async Task<Column> LoadAsync(VariableReference reference, CancellationToken cancellationToken = default)
    {
        var key = Key(reference);
        if (cache.TryGetValue(key, out var cached)) return cached;
        if (ahead.Remove(reference.Code, out var pending))
        {
            var read = await pending.WaitAsync(cancellationToken);
            aheadSlots.Release();
            foreach (var (readKey, column) in read) cache[readKey] = column;
            if (cache.TryGetValue(key, out cached)) return cached;
        }
        await LoadDictionariesAsync(cancellationToken);

        // The other expected references to the variable come along: the index is ordered by variable first, so reading
        // only some dimension sets would still step over all of the variable's entries, once per reference.
        if (!variables!.TryGetValue(reference.Code, out var variableId)) return cache[key] = new Column(grid);
        var batch = Targets(variableId, expected.Where(e => e.Value.Reference.Code == reference.Code && !cache.ContainsKey(e.Key))
            .Select(e => (e.Key, e.Value.Reference))
            .Prepend((key, reference))
            .DistinctBy(b => b.Item1));
        foreach (var (batchKey, column) in await ReadColumnsAsync(connection, variableId, batch, cancellationToken)) cache[batchKey] = column;
        return cache[key];
    }

    /// <summary>Each reference's dimension sets to sum.</summary>
    List<(string Key, List<int> Sets)> Targets(int variableId, IEnumerable<(string Key, VariableReference Reference)> references) =>
        references.Select(r => (r.Key, Choose(setsOfVariable![variableId], r.Reference.Filters))).ToList();

    /// <summary>The columns of one variable's references, read in one pass over its observations.</summary>
    async Task<List<(string Key, Column Column)>> ReadColumnsAsync(DbConnection on, int variableId, List<(string Key, List<int> Sets)> targets, CancellationToken cancellationToken)
    {
        var columns = targets.Select(t => (t.Key, Column: new Column(grid), t.Sets)).ToList();
        if (columns.Any(c => c.Sets.Count > 0)) await ReadAsync(on, variableId, columns.Select(c => (c.Column, c.Sets)).ToList(), cancellationToken);
        return columns.Select(c => (c.Key, c.Column)).ToList();
    }

    /// <summary>
    /// Sums each target's dimension sets per cell. Rows come in the unique index's order (area, period, combination):
    /// one area's periods ascending, so a later reference date in a year replaces an earlier one, and the parts of one
    /// cell arrive together. A target cell's stamp says which (area, period) its sum belongs to; a row of a newer one
    /// starts the sum again.
    /// </summary>
    async Task ReadAsync(DbConnection on, int variableId, List<(Column Column, List<int> Sets)> targets, CancellationToken cancellationToken)
    {
        if (areas is { Count: 0 }) return;
        var targetsOfSet = targets.SelectMany((t, i) => t.Sets.Select(set => (Set: set, Target: i))).ToLookup(t => t.Set, t => t.Target)
            .ToDictionary(g => g.Key, g => g.ToArray());
        var stamps = targets.Select(_ => new int[grid.Count]).ToArray();
        var columns = targets.Select(t => t.Column).ToArray();

        // The lists are integers, written into the text (a parameter per area would exceed SQL Server's 2,100).
        var sql = (areas is null ? SelectObservations : SelectObservationsOfAreas)
            .Replace("@Sets", string.Join(",", targetsOfSet.Keys), StringComparison.Ordinal)
            .Replace("@Areas", areas is null ? "" : string.Join(",", areas), StringComparison.Ordinal);
        await using var reader = await database.ReadRowsAsync(on, null, sql, [("@Id", variableId)], cancellationToken);
        var (area, areaIndex, period, group, year, rows) = (-1, -1, -1, 0, 0, 0);
        var (lastRun, lastLineage) = (-1, 0);
        var runs = new Dictionary<int, int>();
        var (lastSet, lastTargets) = (-1, Array.Empty<int>());
        while (reader.Read())
        {
            if (++rows % 65536 == 0) cancellationToken.ThrowIfCancellationRequested();
            var rowArea = reader.Int(0);
            var rowPeriod = reader.Int(1);
            if (rowArea != area)
            {
                area = rowArea;
                areaIndex = grid.AreaIndex(area);
                period = -1;
            }
            if (rowPeriod != period)
            {
                period = rowPeriod;
                group++;
                // 2023 or 20231231
                year = period < 10_000 ? period : period / 10_000;
            }
            var cell = grid.CellAt(areaIndex, year);
            if (cell < 0) continue;
            // NaN (no value) stays NaN through the sum.
            var value = reader.Real(2);
            var flags = (QualityFlags)reader.Int(3) & Cell.Inherited;
            var run = reader.Int(4);
            if (run != lastRun)
            {
                if (!runs.TryGetValue(run, out lastLineage)) runs[run] = lastLineage = Lineage.Of([run]).Id;
                lastRun = run;
            }
            var set = reader.Int(5);
            if (set != lastSet) (lastSet, lastTargets) = (set, targetsOfSet[set]);
            foreach (var target in lastTargets)
            {
                var column = columns[target];
                if (stamps[target][cell] != group)
                {
                    stamps[target][cell] = group;
                    column.Present[cell] = true;
                    column.Values[cell] = 0;
                    column.Flags[cell] = QualityFlags.None;
                    column.Sources[cell] = 0;
                }
                column.Values[cell] += value;
                column.Flags[cell] |= flags;
                column.Sources[cell] = Lineage.Union(column.Sources[cell], lastLineage);
            }
        }
    }

    static string Key(VariableReference reference) =>
        reference.Code + "|" + string.Join(";", reference.Filters.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={string.Join("|", f.Value)}"));

    async Task LoadDictionariesAsync(CancellationToken cancellationToken)
    {
        if (variables is not null) return;
        variables = (await connection.QueryAsync<(long Id, string Code)>(new CommandDefinition(SelectVariables, cancellationToken: cancellationToken)))
            .ToDictionary(v => v.Code, v => (int)v.Id, StringComparer.Ordinal);
        sets = new Dictionary<int, Dictionary<string, string>> { [1] = [] };
        foreach (var (setId, dimension, value) in await connection.QueryAsync<(long, string, string)>(new CommandDefinition(SelectSetMembers, cancellationToken: cancellationToken)))
        {
            if (!sets.TryGetValue((int)setId, out var members)) sets[(int)setId] = members = [];
            members[dimension] = value;
        }
        setsOfVariable = (await connection.QueryAsync<(long Variable, long Set)>(new CommandDefinition(SelectVariableSets, cancellationToken: cancellationToken)))
            .ToLookup(s => (int)s.Variable, s => (int)s.Set);
    }

    /// <summary>The dimension sets to sum: matching the filters, with the fewest dimensions among those that do.</summary>
    List<int> Choose(IEnumerable<int> used, IReadOnlyDictionary<string, IReadOnlyList<string>> filters)
    {
        var matching = used.Where(id => sets!.TryGetValue(id, out var members)
                && filters.All(f => members.TryGetValue(f.Key, out var value) && f.Value.Contains(value)))
            .ToList();
        var coarsest = matching
            .GroupBy(id => string.Join(",", sets![id].Keys.Order(StringComparer.Ordinal)))
            .OrderBy(g => sets![g.First()].Count).ThenBy(g => g.Key, StringComparer.Ordinal)
            .FirstOrDefault();
        return coarsest?.ToList() ?? [];
    }

    /// <summary>The years the stored observations span.</summary>
    public static async Task<(int First, int Last)?> YearsAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var (first, last) = await connection.QuerySingleAsync<(long? First, long? Last)>(new CommandDefinition(SelectYears, transaction: transaction, cancellationToken: cancellationToken));
        return first is long f && last is long l ? ((int)f, (int)l) : null;
    }

    // The casts make both providers return the types read above (SQL Server stores year as SMALLINT, value as DECIMAL).
    // The period as a number (2023, 20231231) tells periods apart and gives the year without a string per row.
    const string SelectVariables = "SELECT id, code FROM variables";
    const string SelectSetMembers = "SELECT set_id, dimension, value_code FROM dimension_set_members";
    const string SelectVariableSets = "SELECT variable_id, dimension_set_id FROM variable_dimension_sets";
    const string SelectObservations =
        "SELECT area_id, CAST(REPLACE(period, '-', '') AS INT), CAST(value AS FLOAT), flags, import_run_id, dimension_set_id FROM observations WHERE variable_id = @Id AND dimension_set_id IN (@Sets) ORDER BY area_id, period, dimension_set_id";
    const string SelectObservationsOfAreas =
        "SELECT area_id, CAST(REPLACE(period, '-', '') AS INT), CAST(value AS FLOAT), flags, import_run_id, dimension_set_id FROM observations WHERE variable_id = @Id AND area_id IN (@Areas) AND dimension_set_id IN (@Sets) ORDER BY area_id, period, dimension_set_id";
    // Kept by the importer: a handful of rows, where the observations are millions. Two subqueries: SQLite answers a
    // lone MIN or MAX from the key, both in one SELECT by scanning.
    const string SelectYears = "SELECT CAST((SELECT MIN(year) FROM variable_years) AS INT), CAST((SELECT MAX(year) FROM variable_years) AS INT)";
}
