using Hangfire;
using Monitoring.Ingestion.Genesis;

namespace Monitoring.Ingestion.Jobs;

/// <summary>The workspace's "Katalogtabellen abrufen" as a background job: one fetch at a time, whoever started it.</summary>
public sealed class CatalogFetchJobs(CatalogFetch fetch)
{
    /// <summary>Fetches and imports the catalog's tables from the connection; the report is in the audit log (<see cref="CatalogFetch.LastAsync"/>).</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 3 * 60 * 60)]
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(string connection, string actor, CancellationToken cancellationToken) =>
        fetch.RunAsync(connection, actor, null, cancellationToken);
}
