using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Core.Storage;
using Monitoring.Ingest.Imports;
using Monitoring.Ingest.Jobs;

namespace Monitoring.Ingest.Commands;

/// <summary><c>run SOURCE</c>: runs a source's scheduled job now, in this process, on the job's own code path.</summary>
static class RunCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("source") { Description = "The data source's name." };
        return CommandHost.Configure(new Command("run", "Run a source's scheduled import now (its drop folder).") { name }, async (parseResult, services, cancellationToken) =>
        {
            var sourceName = parseResult.GetRequiredValue(name);
            if (await services.GetRequiredService<Database>().FindSourceAsync(sourceName, cancellationToken) is not { } source)
            {
                await Console.Error.WriteLineAsync($"No data source named '{sourceName}'. List them with: sources");
                return 2;
            }
            var files = await services.GetRequiredService<ImportJobs>().RunSourceAsync(source.Id, cancellationToken);
            Console.WriteLine($"{files} file(s) imported for '{source.Name}'; see: runs");
            return 0;
        });
    }
}
