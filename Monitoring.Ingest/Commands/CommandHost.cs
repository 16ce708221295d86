using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Jobs;

namespace Monitoring.Ingest.Commands;

/// <summary>
/// Runs a command inside a host configured as every process is (appsettings, environment, and
/// <c>--Database:Provider=SqlServer</c> style arguments), with the database prepared first.
/// </summary>
static class CommandHost
{
    public static Command Configure(Command command, Func<ParseResult, IServiceProvider, CancellationToken, Task<int>> action)
    {
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var builder = Host.CreateApplicationBuilder([.. parseResult.UnmatchedTokens]);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.AddMonitoringJobs(runServer: false);
            using var host = builder.Build();
            try
            {
                await host.Services.GetRequiredService<DatabaseStartup>().EnsureAsync();
                return await action(parseResult, host.Services, cancellationToken);
            }
            catch (DatabaseStartupException ex)
            {
                await Console.Error.WriteLineAsync($"Abgebrochen: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
