using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using Dapper;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Jobs;

namespace Monitoring.Ingestion.Imports;

/// <summary>
/// The run log. A run's row is written outside the data transaction, so a failed run is still on record. Each run names
/// the process that runs it (<see cref="ProcessIdentity"/>), which writes a heartbeat while it lasts, and the job it
/// runs for: a run whose process died is found by that, whatever a job lock left behind says.
/// </summary>
public static class ImportRuns
{
    /// <summary>How often the process running a run writes the run's heartbeat.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(30);

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
        public int SourceId { get; init; }

        /// <summary>The background job the run ran in; null for a run from the command line or a direct upload.</summary>
        public string? JobId { get; init; }
    }

    internal static async Task<long> StartAsync(Database database, int sourceId, string fileName, string hash, CancellationToken cancellationToken)
    {
        var owner = ProcessIdentity.Current;
        long id;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(Start(database.Dialect), new
            {
                SourceId = sourceId,
                StartedAt = DateTime.UtcNow,
                FileName = fileName,
                Hash = hash,
                OwnerHost = owner.Host,
                OwnerPid = owner.ProcessId,
                OwnerStart = owner.StartToken,
                JobId = CurrentJob.Id,
            }, cancellationToken: cancellationToken));
        }
        Heartbeats.Add(database, id);
        return id;
    }

    static string Start(SqlDialect dialect) => dialect.InsertReturningId("import_runs",
        "data_source_id, status, started_at, file_name, file_hash, owner_host, owner_pid, owner_start, heartbeat_at, job_id",
        "@SourceId, 'Running', @StartedAt, @FileName, @Hash, @OwnerHost, @OwnerPid, @OwnerStart, @StartedAt, @JobId");

    internal static async Task FinishAsync(Database database, ImportReport report)
    {
        try
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
        finally
        {
            // Even when the log could not be written: the run no longer lasts, so its heartbeat stops.
            Heartbeats.Remove(database, report.RunId);
        }
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
    /// Marks a source's runs still marked running that name no process (started before schema version 13) as interrupted.
    /// Call it only while holding the source's lock: then no live process is importing it, so such runs were cut off
    /// (crash, kill). Their data transaction was rolled back by the database, so only the log needs correcting. Returns
    /// how many were marked.
    /// </summary>
    public static async Task<int> MarkInterruptedAsync(Database database, int sourceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(MarkInterrupted, new { SourceId = sourceId, FinishedAt = DateTime.UtcNow }, cancellationToken: cancellationToken));
    }

    const string MarkInterrupted =
        "UPDATE import_runs SET status = 'Failed', finished_at = @FinishedAt, error = 'Abgebrochen: Der Prozess endete während des Laufs; nichts davon wurde übernommen.' WHERE status = 'Running' AND data_source_id = @SourceId AND owner_host IS NULL";

    /// <summary>A run and the process it names, for telling whether that process still lives.</summary>
    public sealed class OwnedRun
    {
        public long Id { get; init; }
        public int SourceId { get; init; }
        public DateTime StartedAt { get; init; }
        public DateTime? FinishedAt { get; init; }
        public string? OwnerHost { get; init; }
        public int? OwnerPid { get; init; }
        public string? OwnerStart { get; init; }
        public DateTime? HeartbeatAt { get; init; }
        public string? JobId { get; init; }

        /// <summary>The process that runs (or ran) it; null for runs from before schema version 13.</summary>
        public ProcessIdentity? Owner => OwnerHost is { } host && OwnerPid is { } pid && OwnerStart is { } start ? new ProcessIdentity(host, pid, start) : null;

        /// <summary>The owner's last sign of life: its latest heartbeat, or the start.</summary>
        public DateTime LastSignOfLife => HeartbeatAt ?? StartedAt;
    }

    const string Owned =
        """
        SELECT id AS Id, data_source_id AS SourceId, started_at AS StartedAt, finished_at AS FinishedAt, owner_host AS OwnerHost,
               owner_pid AS OwnerPid, owner_start AS OwnerStart, heartbeat_at AS HeartbeatAt, job_id AS JobId
        FROM import_runs
        """;

    const string SelectRunning = Owned + " WHERE status = 'Running'";

    /// <summary>Every run still marked running, with its process.</summary>
    public static async Task<IReadOnlyList<OwnedRun>> ListRunningAsync(Database database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<OwnedRun>(new CommandDefinition(SelectRunning, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>
    /// Marks one run still marked running as failed with <paramref name="error"/>; false when it is no longer running
    /// (it finished meanwhile, or another process marked it first).
    /// </summary>
    public static async Task<bool> MarkInterruptedAsync(Database database, long runId, string error, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(MarkOneInterrupted, new { Id = runId, FinishedAt = DateTime.UtcNow, Error = error }, cancellationToken: cancellationToken)) == 1;
    }

    const string MarkOneInterrupted = "UPDATE import_runs SET status = 'Failed', finished_at = @FinishedAt, error = @Error WHERE id = @Id AND status = 'Running'";

    const string SelectUnchecked = Owned + " WHERE status = 'Succeeded' AND checked_at IS NULL AND rows_inserted + rows_updated > 0 AND owner_host IS NOT NULL";

    /// <summary>Succeeded runs that changed values and whose plausibility check has not been recorded.</summary>
    public static async Task<IReadOnlyList<OwnedRun>> ListUncheckedAsync(Database database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<OwnedRun>(new CommandDefinition(SelectUnchecked, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>
    /// Records, inside the check's own transaction, that the plausibility check of a run is done; when the run has
    /// finished (the check ran as its own job after it), its stored report gets the flags, as a check during the run
    /// put them there.
    /// </summary>
    internal static async Task RecordCheckAsync(DbConnection connection, DbTransaction transaction, long runId, IReadOnlyList<Anomalies.Anomaly> anomalies,
        CancellationToken cancellationToken)
    {
        var stored = await connection.QuerySingleOrDefaultAsync<StoredReport>(new CommandDefinition(SelectStoredReport, new { Id = runId }, transaction, cancellationToken: cancellationToken));
        string? report = null;
        if (stored is { Status: not "Running", Report: { } json } && JsonSerializer.Deserialize<ImportReport>(json, SourceSettings.Json) is { } finished)
        {
            report = JsonSerializer.Serialize(finished with { AnomalyCount = anomalies.Count, Anomalies = anomalies.Take(ImportReport.DetailLimit).ToList() }, SourceSettings.Json);
        }
        await connection.ExecuteAsync(new CommandDefinition(report is null ? MarkChecked : MarkCheckedWithReport,
            new { Id = runId, CheckedAt = DateTime.UtcNow, Report = report }, transaction, cancellationToken: cancellationToken));
    }

    sealed class StoredReport
    {
        public string Status { get; init; } = "";
        public string? Report { get; init; }
    }

    const string SelectStoredReport = "SELECT status AS Status, report AS Report FROM import_runs WHERE id = @Id";

    const string MarkChecked = "UPDATE import_runs SET checked_at = @CheckedAt WHERE id = @Id";

    const string MarkCheckedWithReport = "UPDATE import_runs SET checked_at = @CheckedAt, report = @Report WHERE id = @Id";

    const string Beat = "UPDATE import_runs SET heartbeat_at = @Now WHERE id IN @Ids AND status = 'Running'";

    /// <summary>
    /// The runs this process is running, whose heartbeat it writes every <see cref="HeartbeatInterval"/> (one timer for
    /// the process; every host, the command line included, imports through <see cref="StartAsync"/>).
    /// </summary>
    static class Heartbeats
    {
        static readonly ConcurrentDictionary<(Database Database, long RunId), byte> Running = new();
        static readonly Lock Gate = new();
        static Timer? timer;
        static int beating;

        public static void Add(Database database, long runId)
        {
            Running[(database, runId)] = 0;
            lock (Gate)
            {
                timer ??= new Timer(state => _ = BeatAsync(), null, HeartbeatInterval, HeartbeatInterval);
            }
        }

        public static void Remove(Database database, long runId) => Running.TryRemove((database, runId), out _);

        static async Task BeatAsync()
        {
            // One beat at a time: on SQLite a beat waits behind an import's write transaction (up to the busy timeout).
            if (Interlocked.Exchange(ref beating, 1) == 1) return;
            try
            {
                foreach (var runs in Running.Keys.GroupBy(k => k.Database))
                {
                    try
                    {
                        await using var connection = await runs.Key.OpenAsync();
                        await connection.ExecuteAsync(Beat, new { Ids = runs.Select(r => r.RunId).ToList(), Now = DateTime.UtcNow });
                    }
                    catch (Exception ex) when (ex is DbException or InvalidOperationException or IOException)
                    {
                        // Missed beats are made up by the next: a run counts as abandoned only after many (ImportJobs.HeartbeatTimeout).
                    }
                }
            }
            finally
            {
                Volatile.Write(ref beating, 0);
            }
        }
    }

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

    /// <summary>The variables a run brought and, per variable, its first areas by key: what the run page charts.</summary>
    public static async Task<IReadOnlyList<(string Variable, IReadOnlyList<string> Areas)>> ImportedSeriesAsync(this Database database, long runId, int variables, int areas,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var imported = await connection.QueryAsync<(string Variable, string Area)>(new CommandDefinition(SelectImported, new { Id = runId }, cancellationToken: cancellationToken));
        return imported.GroupBy(i => i.Variable).Select(g => (g.Key, (IReadOnlyList<string>)g.Select(i => i.Area).Distinct().Take(areas).ToList())).Take(variables).ToList();
    }

    const string SelectImported =
        "SELECT DISTINCT v.code, a.area_key FROM observations o JOIN variables v ON v.id = o.variable_id JOIN areas a ON a.id = o.area_id WHERE o.import_run_id = @Id ORDER BY v.code, a.area_key";

    const string Summary =
        """
        SELECT r.id AS Id, s.name AS Source, r.status AS Status, r.started_at AS StartedAt, r.finished_at AS FinishedAt, r.file_name AS FileName,
               r.rows_read AS RowsRead, r.rows_inserted AS RowsInserted, r.rows_updated AS RowsUpdated, r.rows_unchanged AS RowsUnchanged,
               r.rows_rejected AS RowsRejected, r.error AS Error, r.data_source_id AS SourceId, r.job_id AS JobId
        FROM import_runs r JOIN data_sources s ON s.id = r.data_source_id
        """;

    const string SelectRunOfJob = "SELECT MAX(id) FROM import_runs WHERE job_id = @JobId";

    /// <summary>The latest run a background job started, or null while it waits.</summary>
    public static async Task<long?> FindRunOfJobAsync(this Database database, string jobId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(SelectRunOfJob, new { JobId = jobId }, cancellationToken: cancellationToken));
    }

    /// <summary>A source's latest runs, newest first.</summary>
    public static async Task<IReadOnlyList<RunSummary>> ListRunsOfSourceAsync(this Database database, int sourceId, int take, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<RunSummary>(new CommandDefinition(ListOfSource(database.Dialect), new { SourceId = sourceId, Skip = 0, Take = take }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    static string ListOfSource(SqlDialect dialect) => dialect.Page(Summary + " WHERE r.data_source_id = @SourceId ORDER BY r.id DESC");

    const string SelectRun = Summary + " WHERE r.id = @Id";

    const string SelectReport = "SELECT report FROM import_runs WHERE id = @Id";

    static string List(SqlDialect dialect) => dialect.Page(Summary + " ORDER BY r.id DESC");
}
