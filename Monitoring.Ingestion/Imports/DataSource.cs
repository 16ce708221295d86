using System.Text.Json;
using System.Data.Common;
using Dapper;
using Monitoring.Core.Observations;
using Monitoring.Core.Storage;

namespace Monitoring.Ingestion.Imports;

/// <summary>Which adapter reads a source's files.</summary>
public enum SourceKind
{
    /// <summary>GENESIS flat-file CSV ("ffcsv"), from a download, a drop folder or the REST interface.</summary>
    GenesisFlatFile,

    /// <summary>An analyst's own CSV or XLSX file, read through the column mapping in <see cref="SourceSettings.Mapping"/>.</summary>
    Tabular,

    /// <summary>The classic GENESIS table CSV ("Tabelle" download) with title, header rows and footer.</summary>
    GenesisTable,

    /// <summary>
    /// Any GENESIS export, its format recognised by its content (<see cref="Genesis.GenesisExport"/>): flat file or table CSV,
    /// from Regionalstatistik, GENESIS-Online, a Landesdatenbank or the Zensus 2022 database. The kind to choose.
    /// </summary>
    GenesisExport,
}

/// <summary>What users read for a source kind.</summary>
public static class SourceKinds
{
    public static string German(SourceKind kind) => kind switch
    {
        SourceKind.GenesisExport => "GENESIS-Export (Format erkannt)",
        SourceKind.GenesisFlatFile => "GENESIS-Flatfile",
        SourceKind.GenesisTable => "GENESIS-Tabelle",
        _ => "Eigene Datei (CSV/XLSX)",
    };
}

/// <summary>Adapter settings, stored as JSON with the source.</summary>
public sealed record SourceSettings
{
    /// <summary><c>auto</c> (UTF-8 if the file is valid UTF-8, else Windows-1252), <c>utf-8</c> or <c>windows-1252</c>.</summary>
    public string Encoding { get; init; } = "auto";

    /// <summary>German or English numbers; null detects.</summary>
    public NumberFormat? NumberFormat { get; init; }

    /// <summary>Merkmal codes holding the regional key; null uses the GENESIS defaults.</summary>
    public IReadOnlyList<string>? RegionalVariables { get; init; }

    /// <summary>
    /// Whether a run may lose more than half of its rows to areas outside the directory (a file of another district's
    /// own areas, say); off, such a run fails with nothing written, naming the areas.
    /// </summary>
    public bool AllowUnknownAreas { get; init; }

    /// <summary>
    /// The smallest count of this source shown to everyone (the district's own data: 3 or 5, as its data protection
    /// rules say); smaller ones above zero, one more cell where a sum would reveal a single one, and everything computed
    /// from them are shown as <c>.</c> to all but Analysts (<see cref="Core.Observations.Disclosure"/>). Null: no protection.
    /// </summary>
    public int? MinCount { get; init; }

    /// <summary>A folder watched on the source's schedule: files put there are imported and moved to processed/ or failed/.</summary>
    public string? DropFolder { get; init; }

    /// <summary>Settings of a <see cref="SourceKind.GenesisTable"/> source.</summary>
    public Genesis.TableFileSettings? Table { get; init; }

    /// <summary>The column mapping of a <see cref="SourceKind.Tabular"/> source.</summary>
    public Tabular.TabularMapping? Mapping { get; init; }

    /// <summary>A GENESIS table fetched through the REST interface on the source's schedule.</summary>
    public Genesis.GenesisTableRequest? Api { get; init; }

    public static JsonSerializerOptions Json => Core.StoredJson.Options;
}

/// <summary>Where observations come from: a named, configured adapter with its own reject threshold.</summary>
public sealed record DataSource
{
    public int Id { get; init; }

    public required string Name { get; init; }

    public SourceKind Kind { get; init; }

    public SourceSettings Settings { get; init; } = new();

