using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monitoring.Core.Storage;
using Monitoring.Ingest.Genesis;
using Monitoring.Ingest.Imports;

namespace Monitoring.Ingest;

/// <summary>The import pipeline's wiring, shared by the command line, the worker and the Web host of the embedded default.</summary>
public static class IngestHosting
{
    public static IHostApplicationBuilder AddMonitoringIngest(this IHostApplicationBuilder builder)
    {
        builder.AddMonitoringStorage();
        builder.Services.AddSingleton<Importer>();
        builder.Services.AddSingleton(new GenesisClientOptions());
        builder.Services.AddHttpClient<GenesisClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        return builder;
    }
}
