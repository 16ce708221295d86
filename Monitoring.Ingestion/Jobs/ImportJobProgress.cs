using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Ingestion.Jobs;

/// <summary>
/// Where an import job stands, as the run page and the job page show it: the job's state in German and, while it runs, the
/// rows read and the share of the file, kept as a job parameter (written at most once a second; the job storage is
/// a database of its own, so these writes never wait behind the import's transaction).
/// </summary>
public sealed class ImportJobProgress(JobStorage storage)
{
    public const string Parameter = "progress";

    static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    // Hangfire's state names (EnqueuedState.StateName and so on), which are no constants.
    /// <summary>A job's state: its Hangfire name, the German word, the progress while it runs, why it failed.</summary>
    public sealed record Status(string State, string German, ImportProgress? Progress, string? Reason)
    {
        /// <summary>Whether the job has not ended yet.</summary>
        public bool Open => State is "Enqueued" or "Processing" or "Scheduled" or "Awaiting";
    }

    /// <summary>The job's status, or null when the storage has no such job.</summary>
    public Status? Read(string jobId)
    {
        using var connection = storage.GetConnection();
        if (connection.GetJobData(jobId) is not { } job) return null;
        var progress = connection.GetJobParameter(jobId, Parameter) is { Length: > 0 } text ? Parse(text) : null;
        var state = job.State ?? "";
        // A failed job's own message (the job methods throw German ones); Hangfire's reason is its English boilerplate.
        var failure = state == "Failed" && connection.GetStateData(jobId)?.Data is { } data && data.TryGetValue("ExceptionMessage", out var message) ? message : null;
        return new Status(state, German(state), progress, failure);
    }

    public static string German(string state) => state switch
    {
        "Enqueued" or "Awaiting" => "wartet auf einen freien Platz",
        "Scheduled" => "eingeplant",
        "Processing" => "läuft",
        "Succeeded" => "abgeschlossen",
        "Failed" => "fehlgeschlagen",
        "Deleted" => "abgebrochen",
        _ => "unbekannt",
    };

    /// <summary>A reporter for the current job, writing at most once a second; null outside a job.</summary>
    public IProgress<ImportProgress>? ForCurrentJob() => CurrentJob.Id is { } id ? For(id) : null;

    /// <summary>A reporter for the job <paramref name="jobId"/>, writing at most once a second.</summary>
    internal IProgress<ImportProgress> For(string jobId) => new Writer(storage, jobId);

    static string Format(ImportProgress progress) =>
        string.Create(CultureInfo.InvariantCulture, $"{progress.RowsRead};{progress.Fraction?.ToString("0.0000", CultureInfo.InvariantCulture)}");

    static ImportProgress? Parse(string text)
    {
        var parts = text.Split(';');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rows)) return null;
        return new ImportProgress(rows, double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction) ? fraction : null);
    }

    sealed class Writer(JobStorage storage, string jobId) : IProgress<ImportProgress>
    {
        readonly Stopwatch clock = Stopwatch.StartNew();
        TimeSpan last = -Interval;

        public void Report(ImportProgress value)
        {
            if (clock.Elapsed - last < Interval) return;
            last = clock.Elapsed;
            using var connection = storage.GetConnection();
            connection.SetJobParameter(jobId, Parameter, Format(value));
        }
    }
}
