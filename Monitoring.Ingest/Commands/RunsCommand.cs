using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Ingest.Commands;

/// <summary><c>runs</c>: the latest import runs with their counts.</summary>
static class RunsCommand
{

    public static Command Create()
    {
        var take = new Option<int>("--take") { Description = "Wie viele Läufe, die neuesten zuerst.", DefaultValueFactory = _ => 20 };
        return CommandHost.Configure(new Command("runs", "Die letzten Importläufe zeigen.") { take }, async (parseResult, services, cancellationToken) =>
        {
            var runs = await services.GetRequiredService<Database>().ListRunsAsync(0, Math.Clamp(parseResult.GetValue(take), 1, 1000), cancellationToken);
            // The German statuses differ in length: the column is as wide as the longest one listed.
            var statuses = runs.Select(r => ImportStatusText.German(r.Status)).ToList();
            var width = statuses.Append("Ergebnis").Max(s => s.Length);
            Console.WriteLine($"{"Lauf",6} {"Beginn (UTC)",-19} {"Ergebnis".PadRight(width)} {"gelesen",10} {"neu",10} {"geändert",8} {"abgew.",8}  Quelle / Datei");
            for (var i = 0; i < runs.Count; i++)
            {
                var run = runs[i];
                Console.WriteLine(string.Create(Core.German.Culture,
                    $"{run.Id,6} {run.StartedAt.ToString("dd.MM.yyyy HH:mm:ss", CultureInfo.InvariantCulture),-19} {statuses[i].PadRight(width)} {run.RowsRead,10:N0} {run.RowsInserted,10:N0} {run.RowsUpdated,8:N0} {run.RowsRejected,8:N0}  {run.Source} / {run.FileName}"));
                if (run.Error is not null) Console.WriteLine($"{"",6} {run.Error}");
            }
            return 0;
        });
    }
}
