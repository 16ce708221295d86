using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Core.Storage;
using Monitoring.Ingest.Imports;

namespace Monitoring.Ingest.Commands;

/// <summary><c>runs</c>: the latest import runs with their counts.</summary>
static class RunsCommand
{
    public static Command Create()
    {
        var take = new Option<int>("--take") { Description = "How many runs, newest first.", DefaultValueFactory = _ => 20 };
        return CommandHost.Configure(new Command("runs", "List the latest import runs.") { take }, async (parseResult, services, cancellationToken) =>
        {
            var runs = await services.GetRequiredService<Database>().ListRunsAsync(0, Math.Clamp(parseResult.GetValue(take), 1, 1000), cancellationToken);
            Console.WriteLine($"{"run",6} {"started (UTC)",-19} {"status",-10} {"read",10} {"ins",10} {"upd",8} {"rej",8}  source / file");
            foreach (var run in runs)
            {
                Console.WriteLine($"{run.Id,6} {run.StartedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),-19} {run.Status,-10} {run.RowsRead,10:N0} {run.RowsInserted,10:N0} {run.RowsUpdated,8:N0} {run.RowsRejected,8:N0}  {run.Source} / {run.FileName}");
                if (run.Error is not null) Console.WriteLine($"{"",6} {run.Error}");
            }
            return 0;
        });
    }
}