    public string? Schedule { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>Share of rejected rows (0 to 1) above which a run fails with nothing written; 0 means any rejected row fails it.</summary>
    public double RejectThreshold { get; init; }

    /// <summary>Synthetic demo data: labelled "Beispieldaten" wherever it appears.</summary>
    public bool IsDemo { get; init; }
}

public static class DataSourceQueries
{
    // Property mapping, not a positional record: the providers return different CLR types (SQLite: Int64 for booleans).
    sealed class Row
    {
        public int Id { get; init; }
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Settings { get; init; } = "{}";
        public string? Schedule { get; init; }
        public bool Enabled { get; init; }
        public double RejectThreshold { get; init; }
        public bool IsDemo { get; init; }

        public DataSource ToSource() => new()
        {
            Id = Id,
            Name = Name,
            Kind = Enum.Parse<SourceKind>(Kind),
            Settings = JsonSerializer.Deserialize<SourceSettings>(Settings, SourceSettings.Json) ?? new(),
            Schedule = Schedule,
            Enabled = Enabled,
            RejectThreshold = RejectThreshold,
            IsDemo = IsDemo,
        };
    }

    const string Select = "SELECT id AS Id, name AS Name, kind AS Kind, settings AS Settings, schedule AS Schedule, enabled AS Enabled, reject_threshold AS RejectThreshold, is_demo AS IsDemo FROM data_sources";

