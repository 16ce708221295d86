using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Imports;
using Monitoring.Ingestion.Jobs;

namespace Monitoring.Ingest.Commands;

/// <summary><c>run SOURCE</c>: runs a source's scheduled job now, in this process, on the job's own code path.</summary>
static class RunCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("source") { Description = "Der Name der Datenquelle." };
        return CommandHost.Configure(new Command("run", "Den geplanten Import einer Datenquelle jetzt ausführen (ihr Ablageordner, ihre GENESIS-Tabelle).") { name }, async (parseResult, services, cancellationToken) =>
        {
            var sourceName = parseResult.GetRequiredValue(name);
            if (await services.GetRequiredService<Database>().FindSourceAsync(sourceName, cancellationToken) is not { } source)
            {
                await Console.Error.WriteLineAsync($"Es gibt keine Datenquelle „{sourceName}“. Die Datenquellen zeigt: sources");
                return 2;
            }
            var files = await services.GetRequiredService<ImportJobs>().RunSourceAsync(source.Id, cancellationToken);
            Console.WriteLine($"{files} Datei(en) für „{source.Name}“ eingelesen; die Ergebnisse zeigt: runs");
            return 0;
        });
    }
}
