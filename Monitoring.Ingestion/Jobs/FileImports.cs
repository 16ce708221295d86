using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Core.Changes;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Files;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Ingestion.Jobs;

/// <summary>
/// A file the dashboard or the API received, imported by a background job (<see cref="ImportJobs.ImportStoredFileAsync"/>,
/// visible in the Hangfire dashboard): the upload is recorded, the file moved to an upload name the job owns, the job
/// queued. A job can be cancelled while it waits or runs; its run then ends with nothing kept.
/// </summary>
public sealed class FileImports(Database database, SourceWrites sources, IServiceProvider services)
{
    IBackgroundJobClient Jobs => services.GetService<IBackgroundJobClient>()
        ?? throw new InvalidOperationException("Dieser Host hat keine Auftragswarteschlange; Importe laufen über den Dashboard-Host oder einen Worker (Monitoring.Ingest worker).");

    /// <summary>Whether this host can queue imports.</summary>
    public bool CanQueue => services.GetService<IBackgroundJobClient>() is not null;

    /// <summary>Queues the import of <paramref name="storedPath"/> (a file in the upload folder) for <paramref name="source"/>; returns the job's id.</summary>
    public async Task<string> EnqueueAsync(string actor, DataSource source, string storedPath, string displayName, CancellationToken cancellationToken)
    {
        var jobs = Jobs;
        var owned = Path.Combine(Path.GetDirectoryName(storedPath)!, UploadFolder.NewUploadName(displayName));
        File.Move(storedPath, owned);
        var queued = false;
        try
        {
            await sources.RecordUploadAsync(actor, source, displayName, new FileInfo(owned).Length, cancellationToken);
            var job = jobs.Enqueue<ImportJobs>(j => j.ImportStoredFileAsync(source.Id, owned, displayName, CancellationToken.None));
            queued = true;
            return job;
        }
        finally
        {
            // Until a queued job owns it, the file is nobody's: a failed audit entry leaves nothing behind.
            if (!queued) File.Delete(owned);
        }
    }

    /// <summary>Hangfire's ids: numbers (SQLite, SQL Server) or GUIDs; anything else names no job.</summary>
    public static bool IsJobId(string jobId) => jobId.Length is > 0 and <= 64 && jobId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>Cancels a waiting or running import job, recorded in the audit log; false when it has ended already or is none.</summary>
    public async Task<bool> CancelAsync(string actor, string jobId, CancellationToken cancellationToken)
    {
        if (!IsJobId(jobId) || !Jobs.Delete(jobId)) return false;
        await database.RecordEventAsync(actor, "import.cancel", "job", jobId, null, cancellationToken);
        return true;
    }
}