    public static async Task<DataSource?> FindSourceAsync(this Database database, string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select + " WHERE name = @Name", new { Name = name }, cancellationToken: cancellationToken));
        return row?.ToSource();
    }

    public static async Task<DataSource?> FindSourceAsync(this Database database, int id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select + " WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken));
        return row?.ToSource();
    }

    public static async Task<IReadOnlyList<DataSource>> ListSourcesAsync(this Database database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(Select + " ORDER BY name", cancellationToken: cancellationToken));
        return rows.Select(r => r.ToSource()).ToList();
    }

    /// <remarks>Without checks or an audit entry: for the tests' and benchmarks' fixtures only; sources are created through <see cref="SourceWrites"/>.</remarks>
    internal static async Task<DataSource> CreateSourceAsync(this Database database, DataSource source, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await InsertAsync(connection, transaction, database.Dialect, source, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return source with { Id = id };
    }

    internal static async Task<int> InsertAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, DataSource source, CancellationToken cancellationToken) =>
        (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(Insert(dialect), new
        {
            source.Name,
            Kind = source.Kind.ToString(),
            Settings = JsonSerializer.Serialize(source.Settings, SourceSettings.Json),
            source.Schedule,
            source.Enabled,
            source.RejectThreshold,
            source.IsDemo,
        }, transaction, cancellationToken: cancellationToken));

    internal static Task UpdateAsync(DbConnection connection, DbTransaction transaction, DataSource source, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(Update, new
        {
            source.Id,
            Kind = source.Kind.ToString(),
            Settings = JsonSerializer.Serialize(source.Settings, SourceSettings.Json),
            source.Schedule,
            source.Enabled,
            source.RejectThreshold,
        }, transaction, cancellationToken: cancellationToken));

    /// <summary>What a source has brought: its runs, those that succeeded (or found the file unchanged), the values its runs hold now.</summary>
    public sealed record Usage(long Runs, long SucceededRuns, long Observations);

    public static async Task<Usage> UsageAsync(Database database, int sourceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<Usage>(new CommandDefinition(SelectUsage, new { Id = sourceId }, cancellationToken: cancellationToken));
    }

    const string SelectUsage =
        """
        SELECT (SELECT COUNT(*) FROM import_runs WHERE data_source_id = @Id) AS Runs,
               (SELECT COUNT(*) FROM import_runs WHERE data_source_id = @Id AND status IN ('Succeeded', 'Unchanged')) AS SucceededRuns,
               (SELECT COUNT(*) FROM observations WHERE import_run_id IN (SELECT id FROM import_runs WHERE data_source_id = @Id)) AS Observations
        """;

    /// <summary>Deletes a source, its runs and what they hold (values, revisions, plausibility flags); returns the codes of the variables whose values went.</summary>
    internal static async Task<IReadOnlyList<string>> DeleteAsync(DbConnection connection, DbTransaction transaction, int sourceId, CancellationToken cancellationToken)
    {
        var variables = (await connection.QueryAsync<(long Id, string Code)>(new CommandDefinition(SelectVariablesOfSource, new { Id = sourceId }, transaction, cancellationToken: cancellationToken))).AsList();
        foreach (var statement in DeleteSource)
        {
            await connection.ExecuteAsync(new CommandDefinition(statement, new { Id = sourceId }, transaction, cancellationToken: cancellationToken));
        }
        // The combinations and years kept per variable follow the values that are left.
        foreach (var statement in ForgetEmptied)
        {
            await connection.ExecuteAsync(new CommandDefinition(statement, new { Ids = variables.Select(v => v.Id).ToList() }, transaction, cancellationToken: cancellationToken));
        }
        return variables.Select(v => v.Code).ToList();
    }

    const string RunsOfSource = "SELECT id FROM import_runs WHERE data_source_id = @Id";

    const string SelectVariablesOfSource =
        "SELECT v.id, v.code FROM variables v WHERE v.id IN (SELECT DISTINCT o.variable_id FROM observations o WHERE o.import_run_id IN (" + RunsOfSource + "))";

    static readonly string[] DeleteSource =
    [
        "DELETE FROM anomalies WHERE import_run_id IN (" + RunsOfSource + ")",
        "DELETE FROM observation_revisions WHERE import_run_id IN (" + RunsOfSource + ") OR old_import_run_id IN (" + RunsOfSource + ")",
        "DELETE FROM observations WHERE import_run_id IN (" + RunsOfSource + ")",
        "DELETE FROM import_runs WHERE data_source_id = @Id",
        "DELETE FROM data_sources WHERE id = @Id",
    ];

    static readonly string[] ForgetEmptied =
    [
        """
        DELETE FROM variable_years WHERE variable_id IN @Ids
          AND NOT EXISTS (SELECT 1 FROM observations o WHERE o.variable_id = variable_years.variable_id AND o.year = variable_years.year)
        """,
        """
        DELETE FROM variable_dimension_sets WHERE variable_id IN @Ids
          AND NOT EXISTS (SELECT 1 FROM observations o WHERE o.variable_id = variable_dimension_sets.variable_id AND o.dimension_set_id = variable_dimension_sets.dimension_set_id)
        """,
    ];

    const string Update = "UPDATE data_sources SET kind = @Kind, settings = @Settings, schedule = @Schedule, enabled = @Enabled, reject_threshold = @RejectThreshold WHERE id = @Id";

    /// <summary>
    /// Per source: the values it brought (rows its runs inserted; counting the observations table instead would scan
    /// millions of rows on every start page) and how its last run went, for the data status on the start page.
    /// </summary>
    public sealed class SourceStatus
    {
        public string Name { get; init; } = "";
        public bool IsDemo { get; init; }
        public long Observations { get; init; }
        public string? LastStatus { get; init; }
        public DateTime? LastFinishedAt { get; init; }
    }

    public static async Task<IReadOnlyList<SourceStatus>> SourceStatusAsync(this Database database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SourceStatus>(new CommandDefinition(SelectStatus, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    const string SelectStatus =
        """
        SELECT s.name AS Name, s.is_demo AS IsDemo,
               (SELECT COALESCE(SUM(r.rows_inserted), 0) FROM import_runs r WHERE r.data_source_id = s.id AND r.status = 'Succeeded') AS Observations,
               (SELECT r.status FROM import_runs r WHERE r.id = (SELECT MAX(id) FROM import_runs WHERE data_source_id = s.id)) AS LastStatus,
               (SELECT r.finished_at FROM import_runs r WHERE r.id = (SELECT MAX(id) FROM import_runs WHERE data_source_id = s.id)) AS LastFinishedAt
        FROM data_sources s
        ORDER BY s.is_demo, s.name
        """;

    static string Insert(SqlDialect dialect) => dialect.InsertReturningId("data_sources",
        "name, kind, settings, schedule, enabled, reject_threshold, is_demo", "@Name, @Kind, @Settings, @Schedule, @Enabled, @RejectThreshold, @IsDemo");
}
