using System.Text.Json;
using Dapper;
using Monitoring.Core.Storage;

namespace Monitoring.Ingest.Imports;

/// <summary>The run log. A run's row is written outside the data transaction, so a failed run is still on record.</summary>
public static class ImportRuns
{
    public sealed class RunSummary
    {
        public long Id { get; init; }
        public string Source { get; init; } = "";
        public string Status { get; init; } = "";
        public DateTime StartedAt { get; init; }
        public DateTime? FinishedAt { get; init; }
        public string? FileName { get; init; }
        public long RowsRead { get; init; }
        public long RowsInserted { get; init; }
        public long RowsUpdated { get; init; }
        public long RowsUnchanged { get; init; }
        public long RowsRejected { get; init; }
        public string? Error { get; init; }
    }

    internal static async Task<long> StartAsync(Database database, int sourceId, string fileName, string hash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(Start(database.Dialect),
            new { SourceId = sourceId, StartedAt = DateTime.UtcNow, FileName = fileName, Hash = hash }, cancellationToken: cancellationToken));
    }

    static string Start(SqlDialect dialect) => dialect.InsertReturningId("import_runs",
        "data_source_id, status, started_at, file_name, file_hash", "@SourceId, 'Running', @StartedAt, @FileName, @Hash");

    internal static async Task FinishAsync(Database database, ImportReport report)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(Finish, new
        {
            Id = report.RunId,
            Status = report.Status.ToString(),
            FinishedAt = DateTime.UtcNow,
            report.RowsRead,
            report.Inserted,
            report.Updated,
            report.Unchanged,
            report.Rejected,
            Report = JsonSerializer.Serialize(report, SourceSettings.Json),
            report.Error,
        });
    }

    const string Finish =
        """
        UPDATE import_runs SET status = @Status, finished_at = @FinishedAt, rows_read = @RowsRead, rows_inserted = @Inserted,
            rows_updated = @Updated, rows_unchanged = @Unchanged, rows_rejected = @Rejected, report = @Report, error = @Error
        WHERE id = @Id
        """;

    /// <summary>Whether this source already imported exactly this file successfully.</summary>
    internal static async Task<bool> AlreadyImportedAsync(Database database, int sourceId, string hash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountSucceededWithHash, new { SourceId = sourceId, Hash = hash }, cancellationToken: cancellationToken)) > 0;
    }

    const string CountSucceededWithHash = "SELECT COUNT(*) FROM import_runs WHERE data_source_id = @SourceId AND file_hash = @Hash AND status = 'Succeeded'";

    /// <summary>Sources with a run still marked running.</summary>
    public static async Task<IReadOnlyList<int>> SourcesWithRunningRunsAsync(Database database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<int>(new CommandDefinition(SelectRunningSources, cancellationToken: cancellationToken))).AsList();
    }

    const string SelectRunningSources = "SELECT DISTINCT data_source_id FROM import_runs WHERE status = 'Running'";

    /// <summary>
    /// Marks a source's runs still marked running as interrupted. Call it only while holding the source's lock: then no
    /// live process is importing it, so such runs were cut off (crash, kill). Their data transaction was rolled back by
    /// the database, so only the log needs correcting. Returns how many were marked.
    /// </summary>
    public static async Task<int> MarkInterruptedAsync(Database database, int sourceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(MarkInterrupted, new { SourceId = sourceId, FinishedAt = DateTime.UtcNow }, cancellationToken: cancellationToken));
    }

    const string MarkInterrupted =
        "UPDATE import_runs SET status = 'Failed', finished_at = @FinishedAt, error = 'Interrupted: the process ended during the run; nothing of it was kept.' WHERE status = 'Running' AND data_source_id = @SourceId";

    public static async Task<IReadOnlyList<RunSummary>> ListRunsAsync(this Database database, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RunSummary>(new CommandDefinition(List(database.Dialect), new { Skip = skip, Take = take }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>One run with its stored report (JSON: rejected rows with file, line and column, unknown areas, anomalies, phases).</summary>
    public static async Task<(RunSummary Run, string? Report)?> FindRunAsync(this Database database, long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var run = await connection.QuerySingleOrDefaultAsync<RunSummary>(new CommandDefinition(SelectRun, new { Id = id }, cancellationToken: cancellationToken));
        if (run is null) return null;
        return (run, await connection.ExecuteScalarAsync<string?>(new CommandDefinition(SelectReport, new { Id = id }, cancellationToken: cancellationToken)));
    }

    const string Summary =
        """
        SELECT r.id AS Id, s.name AS Source, r.status AS Status, r.started_at AS StartedAt, r.finished_at AS FinishedAt, r.file_name AS FileName,
               r.rows_read AS RowsRead, r.rows_inserted AS RowsInserted, r.rows_updated AS RowsUpdated, r.rows_unchanged AS RowsUnchanged,
               r.rows_rejected AS RowsRejected, r.error AS Error
        FROM import_runs r JOIN data_sources s ON s.id = r.data_source_id
        """;

    const string SelectRun = Summary + " WHERE r.id = @Id";

    const string SelectReport = "SELECT report FROM import_runs WHERE id = @Id";

    static string List(SqlDialect dialect) => dialect.Page(Summary + " ORDER BY r.id DESC");
}
