using Hangfire;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monitoring.Core.Storage;

namespace Monitoring.Ingestion.Jobs;

/// <summary>
/// Hangfire with persistent storage: a SQLite file of its own beside the data in the embedded default (so job
/// polling never waits behind an import's write transaction), the monitoring database on SQL Server.
/// </summary>
public static class JobsHosting
{
    public const string Queue = "imports";

    /// <summary>
    /// How long a lock in the embedded job storage outlives its holder (the storage's default, set here so the code that
    /// waits for a dead process's lock can rely on it): the holder renews it every fifth of this; a killed process's lock
    /// is gone this long after its last renewal. SQL Server's session locks end with the holder's connection.
    /// </summary>
    public static readonly TimeSpan SqliteLockLifetime = TimeSpan.FromSeconds(30);

    /// <param name="builder">The host being composed.</param>
    /// <param name="runServer">Whether this process executes jobs (Web host of the embedded default, the worker) or only schedules them.</param>
    public static IHostApplicationBuilder AddMonitoringJobs(this IHostApplicationBuilder builder, bool runServer)
    {
        builder.AddMonitoringIngest();
        // Transient: it holds a typed HttpClient, whose handlers the factory rotates.
        builder.Services.AddTransient<ImportJobs>();
        builder.Services.AddTransient<AnomalyJobs>();
        builder.Services.AddSingleton<ImportJobProgress>();
        // Import runs record the job they run for (CurrentJob.Id).
        CurrentJob.Register();
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
                configuration.UseSQLiteStorage(path, new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(2), DistributedLockLifetime = SqliteLockLifetime });
            }
        });
        if (runServer)
        {
            builder.Services.AddHangfireServer(o =>
            {
                o.Queues = [Queue, "default"];
                // SQLite has one writer at a time; more workers would only queue behind each other.
                o.WorkerCount = Math.Clamp(Environment.ProcessorCount, 1, 4);
                // A job queued again after its process died waits as a scheduled job for the lock it left to expire
                // (ImportJobs.MarkInterruptedRunsAsync); Hangfire's default 15 s between looks would add up to that again.
                o.SchedulePollingInterval = TimeSpan.FromSeconds(5);
            });
            builder.Services.AddHostedService<ScheduleStartup>();
            builder.Services.AddHostedService<RunWatch>();
        }
        return builder;
    }
}
