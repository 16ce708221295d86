using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Jobs;

namespace Monitoring.Ingest.Commands;

/// <summary><c>worker</c>: a process that only executes import jobs, for deployments with several workers.</summary>
static class WorkerCommand
{
    public static Command Create()
    {
        var command = new Command("worker", "Den Auftragsserver ausführen: geplante und eingereihte Importe, bis er beendet wird.") { TreatUnmatchedTokensAsErrors = false };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var builder = Host.CreateApplicationBuilder([.. parseResult.UnmatchedTokens]);
            builder.AddMonitoringJobs(runServer: true);
            using var host = builder.Build();
            return await host.RunMonitoringAsync();
        });
        return command;
    }
}
