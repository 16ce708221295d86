using System.Globalization;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Logging;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Anomalies;
using Monitoring.Ingestion.Genesis;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Ingestion.Jobs;

/// <summary>
/// The jobs Hangfire runs. Each holds a distributed lock per source, so two runs of one source never overlap,
/// across workers and processes. A job cut off by a crash runs again (an import is one transaction): its run is marked
/// failed by the process that finds it dead, which queues the job again (<see cref="MarkInterruptedRunsAsync"/>).
/// The plausibility checks of a job's runs are queued as jobs of their own when it has released the lock.
/// </summary>
public sealed class ImportJobs(Database database, Importer importer, GenesisClient genesis, JobStorage storage, DropFolders dropFolders, ILogger<ImportJobs> logger)
{
    /// <summary>Files younger than this may still be being copied into a drop folder.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A run on another machine whose heartbeat (<see cref="ImportRuns.HeartbeatInterval"/>) is older than this is taken
    /// as cut off. Generous: on SQLite a heartbeat waits behind any write transaction, an import's included.
    /// </summary>
    public static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromMinutes(10);

    /// <summary>A job server that has not reported for this long is taken as gone (Hangfire's own server timeout).</summary>
    static readonly TimeSpan ServerTimeout = TimeSpan.FromMinutes(5);

    /// <summary>How long a job queued again after its process died waits when the source's lock is still held: the embedded storage's lock lifetime, and a margin.</summary>
    static readonly TimeSpan LeftLockExpiry = JobsHosting.SqliteLockLifetime + TimeSpan.FromSeconds(5);

