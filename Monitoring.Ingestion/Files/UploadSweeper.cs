using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Monitoring.Ingestion.Files;

/// <summary>
/// Removes what is left in the upload folder: at start-up and every hour, files older than a day that no queued or
/// running job will import (a preview the analyst never finished, an upload whose request was cut off, a file whose job
/// was deleted). Only a process that sees the job queue sweeps; one without it (the API-only host) cannot tell a waiting
/// upload from a leftover and leaves the folder alone.
/// </summary>
public sealed class UploadSweeper(IConfiguration configuration, IHostEnvironment environment, IServiceProvider services, ILogger<UploadSweeper> logger)
    : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    const int Page = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Start-up goes on while the first sweep runs.
        await Task.Yield();
        var folder = UploadFolder.Of(configuration, environment);
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                SweepOnce(folder);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    void SweepOnce(string folder)
    {
        if (!Directory.Exists(folder)) return;
        try
        {
            if (services.GetService<JobStorage>() is not { } storage) return;
            var deleted = UploadFolder.Sweep(folder, DateTime.UtcNow, QueuedPaths(storage));
            if (deleted.Count > 0) logger.LogInformation("Removed {Count} files older than {Hours} hours from the upload folder {Folder} that no job imports.", deleted.Count, UploadFolder.MaxAge.TotalHours, folder);
        }
        catch (Exception ex)
        {
            // Housekeeping only: the queue could not be read, so nothing is removed this time.
            logger.LogWarning(ex, "Sweeping the upload folder {Folder} failed; nothing was removed.", folder);
        }
    }

    /// <summary>The file paths named by jobs that are waiting, scheduled or running (an upload's import job names its file).</summary>
    static HashSet<string> QueuedPaths(JobStorage storage)
    {
        var monitoring = storage.GetMonitoringApi();
        var paths = new HashSet<string>(StringComparer.Ordinal);
        void Add(Job? job)
        {
            foreach (var argument in job?.Args ?? [])
            {
                if (argument is string text && Path.IsPathRooted(text)) paths.Add(Path.GetFullPath(text));
            }
        }

        // Pages until a short one; a storage may answer null for a list it does not keep.
        foreach (var queue in new[] { Monitoring.Ingestion.Jobs.JobsHosting.Queue, "default" })
        {
            for (var from = 0; monitoring.EnqueuedJobs(queue, from, Page) is { } enqueued; from += Page)
            {
                foreach (var job in enqueued) Add(job.Value?.Job);
                if (enqueued.Count < Page) break;
            }
        }
        for (var from = 0; monitoring.ProcessingJobs(from, Page) is { } processing; from += Page)
        {
            foreach (var job in processing) Add(job.Value?.Job);
            if (processing.Count < Page) break;
        }
        for (var from = 0; monitoring.ScheduledJobs(from, Page) is { } scheduled; from += Page)
        {
            foreach (var job in scheduled) Add(job.Value?.Job);
            if (scheduled.Count < Page) break;
        }
        return paths;
    }
}
