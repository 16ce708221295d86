using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Ingestion.Jobs;

/// <summary>
/// One recurring job per enabled source that has something to fetch (a drop folder or a GENESIS table), on the
/// source's own cron schedule or its default.
/// </summary>
public static class SourceSchedules
{
    /// <summary>Drop folders without a schedule of their own are looked at every minute.</summary>
    public const string DefaultDropFolderSchedule = "* * * * *";

    /// <summary>GENESIS tables without a schedule of their own are fetched weekly, Mondays at 5 (official tables change rarely).</summary>
    public const string DefaultApiSchedule = "0 5 * * 1";

    /// <summary>The schedule a source runs on: its own, or its way in's default; null when it has nothing to fetch.</summary>
    public static string? EffectiveSchedule(DataSource source) =>
        source.Schedule ?? (source.Settings.DropFolder is not null ? DefaultDropFolderSchedule : source.Settings.Api is not null ? DefaultApiSchedule : null);

    static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static string JobId(DataSource source) => $"source-{source.Id}";

    /// <summary>Whether Hangfire will accept <paramref name="cron"/> (five fields, or six with seconds).</summary>
    public static bool IsValid(string cron)
    {
        try
        {
            Cronos.CronExpression.Parse(cron, cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? Cronos.CronFormat.IncludeSeconds : Cronos.CronFormat.Standard);
            return true;
        }
        catch (Cronos.CronFormatException)
        {
            return false;
        }
    }

    /// <summary>When an enabled source runs next (UTC), by its effective schedule in German time; null without one.</summary>
    public static DateTime? NextRun(DataSource source, DateTime? after = null)
    {
        if (!source.Enabled || EffectiveSchedule(source) is not { } cron || !IsValid(cron)) return null;
        var format = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? Cronos.CronFormat.IncludeSeconds : Cronos.CronFormat.Standard;
        return Cronos.CronExpression.Parse(cron, format).GetNextOccurrence(after ?? DateTime.UtcNow, Berlin);
    }

    /// <summary>Adds, updates or removes the recurring job of every source; returns the ids of the scheduled ones.</summary>
    public static async Task<IReadOnlyList<string>> SyncAsync(Database database, IRecurringJobManager jobs, CancellationToken cancellationToken = default)
    {
        var scheduled = new List<string>();
        foreach (var source in await database.ListSourcesAsync(cancellationToken))
        {
            var id = JobId(source);
            if (source.Enabled && EffectiveSchedule(source) is { } schedule)
            {
                // Times are the district's: "every day at 6" means 6 o'clock in Germany.
                jobs.AddOrUpdate<ImportJobs>(id, JobsHosting.Queue, j => j.RunSourceAsync(source.Id, CancellationToken.None),
                    schedule, new RecurringJobOptions { TimeZone = Berlin });
                scheduled.Add(id);
            }
            else
            {
                jobs.RemoveIfExists(id);
            }
        }
        return scheduled;
    }
}

/// <summary>Brings the recurring jobs in line with the sources when a job server starts (after the database is ready).</summary>
sealed class ScheduleStartup(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await services.GetRequiredService<DatabaseStartup>().EnsureAsync();
        var jobs = services.GetRequiredService<ImportJobs>();
        await jobs.MarkInterruptedRunsAsync(cancellationToken);
        await jobs.QueueMissedChecksAsync(cancellationToken);
        await SourceSchedules.SyncAsync(services.GetRequiredService<Database>(), services.GetRequiredService<IRecurringJobManager>(), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
