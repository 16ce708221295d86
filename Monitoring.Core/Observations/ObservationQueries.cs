using Dapper;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Observations;

/// <summary>A variable as stored, with the dimension combinations it comes in.</summary>
public sealed record Variable
{
    public int Id { get; init; }
    public string Code { get; init; } = "";
    public string Label { get; init; } = "";
    public string? Unit { get; init; }
    public string? Source { get; init; }
}

/// <summary>One stored figure: area, period, its dimension combination ("NAT=NATA;GES=GESW"), value with flags, and the run that wrote it.</summary>
public sealed record Observation
{
    public string AreaKey { get; init; } = "";
    public string Period { get; init; } = "";
    public string Dimensions { get; init; } = "";
    public double? Value { get; init; }
    public int Flags { get; init; }
    public int ImportRunId { get; init; }
}

/// <summary>Reads the stored variables and observations.</summary>
public static class ObservationQueries
{
    public static async Task<IReadOnlyList<Variable>> ListVariablesAsync(this Database database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Variable>(new CommandDefinition(SelectVariables, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>A variable's observations for some areas (all when empty) and years, a page at a time; small counts secret (<see cref="Disclosure"/>).</summary>
    public static async Task<IReadOnlyList<Observation>> QueryObservationsAsync(this Database database, string variable, IReadOnlyCollection<string> areaKeys, int? fromYear, int? toYear,
        int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Observation>(new CommandDefinition(areaKeys.Count > 0 ? SelectObservationsOfAreas(database.Dialect) : SelectObservations(database.Dialect),
            new { Variable = variable, Areas = areaKeys, From = fromYear ?? 0, To = toYear ?? 9999, Skip = skip, Take = take }, cancellationToken: cancellationToken));
        return rows.Select(o => Disclosure.Apply(o.Value, (QualityFlags)o.Flags, reveal: false) is var (value, flags) ? o with { Value = value, Flags = (int)flags } : o).ToList();
    }

    const string SelectVariables = "SELECT id AS Id, code AS Code, label AS Label, unit AS Unit, source AS Source FROM variables ORDER BY code";

    static string SelectObservations(SqlDialect dialect) => Observations(dialect, "");

    static string SelectObservationsOfAreas(SqlDialect dialect) => Observations(dialect, " AND a.area_key IN @Areas");

    static string Observations(SqlDialect dialect, string areaFilter) => dialect.Page(
        $"""
        SELECT a.area_key AS AreaKey, o.period AS Period, d.set_key AS Dimensions, CAST(o.value AS FLOAT) AS Value, o.flags AS Flags, o.import_run_id AS ImportRunId
        FROM observations o
        JOIN variables v ON v.id = o.variable_id
        JOIN areas a ON a.id = o.area_id
        JOIN dimension_sets d ON d.id = o.dimension_set_id
        WHERE v.code = @Variable AND o.year BETWEEN @From AND @To{areaFilter}
        ORDER BY a.area_key, o.period, d.set_key
        """);
}