    /// <summary>The scheduled run of a source: fetches its GENESIS table, and imports whatever waits in its drop folder.</summary>
    [Queue(JobsHosting.Queue)]
    [AutomaticRetry(Attempts = 3, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task<int> RunSourceAsync(int sourceId, CancellationToken cancellationToken)
    {
        using var checks = DeferredChecks.Begin();
        try
        {
            using var sourceLock = TryLock(sourceId);
            if (sourceLock is null) return 0;
            if (await database.FindSourceAsync(sourceId, cancellationToken) is not { Enabled: true } source) return 0;
            var imported = 0;
            if (source.Settings.Api is { } api) imported += await ImportFromApiAsync(source, api, cancellationToken);
            if (source.Settings.DropFolder is { } folder) imported += await ImportDropFolderAsync(source, folder, cancellationToken);
            return imported;
        }
        finally
        {
            // The lock is released: the checks of the runs that committed, even when a later step failed.
            await CheckAfterLockAsync(checks);
        }
    }

    async Task<int> ImportFromApiAsync(DataSource source, GenesisTableRequest api, CancellationToken cancellationToken)
    {
        // A failed download is a failed job: Hangfire retries it later and shows the service's message.
        var path = await genesis.DownloadAsync(api, cancellationToken);
        try
        {
            var name = $"GENESIS {api.Table} {DateTime.UtcNow:yyyy-MM-dd}{Path.GetExtension(path)}";
            await importer.ImportFileAsync(source, path, name, cancellationToken: cancellationToken);
            return 1;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Imports one stored file (an upload, "import now") for a source, then deletes the stored copy.</summary>
    [Queue(JobsHosting.Queue)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<ImportStatus> ImportStoredFileAsync(int sourceId, string path, string displayName, CancellationToken cancellationToken)
    {
        using var checks = DeferredChecks.Begin();
        try
        {
            // Uploads wait their turn instead of being skipped; a lock a killed process left expires meanwhile.
            using var connection = storage.GetConnection();
            using var sourceLock = connection.AcquireDistributedLock(LockName(sourceId), TimeSpan.FromMinutes(30));
            var source = await database.FindSourceAsync(sourceId, cancellationToken) ?? throw new InvalidOperationException($"Die Datenquelle {sourceId} gibt es nicht mehr.");
            try
            {
                // The run page shows how far a large file has come.
                return (await importer.ImportFileAsync(source, path, displayName, new ImportJobProgress(storage).ForCurrentJob(), cancellationToken)).Status;
            }
            finally
            {
                File.Delete(path);
            }
        }
        finally
        {
            await CheckAfterLockAsync(checks);
        }
    }

    /// <summary>
    /// Marks runs whose process no longer lives as failed, whatever the job locks say (a killed process's lock stays
    /// until it expires), and sees that their jobs run again. A process on this machine is alive or not by its process id and
    /// start; one on another machine (or one the system will not tell about) is taken as gone when its heartbeat is older
    /// than <see cref="HeartbeatTimeout"/>.
    /// Runs from before schema version 13 name no process: for them only a free source lock tells. Returns how many
    /// runs were marked.
    /// </summary>
    public async Task<int> MarkInterruptedRunsAsync(CancellationToken cancellationToken)
    {
        var marked = 0;
        var running = await ImportRuns.ListRunningAsync(database, cancellationToken);
        foreach (var run in running)
        {
            if (run.Owner is not { } owner || Ended(run, owner, DateTime.UtcNow) is not { } cause) continue;
            var job = JobOfInterrupted(run);
            // The embedded storage hands a dead worker's job out again only after its invisibility timeout (30 minutes),
            // so it is queued again here; SQL Server's storage does so itself once the dead worker's keep-alive has
            // stopped for its sliding invisibility timeout (5 minutes), and a second queuing would run the job twice.
            var requeue = job is not null && storage is SQLiteStorage;
            var again = job is null ? ""
                : requeue ? "; der Auftrag wurde erneut eingeplant"
                : "; der Auftrag läuft erneut, sobald die Auftragswarteschlange ihn wieder ausgibt";
            // The run's error is what the analyst reads; the log keeps the English cause for operators.
            var error = $"Abgebrochen: {cause.German}; nichts davon wurde übernommen{again}.";
            // Another process may have marked it first (then that one queues the job).
            if (!await ImportRuns.MarkInterruptedAsync(database, run.Id, error, cancellationToken)) continue;
            marked++;
            logger.LogWarning("Import run {RunId} of source {SourceId} was interrupted: {Cause}.", run.Id, run.SourceId, cause.English);
            if (requeue) QueueAgain(job!, run);
        }
        foreach (var sourceId in running.Where(r => r.Owner is null).Select(r => r.SourceId).Distinct())
        {
            using var sourceLock = TryLock(sourceId);
            if (sourceLock is not null) marked += await ImportRuns.MarkInterruptedAsync(database, sourceId, cancellationToken);
        }
        return marked;
    }

    /// <summary>Why the run's process is taken as ended (in English for the log, in German for the run), or null while it lives.</summary>
    static (string English, string German)? Ended(ImportRuns.OwnedRun run, ProcessIdentity owner, DateTime now)
    {
        switch (owner.IsAlive())
        {
            case true:
                return null;
            case false:
                return ($"the process running it ({owner.Describe()}) ended during the run",
                    $"Der Prozess, der den Import ausführte ({owner.Describe()}), endete mittendrin");
            default:
                var last = run.LastSignOfLife;
                if (now - last < HeartbeatTimeout) return null;
                var at = last.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                var atGerman = last.ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);
                return ($"the process running it ({owner.Describe()}) has given no sign of life since {at} UTC",
                    $"Der Prozess, der den Import ausführte ({owner.Describe()}), meldet sich seit {atGerman} UTC nicht mehr");
        }
    }

    /// <summary>
    /// The job of an interrupted run when it still stands in the execution that started the run: a later execution (the
    /// job queued again before, or handed out again by the storage) is alive and has a run of its own.
    /// </summary>
    string? JobOfInterrupted(ImportRuns.OwnedRun run)
    {
        if (run.JobId is not { } jobId) return null;
        try
        {
            using var connection = storage.GetConnection();
            var state = connection.GetStateData(jobId);
            if (state?.Name != ProcessingState.StateName) return null;
            if (state.Data is { } data && data.TryGetValue("StartedAt", out var started) && JobHelper.DeserializeNullableDateTime(started) is { } startedAt
                && startedAt > run.StartedAt.AddSeconds(1)) return null;
            return jobId;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The job {JobId} of interrupted run {RunId} could not be read; it is not queued again.", jobId, run.Id);
            return null;
        }
    }

    /// <summary>
    /// Queues an interrupted run's job again: at once when its source's lock is free, otherwise once a lock the dead
    /// process left has expired (a scheduled run finding the lock held would skip).
    /// </summary>
    void QueueAgain(string jobId, ImportRuns.OwnedRun run)
    {
        try
        {
            var reason = $"Importlauf {run.Id} wurde abgebrochen: sein Prozess endete.";
            IState next = IsLockFree(run.SourceId) ? new EnqueuedState { Reason = reason } : new ScheduledState(LeftLockExpiry) { Reason = reason };
            if (new BackgroundJobClient(storage).ChangeState(jobId, next, ProcessingState.StateName))
            {
                logger.LogWarning("Job {JobId} of interrupted run {RunId} is queued again ({State}).", jobId, run.Id, next.Name);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "The job {JobId} of interrupted run {RunId} could not be queued again; run it again from the job dashboard.", jobId, run.Id);
        }
    }

    bool IsLockFree(int sourceId)
    {
        using var connection = storage.GetConnection();
        try
        {
            using (connection.AcquireDistributedLock(LockName(sourceId), TimeSpan.FromSeconds(1))) return true;
        }
        catch (DistributedLockTimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Queues the plausibility checks of runs whose check was never recorded because their process died between the
    /// run and its check (the checks a job held back are queued only after its lock). Called at start-up.
    /// </summary>
    public async Task<int> QueueMissedChecksAsync(CancellationToken cancellationToken)
    {
        var queued = 0;
        var now = DateTime.UtcNow;
        foreach (var run in await ImportRuns.ListUncheckedAsync(database, cancellationToken))
        {
            // A live owner queues its checks itself; one on another machine is waited for as long as a run's heartbeat.
            if (run.Owner is not { } owner) continue;
            var alive = owner.IsAlive();
            if (alive is true || (alive is null && now - (run.FinishedAt ?? run.StartedAt) < HeartbeatTimeout)) continue;
            var runId = run.Id;
            new BackgroundJobClient(storage).Enqueue<AnomalyJobs>(j => j.CheckRunAsync(runId, CancellationToken.None));
            queued++;
        }
        return queued;
    }

    /// <summary>
    /// The checks a job held back while it held its source's lock: each a job of its own when a job server runs, else
    /// (the command line's <c>run</c>, which has the job storage but no server) here and now, after the lock.
    /// </summary>
    async Task CheckAfterLockAsync(DeferredChecks checks)
    {
        var runs = checks.Take();
        if (runs.Count == 0) return;
        var queue = HasJobServer();
        foreach (var runId in runs)
        {
            if (queue)
            {
                try
                {
                    new BackgroundJobClient(storage).Enqueue<AnomalyJobs>(j => j.CheckRunAsync(runId, CancellationToken.None));
                    continue;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "The plausibility check of run {RunId} could not be queued; it runs here instead.", runId);
                }
            }
            try
            {
                await AnomalyCheck.RunAsync(database, runId, CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The data is committed; a broken check must not turn the run into a failure.
                logger.LogError(ex, "Plausibility check of run {RunId} failed; the imported data is not affected.", runId);
            }
        }
    }

    bool HasJobServer()
    {
        try
        {
            return storage.GetMonitoringApi().Servers().Any(s => s.Heartbeat is { } beat && DateTime.UtcNow - beat < ServerTimeout);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The job servers could not be listed; plausibility checks run in this process.");
            return false;
        }
    }

    static string LockName(int sourceId) => $"monitoring:source:{sourceId}";

    /// <summary>The source's lock, or null when another run holds it; disposing releases the lock and its storage connection.</summary>
    IDisposable? TryLock(int sourceId)
    {
        var connection = storage.GetConnection();
        try
        {
            return new Held(connection, connection.AcquireDistributedLock(LockName(sourceId), TimeSpan.FromSeconds(1)));
        }
        catch (DistributedLockTimeoutException)
        {
            connection.Dispose();
            logger.LogInformation("Source {SourceId} is being imported by another run; this run skips.", sourceId);
            return null;
        }
    }

    sealed class Held(IDisposable connection, IDisposable sourceLock) : IDisposable
    {
        public void Dispose()
        {
            sourceLock.Dispose();
            connection.Dispose();
        }
    }

    async Task<int> ImportDropFolderAsync(DataSource source, string subFolder, CancellationToken cancellationToken)
    {
        // Checked again at every run: the setting may predate the rule, or a link may have been put in its way since.
        var (folder, problem) = dropFolders.Resolve(subFolder);
        if (folder is null) throw new InvalidOperationException($"Datenquelle „{source.Name}“: {problem}");
        if (!Directory.Exists(folder))
        {
            logger.LogWarning("Drop folder {Folder} of source {Source} does not exist.", folder, source.Name);
            return 0;
        }
        var imported = 0;
        var files = new DirectoryInfo(folder).EnumerateFiles()
            .Where(f => !f.Name.StartsWith('.') && f.Extension is not (".tmp" or ".part") && DateTime.UtcNow - f.LastWriteTimeUtc > SettleTime)
            .OrderBy(f => f.LastWriteTimeUtc)
            .ToList();
        // A link could lead to any file of the server: links are left where they are, and said so.
        foreach (var link in files.Where(f => f.LinkTarget is not null))
        {
            logger.LogWarning("Drop folder {Folder} of source {Source}: {File} is a link and is not imported.", folder, source.Name, link.Name);
        }
        files.RemoveAll(f => f.LinkTarget is not null);
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var report = await importer.ImportFileAsync(source, file.FullName, file.Name, cancellationToken: cancellationToken);
            var target = Path.Combine(folder, report.Status == ImportStatus.Failed ? "failed" : "processed");
            Directory.CreateDirectory(target);
            var moved = Path.Combine(target, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-run{report.RunId}-{file.Name}");
            file.MoveTo(moved);
            if (report.Status == ImportStatus.Failed)
            {
                await File.WriteAllTextAsync(moved + ".error.txt",
                    report.Error + Environment.NewLine + string.Join(Environment.NewLine, report.RejectedRows.Select(r => $"{r.File}, Zeile {r.Line}, Spalte {r.Column}: {r.Reason}")),
                    cancellationToken);
            }
            imported++;
        }
        return imported;
    }
}
