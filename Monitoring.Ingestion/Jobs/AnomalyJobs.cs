using Hangfire;
using Microsoft.Extensions.Logging;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Anomalies;

namespace Monitoring.Ingestion.Jobs;

/// <summary>
/// The plausibility check of one run as a job of its own, queued by <see cref="ImportJobs"/> once the importing job has
/// released its source's lock: the check reads committed data and needs no lock, so the next import of the source need
/// not wait for it.
/// </summary>
public sealed class AnomalyJobs(Database database, ILogger<AnomalyJobs> logger)
{
    /// <summary>Checks run <paramref name="runId"/>, stores its flags and adds them to the run's report; returns how many were flagged.</summary>
    [Queue(JobsHosting.Queue)]
    [AutomaticRetry(Attempts = 3, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task<int> CheckRunAsync(long runId, CancellationToken cancellationToken)
    {
        var result = await AnomalyCheck.CheckAsync(database, runId, cancellationToken);
        logger.LogInformation("Plausibility check of run {RunId}: {Flagged} values flagged; read {Series} series ({SeriesRows} rows) and {PeerRows} values of their peers.",
            runId, result.Anomalies.Count, result.Series, result.SeriesRows, result.PeerRows);
        return result.Anomalies.Count;
    }
}
