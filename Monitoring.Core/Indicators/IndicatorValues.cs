using Dapper;
using Monitoring.Core.Observations;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Indicators;

/// <summary>One stored value with what it was computed from.</summary>
public sealed record IndicatorValue(string AreaKey, string AreaName, int Year, double? Value, double? Numerator, double? Denominator, QualityFlags Flags,
    DateTime ComputedAt, IReadOnlyList<int> ImportRuns);

/// <summary>An import run a value came from: the source and the file, so a number can be traced to where it was read.</summary>
public sealed record SourceFile
{
    public int RunId { get; init; }
    public string Source { get; init; } = "";
    public string? FileName { get; init; }
    public string? FileHash { get; init; }
    public DateTime? FinishedAt { get; init; }
    public bool IsDemo { get; init; }
}

/// <summary>Reads computed indicator values and their lineage.</summary>
public static class IndicatorValues
{
    sealed class Row
    {
        public string AreaKey { get; init; } = "";
        public string AreaName { get; init; } = "";
        public int Year { get; init; }
        public double? Value { get; init; }
        public double? Numerator { get; init; }
        public double? Denominator { get; init; }
        public int Flags { get; init; }
        public DateTime ComputedAt { get; init; }
        public string? ImportRuns { get; init; }
    }

    /// <summary>
    /// The values of one indicator for the given areas (by key; all areas when empty), years and breakdown ("" for the
    /// total, "STAGRP=UKR" for one group), ordered by area key and year. A value resting on a small count is secret,
    /// numerator and denominator too, unless <paramref name="reveal"/> (an Analyst reads it; <see cref="Disclosure"/>).
    /// </summary>
    public static async Task<IReadOnlyList<IndicatorValue>> ReadIndicatorValuesAsync(this Database database, string indicator, IReadOnlyCollection<string> areaKeys, int? fromYear, int? toYear,
        string breakdown = "", CancellationToken cancellationToken = default, bool reveal = false)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Keys to ids first: the values are then found by their primary key (indicator, area, ...) instead of a scan of the indicator.
        var ids = areaKeys.Count == 0 ? [] : (await connection.QueryAsync<long>(new CommandDefinition(SelectAreaIds, new { Keys = areaKeys }, cancellationToken: cancellationToken))).ToList();
        if (areaKeys.Count > 0 && ids.Count == 0) return [];
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(areaKeys.Count == 0 ? SelectAll : SelectOfAreas,
            new { Indicator = indicator, Ids = ids, From = fromYear ?? 0, To = toYear ?? 9999, Breakdown = breakdown }, cancellationToken: cancellationToken));
        return rows.Select(r =>
        {
            var shown = Disclosure.Shown((QualityFlags)r.Flags, reveal);
            var (value, flags) = Disclosure.Apply(r.Value, (QualityFlags)r.Flags, reveal);
            return new IndicatorValue(r.AreaKey, r.AreaName, r.Year, value, shown ? r.Numerator : null, shown ? r.Denominator : null, flags, r.ComputedAt,
                Lineage.Parse(r.ImportRuns)?.Runs ?? []);
        }).ToList();
    }

    /// <summary>The breakdowns an indicator has stored values for, besides the total.</summary>
    public static async Task<IReadOnlyList<string>> BreakdownsAsync(this Database database, string indicator, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(SelectBreakdowns, new { Indicator = indicator }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The sources and files of the given import runs.</summary>
    public static async Task<IReadOnlyList<SourceFile>> SourceFilesAsync(this Database database, IEnumerable<int> runs, CancellationToken cancellationToken = default)
    {
        var ids = runs.Distinct().ToList();
        if (ids.Count == 0) return [];
        await using var connection = await database.OpenAsync(cancellationToken);
        var result = new List<SourceFile>();
        foreach (var chunk in ids.Chunk(1000))
        {
            result.AddRange(await connection.QueryAsync<SourceFile>(new CommandDefinition(SelectRuns, new { Ids = chunk }, cancellationToken: cancellationToken)));
        }
        return result;
    }

    const string Columns =
        """
        SELECT a.area_key AS AreaKey, a.name AS AreaName, CAST(v.year AS INT) AS Year, v.value AS Value, v.numerator AS Numerator, v.denominator AS Denominator,
               v.flags AS Flags, v.computed_at AS ComputedAt, v.import_runs AS ImportRuns
        FROM indicator_values v JOIN areas a ON a.id = v.area_id
        """;

    const string SelectAll = Columns + " WHERE v.indicator_code = @Indicator AND v.breakdown = @Breakdown AND v.year BETWEEN @From AND @To ORDER BY a.area_key, v.year";

    const string SelectOfAreas = Columns +
        " WHERE v.indicator_code = @Indicator AND v.area_id IN @Ids AND v.breakdown = @Breakdown AND v.year BETWEEN @From AND @To ORDER BY a.area_key, v.year";

    const string SelectAreaIds = "SELECT id FROM areas WHERE area_key IN @Keys AND valid_to IS NULL";

    const string SelectBreakdowns = "SELECT DISTINCT breakdown FROM indicator_values WHERE indicator_code = @Indicator AND breakdown <> '' ORDER BY breakdown";

    const string SelectRuns =
        """
        SELECT r.id AS RunId, s.name AS Source, r.file_name AS FileName, r.file_hash AS FileHash, r.finished_at AS FinishedAt, s.is_demo AS IsDemo
        FROM import_runs r JOIN data_sources s ON s.id = r.data_source_id WHERE r.id IN @Ids ORDER BY r.id
        """;
}
