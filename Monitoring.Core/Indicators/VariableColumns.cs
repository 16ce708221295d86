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
public sealed class VariableColumns(DbConnection connection)
{
    readonly Dictionary<string, Column> cache = new(StringComparer.Ordinal);
    readonly Dictionary<int, List<int>> setsOfVariable = [];
    Dictionary<string, int>? variables;
    Dictionary<int, Dictionary<string, string>>? sets;

    public async Task<Column> LoadAsync(VariableReference reference, CancellationToken cancellationToken = default)
    {
        var key = reference.Code + "|" + string.Join(";", reference.Filters.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={string.Join("|", f.Value)}"));
        if (cache.TryGetValue(key, out var cached)) return cached;

        variables ??= (await connection.QueryAsync<(long Id, string Code)>(new CommandDefinition(SelectVariables, cancellationToken: cancellationToken))).ToDictionary(v => v.Code, v => (int)v.Id, StringComparer.Ordinal);
        if (sets is null)
        {
            sets = new Dictionary<int, Dictionary<string, string>> { [1] = [] };
            foreach (var (setId, dimension, value) in await connection.QueryAsync<(long, string, string)>(new CommandDefinition(SelectSetMembers, cancellationToken: cancellationToken)))
            {
                if (!sets.TryGetValue((int)setId, out var members)) sets[(int)setId] = members = [];
                members[dimension] = value;
            }
        }

        var column = new Column();
        if (variables.TryGetValue(reference.Code, out var variableId))
        {
            // Several references to one variable (with different filters) share one look at its stored combinations.
            if (!setsOfVariable.TryGetValue(variableId, out var used))
            {
                setsOfVariable[variableId] = used = (await connection.QueryAsync<long>(new CommandDefinition(SelectSetsOfVariable, new { Id = variableId }, cancellationToken: cancellationToken))).Select(s => (int)s).ToList();
            }
            var chosen = Choose(used, reference.Filters);
            if (chosen.Count > 0)
            {
                // Ordered by period, so a later reference date in the same year replaces an earlier one.
                var latest = new Dictionary<(int Area, long Year, long Set), (double? Value, long Flags)>();
                await foreach (var row in connection.QueryUnbufferedAsync<(long Area, long Year, long Set, double? Value, long Flags)>(SelectObservations, new { Id = variableId, Sets = chosen }).WithCancellation(cancellationToken))
                {
                    latest[((int)row.Area, row.Year, row.Set)] = (row.Value, row.Flags);
                }
                var parts = new Dictionary<(int, string), (double Sum, QualityFlags Flags, bool Missing)>();
                foreach (var ((area, year, _), (value, flags)) in latest)
                {
                    var cellKey = (area, year.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    var cell = parts.GetValueOrDefault(cellKey);
                    parts[cellKey] = (cell.Sum + (value ?? 0), cell.Flags | (QualityFlags)flags, cell.Missing || value is null);
                }
                foreach (var ((area, period), (sum, flags, missing)) in parts)
                {
                    column[(area, period)] = new Cell(missing ? null : sum, flags & Cell.Inherited);
                }
            }
        }
        cache[key] = column;
        return column;
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

    const string SelectVariables = "SELECT id, code FROM variables";
    const string SelectSetMembers = "SELECT set_id, dimension, value_code FROM dimension_set_members";
    const string SelectSetsOfVariable = "SELECT DISTINCT dimension_set_id FROM observations WHERE variable_id = @Id";
    const string SelectObservations = "SELECT area_id, year, dimension_set_id, value, flags FROM observations WHERE variable_id = @Id AND dimension_set_id IN @Sets ORDER BY period";
}
