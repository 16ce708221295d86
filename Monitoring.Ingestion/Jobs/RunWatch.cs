using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Monitoring.Ingestion.Jobs;

/// <summary>
/// Looks for import runs whose process died, every <see cref="Interval"/> while a job server runs (start-up looks once
/// first, <see cref="ScheduleStartup"/>): a worker killed on another machine is found without waiting for a restart.
/// </summary>
sealed class RunWatch(IServiceProvider services, ILogger<RunWatch> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await services.GetRequiredService<ImportJobs>().MarkInterruptedRunsAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The next look tries again; nothing is changed by a look that fails.
                    logger.LogWarning(ex, "Looking for interrupted import runs failed; the next look is in {Seconds} s.", Interval.TotalSeconds);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
