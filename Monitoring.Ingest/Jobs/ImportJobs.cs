using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;
using Monitoring.Core.Storage;
using Monitoring.Ingest.Genesis;
using Monitoring.Ingest.Imports;

namespace Monitoring.Ingest.Jobs;

/// <summary>
/// The jobs Hangfire runs. Each holds a distributed lock per source, so two runs of one source never overlap,
/// across workers and processes. A job cut off by a crash simply runs again: an import is one transaction.
/// </summary>
public sealed class ImportJobs(Database database, Importer importer, GenesisClient genesis, JobStorage storage, ILogger<ImportJobs> logger)
{
    /// <summary>Files younger than this may still be being copied into a drop folder.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(2);

    /// <summary>The scheduled run of a source: fetches its GENESIS table, and imports whatever waits in its drop folder.</summary>
    [Queue(JobsHosting.Queue)]
    [AutomaticRetry(Attempts = 3, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task<int> RunSourceAsync(int sourceId, CancellationToken cancellationToken)
    {
        using var sourceLock = TryLock(sourceId);
        if (sourceLock is null) return 0;
        if (await database.FindSourceAsync(sourceId, cancellationToken) is not { Enabled: true } source) return 0;
        var imported = 0;
        if (source.Settings.Api is { } api) imported += await ImportFromApiAsync(source, api, cancellationToken);
        if (source.Settings.DropFolder is { } folder) imported += await ImportDropFolderAsync(source, folder, cancellationToken);
        return imported;
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
        // Uploads wait their turn instead of being skipped.
        using var connection = storage.GetConnection();
        using var sourceLock = connection.AcquireDistributedLock(LockName(sourceId), TimeSpan.FromMinutes(30));
        var source = await database.FindSourceAsync(sourceId, cancellationToken) ?? throw new InvalidOperationException($"Data source {sourceId} no longer exists.");
        try
        {
            return (await importer.ImportFileAsync(source, path, displayName, cancellationToken: cancellationToken)).Status;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Marks runs cut off by a crash as failed, for every source no live process is importing right now.</summary>
    public async Task<int> MarkInterruptedRunsAsync(CancellationToken cancellationToken)
    {
        var marked = 0;
        foreach (var sourceId in await ImportRuns.SourcesWithRunningRunsAsync(database, cancellationToken))
        {
            using var sourceLock = TryLock(sourceId);
            if (sourceLock is not null) marked += await ImportRuns.MarkInterruptedAsync(database, sourceId, cancellationToken);
        }
        return marked;
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

    async Task<int> ImportDropFolderAsync(DataSource source, string folder, CancellationToken cancellationToken)
    {
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
                    report.Error + Environment.NewLine + string.Join(Environment.NewLine, report.RejectedRows.Select(r => $"{r.File}, line {r.Line}, column {r.Column}: {r.Reason}")),
                    cancellationToken);
            }
            imported++;
        }
        return imported;
    }
}
