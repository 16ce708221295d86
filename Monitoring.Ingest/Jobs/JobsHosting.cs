using Hangfire;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monitoring.Core.Storage;

namespace Monitoring.Ingest.Jobs;

/// <summary>
/// Hangfire with persistent storage: a SQLite file of its own beside the data in the embedded default (so job
/// polling never waits behind an import's write transaction), the monitoring database on SQL Server.
/// </summary>
public static class JobsHosting
{
    public const string Queue = "imports";

    /// <param name="builder">The host being composed.</param>
    /// <param name="runServer">Whether this process executes jobs (Web host of the embedded default, the worker) or only schedules them.</param>
    public static IHostApplicationBuilder AddMonitoringJobs(this IHostApplicationBuilder builder, bool runServer)
    {
        builder.AddMonitoringIngest();
        // Transient: it holds a typed HttpClient, whose handlers the factory rotates.
        builder.Services.AddTransient<ImportJobs>();
        builder.Services.AddHangfire((services, configuration) =>
        {
            configuration.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            var settings = services.GetRequiredService<IConfiguration>();
            if (services.GetRequiredService<Database>().Provider == DatabaseProvider.SqlServer)
            {
                configuration.UseSqlServerStorage(settings.GetConnectionString(DatabaseOptions.ConnectionStringName), new SqlServerStorageOptions
                {
                    PrepareSchemaIfNecessary = true,
                    QueuePollInterval = TimeSpan.FromSeconds(5),
                });
            }
            else
            {
                var path = Path.GetFullPath(settings["Jobs:SqlitePath"] ?? Path.Combine("data", "jobs.db"), services.GetRequiredService<IHostEnvironment>().ContentRootPath);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                configuration.UseSQLiteStorage(path, new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(2) });
            }
        });
        if (runServer)
        {
            builder.Services.AddHangfireServer(o =>
            {
                o.Queues = [Queue, "default"];
                // SQLite has one writer at a time; more workers would only queue behind each other.
                o.WorkerCount = Math.Clamp(Environment.ProcessorCount, 1, 4);
            });
            builder.Services.AddHostedService<ScheduleStartup>();
        }
        return builder;
    }
}
