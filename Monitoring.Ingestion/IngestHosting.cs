using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Genesis;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Ingestion;

/// <summary>The import pipeline's wiring, shared by the command line, the worker and the Web host of the embedded default.</summary>
public static class IngestHosting
{
    public static IHostApplicationBuilder AddMonitoringIngest(this IHostApplicationBuilder builder)
    {
        builder.AddMonitoringStorage();
        builder.Services.AddSingleton<Importer>();
        builder.Services.AddHostedService<Files.UploadSweeper>();
        builder.Services.AddSingleton(new GenesisClientOptions());
        builder.Services.AddSingleton<GenesisConnections>();
        builder.Services.AddSingleton<DropFolders>();
        builder.Services.AddSingleton<SourceSettingsCheck>();
        builder.Services.AddSingleton<SourceWrites>();
        builder.Services.AddSingleton<Jobs.FileImports>();
        builder.Services.AddTransient<CatalogFetch>();
        builder.Services.AddTransient<Jobs.CatalogFetchJobs>();
        // No redirects: the credentials travel in headers, which a redirect would carry to another host.
        builder.Services.AddHttpClient<GenesisClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return builder;
    }
}
