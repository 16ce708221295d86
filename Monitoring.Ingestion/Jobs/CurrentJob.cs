using Hangfire;
using Hangfire.Server;

namespace Monitoring.Ingestion.Jobs;

/// <summary>
/// The Hangfire job the current code runs for, so that an import run records its job (and a run cut off by a dead
/// process can have its job queued again) without the job methods taking a context parameter their callers would pass.
/// A server filter sets it before the job method is called and clears it after.
/// </summary>
public sealed class CurrentJob : IServerFilter
{
    static readonly AsyncLocal<string?> Current = new();
    static readonly Lock Gate = new();
    static bool registered;

    /// <summary>The job's id, or null outside a job (the command line, a request importing directly).</summary>
    public static string? Id => Current.Value;

    /// <summary>Adds the filter to Hangfire's global filters once per process (they are static, shared by every host in it).</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (registered) return;
            GlobalJobFilters.Filters.Add(new CurrentJob());
            registered = true;
        }
    }

    public void OnPerforming(PerformingContext context) => Current.Value = context.BackgroundJob.Id;

    public void OnPerformed(PerformedContext context) => Current.Value = null;
}
