using Dapper;
using Monitoring.Core.Observations;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Indicators;

/// <summary>An indicator computed as it would be stored, without storing it: for an analyst checking a new or changed formula.</summary>
public static class IndicatorPreview
{
    /// <summary>One previewed value.</summary>
    public sealed record PreviewValue(int AreaId, int Year, Cell Value, double? Numerator, double? Denominator);

    /// <summary>
    /// Computes an indicator as it would be stored, without storing it: for an analyst checking a new or changed formula.
    /// Indicators it uses with ind() come from the stored values.
    /// </summary>
    public static async Task<IReadOnlyList<PreviewValue>> ComputeAsync(Database database, Indicator indicator, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var hierarchy = await Aggregation.LoadAsync(connection, null, cancellationToken);
        var grid = await IndicatorComputation.GridAsync(connection, null, hierarchy.Areas, cancellationToken);
        // The declared dimension values say when a breakdown is whole; they are the shipped ones, as in every computation.
        var columns = new VariableColumns(database, connection, grid, null, (await CatalogStore.LoadAsync(database, cancellationToken)).Variables);
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
        var numerator = await IndicatorComputation.EvaluateAsync(indicator.Numerator, grid, columns, used, null, cancellationToken);
        var denominator = indicator.Denominator is null ? null : await IndicatorComputation.EvaluateAsync(indicator.Denominator, grid, columns, used, null, cancellationToken);
        var (top, bottom) = AreaSums.Parts(indicator, numerator, denominator, hierarchy, null, null);
        return AreaSums.Values(indicator, top, bottom, null)
            .Select(v => (Cell: grid.Cell(v.Key.Area, v.Key.Year), v.Key, v.Value))
            .Select(v => new PreviewValue(v.Key.Area, v.Key.Year, v.Value, top.At(v.Cell).Value, bottom?.At(v.Cell).Value))
            .OrderBy(p => p.AreaId).ThenBy(p => p.Year)
            .ToList();
    }

    const string SelectStoredColumn = "SELECT area_id, CAST(year AS INT), value, flags FROM indicator_values WHERE indicator_code = @Code AND breakdown = ''";
}
