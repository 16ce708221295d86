using Dapper;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Observations;

/// <summary>
/// The raw data of one variable as stored, for the analysts' variable page and its download: every value of the home
/// area, the areas below it and its Land, with its official symbol and flags, the run and source it came from. For
/// Analysts only: small counts are shown as they are.
/// </summary>
public static class VariableData
{
    /// <summary>One stored value: area, period, dimension combination ("" for none), value or its symbol's flags, and where it came from.</summary>
    public sealed class Value
    {
        public string AreaKey { get; init; } = "";
        public string AreaName { get; init; } = "";
        public string Period { get; init; } = "";
        public int Year { get; init; }
        public string SetKey { get; init; } = "";
        public double? Number { get; init; }
        public int Flags { get; init; }
        public long RunId { get; init; }
    }

    /// <summary>A run that brought values of the variable: its source, file, start and how many of the variable's values it holds now.</summary>
    public sealed class Run
    {
        public long Id { get; init; }
        public int SourceId { get; init; }
        public string Source { get; init; } = "";
        public string? FileName { get; init; }
        public DateTime StartedAt { get; init; }
        public long Values { get; init; }
    }

    public static async Task<Variable?> FindAsync(Database database, string code, CancellationToken cancellationToken = default) =>
        (await database.ListVariablesAsync(cancellationToken)).FirstOrDefault(v => v.Code == code);

    /// <summary>The variable's values for the areas whose key begins with <paramref name="homeKey"/> and for <paramref name="landKey"/>, ordered by area, combination and period.</summary>
    public static async Task<IReadOnlyList<Value>> ValuesAsync(Database database, int variableId, string homeKey, string? landKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Value>(new CommandDefinition(SelectValues,
            new { Id = variableId, Home = homeKey + "%", Land = landKey ?? homeKey }, cancellationToken: cancellationToken))).AsList();
    }

    public static async Task<IReadOnlyList<Run>> RunsAsync(Database database, int variableId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Run>(new CommandDefinition(SelectRuns, new { Id = variableId }, cancellationToken: cancellationToken))).AsList();
    }

    // The casts make every provider return the types read (SQL Server stores year as SMALLINT, value as DECIMAL).
    const string SelectValues =
        """
        SELECT a.area_key AS AreaKey, a.name AS AreaName, o.period AS Period, CAST(o.year AS INT) AS Year, d.set_key AS SetKey,
               CAST(o.value AS FLOAT) AS Number, CAST(o.flags AS INT) AS Flags, o.import_run_id AS RunId
        FROM observations o
        JOIN areas a ON a.id = o.area_id
        JOIN dimension_sets d ON d.id = o.dimension_set_id
        WHERE o.variable_id = @Id AND (a.area_key LIKE @Home OR a.area_key = @Land)
        ORDER BY a.area_key, d.set_key, o.period
        """;

    const string SelectRuns =
        """
        SELECT r.id AS Id, r.data_source_id AS SourceId, s.name AS Source, r.file_name AS FileName, r.started_at AS StartedAt, COUNT(*) AS "Values"
        FROM observations o
        JOIN import_runs r ON r.id = o.import_run_id
        JOIN data_sources s ON s.id = r.data_source_id
        WHERE o.variable_id = @Id
        GROUP BY r.id, r.data_source_id, s.name, r.file_name, r.started_at
        ORDER BY r.id DESC
        """;
}
