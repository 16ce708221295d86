using System.Data.Common;
using System.Globalization;
using Dapper;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Indicators;

/// <summary>
/// The computation's step that writes only what changed: computed figures against the stored ones, so that a full
/// recompute where nothing changed writes nothing and unchanged values keep their computed-at time.
/// </summary>
internal static class StoredValueComparison
{
    /// <summary>
    /// Compares an indicator's computed figures with the stored ones: deletes stored rows that are gone or differ, and
    /// returns the rows to insert (new or different). An unchanged value keeps its row and its computed-at time.
    /// </summary>
    internal static async Task<List<object?[]>> ChangedRowsAsync(Database database, DbConnection connection, DbTransaction transaction, Indicator indicator, List<IndicatorComputation.Computed> computed,
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
            var (breakdown, current, same) = ((string?)null, (IndicatorComputation.Computed?)null, (bool[]?)null);
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
    internal static List<object?[]> Rows(Indicator indicator, List<IndicatorComputation.Computed> computed, DateTime now, Dictionary<string, bool[]>? unchanged)
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

    const string DeleteValue = "DELETE FROM indicator_values WHERE indicator_code = @Code AND area_id = @Area AND period = @Period AND breakdown = @Breakdown";

    const string SelectStoredValues =
        "SELECT area_id, CAST(year AS INT), value, numerator, denominator, flags, import_runs, breakdown FROM indicator_values WHERE indicator_code = @Code";
}
