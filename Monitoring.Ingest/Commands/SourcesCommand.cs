using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Core.Observations;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Imports;
using Monitoring.Ingestion.Jobs;

namespace Monitoring.Ingest.Commands;

/// <summary><c>sources</c> lists the data sources; <c>sources add</c> creates one.</summary>
static class SourcesCommand
{

    public static Command Create()
    {
        var list = CommandHost.Configure(new Command("sources", "Die Datenquellen zeigen."), async (_, services, cancellationToken) =>
        {
            var sources = await services.GetRequiredService<Database>().ListSourcesAsync(cancellationToken);
            if (sources.Count == 0)
            {
                Console.WriteLine("Noch keine Datenquellen. Eine Datenquelle legt an: sources add NAME --kind GenesisExport");
                return 0;
            }
            Console.WriteLine($"{"Name",-40} {"Art",-16} {"aktiv",-8} {"abgew. ≤",-9} Zeitplan");
            foreach (var source in sources)
            {
                Console.WriteLine($"{source.Name,-40} {source.Kind,-16} {(source.Enabled ? "ja" : "nein"),-8} {source.RejectThreshold.ToString("P1", Core.German.Culture),-9} {source.Schedule ?? "bei Bedarf"}");
            }
            return 0;
        });

        var name = new Argument<string>("name") { Description = "Ein eindeutiger Name, z. B. „Regionalstatistik 12411 Bevölkerung“." };
        var kind = new Option<SourceKind>("--kind") { Description = "Die Art der Quelle: GenesisExport (jeder GENESIS-Export, Format am Inhalt erkannt; Voreinstellung), GenesisFlatFile (GENESIS-Flatfile), GenesisTable (GENESIS-Tabelle) oder Tabular (eigene CSV- oder XLSX-Datei mit Spaltenzuordnung).", DefaultValueFactory = _ => SourceKind.GenesisExport };
        var threshold = new Option<double>("--reject-threshold") { Description = "Anteil abgewiesener Zeilen (0 bis 1), über dem ein Lauf fehlschlägt; 0 = schon eine abgewiesene Zeile lässt ihn fehlschlagen." };
        var encoding = new Option<string>("--encoding") { Description = "auto, utf-8 oder windows-1252.", DefaultValueFactory = _ => "auto" };
        var numbers = new Option<NumberFormat?>("--number-format") { Description = "German (1.234,5) oder English (1,234.5); ohne Angabe erkannt." };
        var dropFolder = new Option<string?>("--drop-folder") { Description = "Ein Unterordner von Imports:DropFolderRoot, dessen Dateien nach Zeitplan eingelesen und nach processed/ oder failed/ verschoben werden." };
        var schedule = new Option<string?>("--schedule") { Description = "Cron-Ausdruck in deutscher Zeit, z. B. „0 6 * * *“; Ablageordner ohne Zeitplan werden jede Minute geprüft." };
        var mapping = new Option<FileInfo?>("--mapping") { Description = "Nur für Tabular: eine JSON-Datei mit der Spaltenzuordnung (siehe docs/data-sources.md)." };
        var add = CommandHost.Configure(new Command("add", "Eine Datenquelle anlegen.") { name, kind, threshold, encoding, numbers, dropFolder, schedule, mapping }, async (parseResult, services, cancellationToken) =>
        {
            var database = services.GetRequiredService<Database>();
            Monitoring.Ingestion.Tabular.TabularMapping? columns = null;
            if (parseResult.GetValue(mapping) is { } mappingFile)
            {
                try
                {
                    await using var json = mappingFile.OpenRead();
                    columns = await System.Text.Json.JsonSerializer.DeserializeAsync<Monitoring.Ingestion.Tabular.TabularMapping>(json, SourceSettings.Json, cancellationToken);
                }
                catch (Exception ex) when (ex is System.Text.Json.JsonException or IOException)
                {
                    await Console.Error.WriteLineAsync($"{mappingFile.Name}: keine gültige Spaltenzuordnung: {ex.Message}");
                    return 2;
                }
            }
            if (parseResult.GetValue(schedule) is { } cron && !SourceSchedules.IsValid(cron))
            {
                await Console.Error.WriteLineAsync($"„{cron}“ ist kein Cron-Ausdruck (fünf Felder, z. B. „0 6 * * 1“ für montags um 6 Uhr).");
                return 2;
            }
            if (parseResult.GetValue(kind) == SourceKind.Tabular && columns is null)
            {
                await Console.Error.WriteLineAsync("Eine Datenquelle der Art Tabular braucht --mapping DATEI.json.");
                return 2;
            }
            var sourceName = parseResult.GetRequiredValue(name);
            if (await database.FindSourceAsync(sourceName, cancellationToken) is not null)
            {
                await Console.Error.WriteLineAsync($"Eine Datenquelle „{sourceName}“ gibt es schon.");
                return 2;
            }
            var settings = new SourceSettings
            {
                Encoding = parseResult.GetValue(encoding) ?? "auto",
                NumberFormat = parseResult.GetValue(numbers),
                DropFolder = parseResult.GetValue(dropFolder),
                Mapping = columns,
            };
            var result = await services.GetRequiredService<SourceWrites>().CreateAsync("command line", new DataSource
            {
                Name = sourceName,
                Kind = parseResult.GetValue(kind),
                RejectThreshold = parseResult.GetValue(threshold),
                Schedule = parseResult.GetValue(schedule),
                Settings = settings,
            }, cancellationToken);
            if (!result.Succeeded)
            {
                foreach (var (field, problems) in result.Errors) await Console.Error.WriteLineAsync($"{field}: {string.Join(" ", problems)}");
                return 2;
            }
            var created = result.Value!;
            var scheduled = await SourceSchedules.SyncAsync(database, services.GetRequiredService<Hangfire.IRecurringJobManager>(), cancellationToken);
            Console.WriteLine($"Datenquelle „{created.Name}“ ({created.Kind}) angelegt{(scheduled.Contains(SourceSchedules.JobId(created)) ? $", Zeitplan {SourceSchedules.EffectiveSchedule(created)}" : "")}.");
            return 0;
        });
        list.Subcommands.Add(add);

        var target = new Argument<string>("name") { Description = "Die zu ändernde Datenquelle." };
        var newSchedule = new Option<string?>("--schedule") { Description = "Cron-Ausdruck in deutscher Zeit; „none“ entfernt den Zeitplan." };
        var enabled = new Option<bool?>("--enabled") { Description = "true oder false." };
        var newThreshold = new Option<double?>("--reject-threshold") { Description = "Anteil abgewiesener Zeilen (0 bis 1), über dem ein Lauf fehlschlägt." };
        var set = CommandHost.Configure(new Command("set", "Zeitplan, Zustand oder Abweisgrenze einer Datenquelle ändern.") { target, newSchedule, enabled, newThreshold }, async (parseResult, services, cancellationToken) =>
        {
            var database = services.GetRequiredService<Database>();
            if (await database.FindSourceAsync(parseResult.GetRequiredValue(target), cancellationToken) is not { } source)
            {
                await Console.Error.WriteLineAsync($"Es gibt keine Datenquelle „{parseResult.GetRequiredValue(target)}“.");
                return 2;
            }
            var schedule = parseResult.GetValue(newSchedule);
            var result = await services.GetRequiredService<SourceWrites>().UpdateAsync("command line", source.Id,
                new SourceChange(Schedule: schedule == "none" ? "" : schedule, Enabled: parseResult.GetValue(enabled), RejectThreshold: parseResult.GetValue(newThreshold)), cancellationToken);
            if (!result.Succeeded)
            {
                await Console.Error.WriteLineAsync(string.Join(" ", result.Messages));
                return 2;
            }
            var changed = result.Value!;
            var scheduled = await SourceSchedules.SyncAsync(database, services.GetRequiredService<Hangfire.IRecurringJobManager>(), cancellationToken);
            Console.WriteLine($"„{changed.Name}“ gespeichert: {(changed.Enabled ? "aktiv" : "deaktiviert")}, " +
                (scheduled.Contains(SourceSchedules.JobId(changed)) ? $"Zeitplan {SourceSchedules.EffectiveSchedule(changed)}" : "kein Zeitplan") + ".");
            return 0;
        });
        list.Subcommands.Add(set);
        return list;
    }
}
