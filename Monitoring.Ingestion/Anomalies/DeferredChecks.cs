namespace Monitoring.Ingestion.Anomalies;

/// <summary>
/// Holds back the plausibility checks of the runs imported within it, for a job that imports under its source's lock:
/// the importer, finding a scope, leaves the check to it, and the job queues each as a job of its own once the lock is
/// released (<see cref="Jobs.ImportJobs"/>). A check inside the lock held the source 36 s after a 1,000,000-row import
/// that itself took 10 s. Without a scope (the command line's import, a request importing directly; neither holds the
/// lock) the importer checks right after the commit. Whoever begins a scope checks what it holds.
/// </summary>
public sealed class DeferredChecks : IDisposable
{
    static readonly AsyncLocal<DeferredChecks?> Current = new();

    readonly DeferredChecks? outer;
    readonly List<long> runs = [];

    DeferredChecks(DeferredChecks? outer) => this.outer = outer;

    /// <summary>Starts a scope for the code that follows in this flow (the awaited imports included).</summary>
    public static DeferredChecks Begin()
    {
        var scope = new DeferredChecks(Current.Value);
        Current.Value = scope;
        return scope;
    }

    /// <summary>Called by the importer after a run's commit: true when a scope takes the run's check.</summary>
    public static bool TryDefer(long runId)
    {
        if (Current.Value is not { } scope) return false;
        lock (scope.runs) scope.runs.Add(runId);
        return true;
    }

    /// <summary>The runs whose checks were held back, each handed out once.</summary>
    public IReadOnlyList<long> Take()
    {
        lock (runs)
        {
            var taken = runs.ToList();
            runs.Clear();
            return taken;
        }
    }

    public void Dispose() => Current.Value = outer;
}
