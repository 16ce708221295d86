using System.Data.Common;
using Dapper;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Indicators;

/// <summary>
/// Supplies the column of a variable reference from stored observations, within one computation.
/// A reference <c>v(X, filters)</c> is answered in each cell (area and year) from the coarsest breakdown that cell holds
/// whole: the exact combination if stored (a total row), otherwise the breakdown with the fewest other dimensions, summed
/// over them, where the cell holds every value of each dimension summed over (as the catalog declares them) and every
/// value a filter names (<see cref="ReferenceSums"/>). Files often carry totals and breakdowns side by side; summing
/// everything would count twice. The choice is the cell's own: one area's data never changes another's.
/// A sum has no value when one of its parts has none (a secret cell hides the total too).
/// Indicators are annual: columns are keyed by year, so that flows (per year) and stocks (at a reference date) combine;
/// where a variable has several reference dates in one year, the latest that answers counts.
/// </summary>
/// <param name="database">The database, for its fastest way to read many rows.</param>
/// <param name="connection">An open connection.</param>
/// <param name="grid">The cells of the computation; observations of other areas or years are not read or are skipped.</param>
/// <param name="areas">Only these areas (an incremental computation), or null for all.</param>
/// <param name="declared">
/// The catalog's variables, whose declared dimension values a breakdown must hold to be summed over a dimension; without
/// them (or for a dimension the catalog does not declare) a breakdown is summed over the values stored.
/// </param>
public sealed class VariableColumns(Database database, DbConnection connection, Grid grid, IReadOnlyCollection<int>? areas = null,
    IReadOnlyList<CatalogVariable>? declared = null) : IAsyncDisposable
{
    readonly Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> domains = Domains(declared);
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
        var plan = new List<(int Variable, List<(string Key, List<ReferenceSums.Candidate> Candidates)> Batch, TaskCompletionSource<List<(string, Column)>> Done)>();
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

    /// <summary>Each reference's candidate breakdowns, coarsest first.</summary>
    List<(string Key, List<ReferenceSums.Candidate> Candidates)> Targets(int variableId, IEnumerable<(string Key, VariableReference Reference)> references) =>
        references.Select(r => (r.Key, Choose(r.Reference.Code, setsOfVariable![variableId], r.Reference.Filters))).ToList();

    /// <summary>The columns of one variable's references, read in one pass over its observations.</summary>
    async Task<List<(string Key, Column Column)>> ReadColumnsAsync(DbConnection on, int variableId, List<(string Key, List<ReferenceSums.Candidate> Candidates)> targets,
        CancellationToken cancellationToken)
    {
        var columns = targets.Select(t => (t.Key, Column: new Column(grid), t.Candidates)).ToList();
        if (columns.Any(c => c.Candidates.Count > 0))
        {
            await ReadAsync(on, variableId, columns.Select(c => (c.Column, (IReadOnlyList<ReferenceSums.Candidate>)c.Candidates)).ToList(), cancellationToken);
        }
        return columns.Select(c => (c.Key, c.Column)).ToList();
    }

    /// <summary>
    /// Sums each target's candidate breakdowns per cell and keeps the coarsest whole one (<see cref="ReferenceSums"/>).
    /// Rows come in the unique index's order (area, period, combination): the parts of one cell arrive together.
    /// Reading is a full recompute's critical path (docs/performance.md), and every candidate of every reference would
    /// return a sixth more rows than the coarsest ones (72 against 62 of the 95 stored per area and year in the generated
    /// benchmark data, counted from the catalog). So the finer candidates are read only where needed: first each target's coarsest candidate (for
    /// official statistics usually the whole answer, and what was read when one breakdown served all areas), then every
    /// candidate for just the areas where a reference with finer candidates is left without an answer in a year the
    /// variable has figures for. Both give what one reading of every candidate gives: a cell whose coarsest candidate
    /// is whole in a year takes it whatever else it holds.
    /// </summary>
    async Task ReadAsync(DbConnection on, int variableId, List<(Column Column, IReadOnlyList<ReferenceSums.Candidate> Candidates)> targets, CancellationToken cancellationToken)
    {
        if (areas is { Count: 0 }) return;
        var finer = targets.Where(t => t.Candidates.Count > 1).Select(t => t.Column).ToList();
        if (finer.Count == 0)
        {
            await SumAsync(on, variableId, new ReferenceSums(grid, targets), areas, cancellationToken);
            return;
        }
        var coarsest = targets.Select(t => (t.Column, (IReadOnlyList<ReferenceSums.Candidate>)t.Candidates.Take(1).ToList())).ToList();
        await SumAsync(on, variableId, new ReferenceSums(grid, coarsest), areas, cancellationToken);

        var years = (await on.QueryAsync<long>(new CommandDefinition(SelectVariableYears, new { Id = variableId }, cancellationToken: cancellationToken)))
            .Select(y => (int)y - grid.FirstYear).Where(y => y >= 0 && y < grid.Years).ToArray();
        var again = new List<int>();
        foreach (var area in areas ?? grid.Areas)
        {
            var index = grid.AreaIndex(area);
            if (index >= 0 && Unanswered(finer, index * grid.Years, years)) again.Add(area);
        }
        if (again.Count == 0) return;
        // The areas read again are answered from scratch, every target from every candidate.
        var everything = again.Count > RereadListLimit;
        foreach (var (column, _) in targets)
        {
            if (everything) Array.Clear(column.Present);
            else foreach (var area in again) Array.Clear(column.Present, grid.AreaIndex(area) * grid.Years, grid.Years);
        }
        await SumAsync(on, variableId, new ReferenceSums(grid, targets), everything ? areas : again, cancellationToken);
    }

    /// <summary>
    /// Above this many areas to read again, the second reading covers every area of the computation: the areas are
    /// written into the query, and SQL Server plans very long lists slowly or not at all.
    /// </summary>
    const int RereadListLimit = 1000;

    /// <summary>Whether one of the columns lacks a cell of the area (its first cell given) in one of the years (offsets).</summary>
    static bool Unanswered(List<Column> columns, int first, int[] years)
    {
        foreach (var column in columns)
        {
            foreach (var year in years)
            {
                if (!column.Present[first + year]) return true;
            }
        }
        return false;
    }

    /// <summary>One reading of the variable's observations of the given areas (null: all) into <paramref name="sums"/>.</summary>
    async Task SumAsync(DbConnection on, int variableId, ReferenceSums sums, IReadOnlyCollection<int>? of, CancellationToken cancellationToken)
    {
        if (sums.Sets.Count == 0) return;
        // The lists are integers, written into the text (a parameter per area would exceed SQL Server's 2,100).
        var sql = (of is null ? SelectObservations : SelectObservationsOfAreas)
            .Replace("@Sets", string.Join(",", sums.Sets), StringComparison.Ordinal)
            .Replace("@Areas", of is null ? "" : string.Join(",", of), StringComparison.Ordinal);
        await using var reader = await database.ReadRowsAsync(on, null, sql, [("@Id", variableId)], cancellationToken);
        sums.Read(reader, cancellationToken);
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

    /// <summary>
    /// The breakdowns that can answer a reference, coarsest first (fewest dimensions, then by their names): each with the
    /// variable's dimension sets of that breakdown that match the filters. Which of them answers is decided per cell, from
    /// what the cell holds; this order only says which is preferred where a cell holds several whole.
    /// </summary>
    List<ReferenceSums.Candidate> Choose(string code, IEnumerable<int> used, IReadOnlyDictionary<string, IReadOnlyList<string>> filters)
    {
        var domain = domains.GetValueOrDefault(code);
        var known = sets!;
        var matching = used.Where(id => known.TryGetValue(id, out var members)
                && filters.All(f => members.TryGetValue(f.Key, out var value) && f.Value.Contains(value)))
            .ToList();
        var candidates = new List<ReferenceSums.Candidate>();
        foreach (var breakdown in matching
                     .GroupBy(id => string.Join(",", known[id].Keys.Order(StringComparer.Ordinal)), StringComparer.Ordinal)
                     .OrderBy(g => known[g.First()].Count).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            // The dimensions a cell must hold every value of: a filter's values, or the declared values of a dimension
            // summed over. A dimension the catalog does not declare is summed over what is stored.
            var counted = new List<string[]>();
            var dimensions = known[breakdown.First()].Keys.Order(StringComparer.Ordinal).ToList();
            foreach (var dimension in dimensions)
            {
                if (filters.TryGetValue(dimension, out var wanted)) counted.Add(wanted.Distinct(StringComparer.Ordinal).ToArray());
                else if (domain is not null && domain.TryGetValue(dimension, out var values) && values.Count > 0) counted.Add(values.Distinct(StringComparer.Ordinal).ToArray());
                else counted.Add([]);
            }
            var required = counted.Where(values => values.Length > 0).Aggregate(1, (product, values) => checked(product * values.Length));
            var ids = breakdown.ToArray();
            var slots = ids.Select(id => Slot(known[id], dimensions, counted)).ToArray();
            candidates.Add(new ReferenceSums.Candidate(ids, slots, required));
        }
        return candidates;
    }

    /// <summary>Which combination of the counted dimensions a set is, numbered in mixed radix; -1 when a value lies outside them.</summary>
    static int Slot(Dictionary<string, string> members, List<string> dimensions, List<string[]> counted)
    {
        var slot = 0;
        for (var i = 0; i < dimensions.Count; i++)
        {
            if (counted[i].Length == 0) continue;
            var index = Array.IndexOf(counted[i], members[dimensions[i]]);
            if (index < 0) return -1;
            slot = slot * counted[i].Length + index;
        }
        return slot;
    }

    /// <summary>The declared dimensions and values of each catalog variable.</summary>
    static Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Domains(IReadOnlyList<CatalogVariable>? declared)
    {
        var domains = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>(StringComparer.Ordinal);
        foreach (var variable in declared ?? []) domains.TryAdd(variable.Code, variable.Dimensions);
        return domains;
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
    const string SelectVariableYears = "SELECT CAST(year AS INT) FROM variable_years WHERE variable_id = @Id";
    const string SelectObservations =
        "SELECT area_id, CAST(REPLACE(period, '-', '') AS INT), CAST(value AS FLOAT), flags, import_run_id, dimension_set_id FROM observations WHERE variable_id = @Id AND dimension_set_id IN (@Sets) ORDER BY area_id, period, dimension_set_id";
    const string SelectObservationsOfAreas =
        "SELECT area_id, CAST(REPLACE(period, '-', '') AS INT), CAST(value AS FLOAT), flags, import_run_id, dimension_set_id FROM observations WHERE variable_id = @Id AND area_id IN (@Areas) AND dimension_set_id IN (@Sets) ORDER BY area_id, period, dimension_set_id";
    // Kept by the importer: a handful of rows, where the observations are millions. Two subqueries: SQLite answers a
    // lone MIN or MAX from the key, both in one SELECT by scanning.
    const string SelectYears = "SELECT CAST((SELECT MIN(year) FROM variable_years) AS INT), CAST((SELECT MAX(year) FROM variable_years) AS INT)";
}
