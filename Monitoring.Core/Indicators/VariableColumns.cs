using System.Data.Common;
using Dapper;
using Monitoring.Core.Observations;

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
/// <param name="connection">An open connection.</param>
/// <param name="transaction">The transaction the connection is in, if any.</param>
/// <param name="areas">Only these areas (an incremental computation), or null for all.</param>
public sealed class VariableColumns(DbConnection connection, DbTransaction? transaction = null, IReadOnlyCollection<int>? areas = null)
{
    readonly Dictionary<string, Column> cache = new(StringComparer.Ordinal);
    readonly Dictionary<int, Lineage> runs = [];
    Dictionary<string, int>? variables;
    Dictionary<int, Dictionary<string, string>>? sets;
    ILookup<int, int>? setsOfVariable;

    public async Task<Column> LoadAsync(VariableReference reference, CancellationToken cancellationToken = default)
    {
        var key = reference.Code + "|" + string.Join(";", reference.Filters.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={string.Join("|", f.Value)}"));
        if (cache.TryGetValue(key, out var cached)) return cached;
        await LoadDictionariesAsync(cancellationToken);

        var column = new Column();
        cache[key] = column;
        if (!variables!.TryGetValue(reference.Code, out var variableId)) return column;
        var chosen = Choose(setsOfVariable![variableId], reference.Filters);
        if (chosen.Count == 0) return column;

        // Rows come in the unique index's order (area, period, combination): one area's periods ascending, so a later
        // reference date in a year replaces an earlier one, and the parts of one cell arrive together.
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            areas is null ? SelectObservations : SelectObservationsOfAreas, new { Id = variableId, Sets = chosen, Areas = areas }, transaction: transaction, cancellationToken: cancellationToken));
        var (area, year, period) = (-1, 0, "");
        var (sum, flags, missing, sources) = (0.0, QualityFlags.None, false, (Lineage?)null);
        while (await reader.ReadAsync(cancellationToken))
        {
            var rowArea = reader.GetInt32(0);
            var rowPeriod = reader.GetString(1);
            if (rowArea != area || !string.Equals(rowPeriod, period, StringComparison.Ordinal))
            {
                if (area >= 0) column[(area, year)] = new Cell(missing ? null : sum, flags & Cell.Inherited, sources);
                (area, period, year) = (rowArea, rowPeriod, reader.GetInt32(2));
                (sum, flags, missing, sources) = (0.0, QualityFlags.None, false, null);
            }
            if (reader.IsDBNull(3)) missing = true;
            else sum += reader.GetDouble(3);
            flags |= (QualityFlags)reader.GetInt32(4);
            sources = Lineage.Union(sources, Run(reader.GetInt32(5)));
        }
        if (area >= 0) column[(area, year)] = new Cell(missing ? null : sum, flags & Cell.Inherited, sources);
        return column;
    }

    Lineage Run(int id)
    {
        if (!runs.TryGetValue(id, out var lineage)) runs[id] = lineage = Lineage.Of([id]);
        return lineage;
    }

    async Task LoadDictionariesAsync(CancellationToken cancellationToken)
    {
        if (variables is not null) return;
        variables = (await connection.QueryAsync<(long Id, string Code)>(new CommandDefinition(SelectVariables, transaction: transaction, cancellationToken: cancellationToken)))
            .ToDictionary(v => v.Code, v => (int)v.Id, StringComparer.Ordinal);
        sets = new Dictionary<int, Dictionary<string, string>> { [1] = [] };
        foreach (var (setId, dimension, value) in await connection.QueryAsync<(long, string, string)>(new CommandDefinition(SelectSetMembers, transaction: transaction, cancellationToken: cancellationToken)))
        {
            if (!sets.TryGetValue((int)setId, out var members)) sets[(int)setId] = members = [];
            members[dimension] = value;
        }
        setsOfVariable = (await connection.QueryAsync<(long Variable, long Set)>(new CommandDefinition(SelectVariableSets, transaction: transaction, cancellationToken: cancellationToken)))
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

    // The casts make both providers return the types read above (SQL Server stores year as SMALLINT, value as DECIMAL).
    const string SelectVariables = "SELECT id, code FROM variables";
    const string SelectSetMembers = "SELECT set_id, dimension, value_code FROM dimension_set_members";
    const string SelectVariableSets = "SELECT variable_id, dimension_set_id FROM variable_dimension_sets";
    const string SelectObservations =
        "SELECT area_id, period, CAST(year AS INT), CAST(value AS FLOAT), flags, import_run_id FROM observations WHERE variable_id = @Id AND dimension_set_id IN @Sets ORDER BY area_id, period, dimension_set_id";
    const string SelectObservationsOfAreas =
        "SELECT area_id, period, CAST(year AS INT), CAST(value AS FLOAT), flags, import_run_id FROM observations WHERE variable_id = @Id AND area_id IN @Areas AND dimension_set_id IN @Sets ORDER BY area_id, period, dimension_set_id";
}
