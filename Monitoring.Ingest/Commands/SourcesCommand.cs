using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Core.Observations;
using Monitoring.Core.Storage;
using Monitoring.Ingest.Imports;
using Monitoring.Ingest.Jobs;

namespace Monitoring.Ingest.Commands;

/// <summary><c>sources</c> lists the data sources; <c>sources add</c> creates one.</summary>
static class SourcesCommand
{
    public static Command Create()
    {
        var list = CommandHost.Configure(new Command("sources", "List the data sources."), async (_, services, cancellationToken) =>
        {
            var sources = await services.GetRequiredService<Database>().ListSourcesAsync(cancellationToken);
            if (sources.Count == 0)
            {
                Console.WriteLine("No data sources yet. Create one with: sources add NAME --kind GenesisFlatFile");
                return 0;
            }
            Console.WriteLine($"{"name",-40} {"kind",-16} {"enabled",-8} {"reject ≤",-9} schedule");
            foreach (var source in sources)
            {
                Console.WriteLine($"{source.Name,-40} {source.Kind,-16} {(source.Enabled ? "yes" : "no"),-8} {source.RejectThreshold.ToString("P1", CultureInfo.InvariantCulture),-9} {source.Schedule ?? "on demand"}");
            }
            return 0;
        });

        var name = new Argument<string>("name") { Description = "A unique name, e.g. \"Regionalstatistik 12411 Bevölkerung\"." };
        var kind = new Option<SourceKind>("--kind") { Description = "The adapter.", DefaultValueFactory = _ => SourceKind.GenesisFlatFile };
        var threshold = new Option<double>("--reject-threshold") { Description = "Share of rejected rows (0 to 1) above which a run fails; 0 = any rejected row fails it." };
        var encoding = new Option<string>("--encoding") { Description = "auto, utf-8 or windows-1252.", DefaultValueFactory = _ => "auto" };
        var numbers = new Option<NumberFormat?>("--number-format") { Description = "German or English; detected when left out." };
        var dropFolder = new Option<string?>("--drop-folder") { Description = "A sub-folder of Imports:DropFolderRoot whose files are imported on the schedule and moved to processed/ or failed/." };
        var schedule = new Option<string?>("--schedule") { Description = "Cron expression in German time, e.g. \"0 6 * * *\"; drop folders default to every minute." };
        var mapping = new Option<FileInfo?>("--mapping") { Description = "Tabular sources: a JSON file with the column mapping (see docs/data-sources.md)." };
        var add = CommandHost.Configure(new Command("add", "Create a data source.") { name, kind, threshold, encoding, numbers, dropFolder, schedule, mapping }, async (parseResult, services, cancellationToken) =>
        {
            var database = services.GetRequiredService<Database>();
            Monitoring.Ingest.Tabular.TabularMapping? columns = null;
            if (parseResult.GetValue(mapping) is { } mappingFile)
            {
                try
                {
                    await using var json = mappingFile.OpenRead();
                    columns = await System.Text.Json.JsonSerializer.DeserializeAsync<Monitoring.Ingest.Tabular.TabularMapping>(json, SourceSettings.Json, cancellationToken);
                }
                catch (Exception ex) when (ex is System.Text.Json.JsonException or IOException)
                {
                    await Console.Error.WriteLineAsync($"{mappingFile.Name}: not a valid column mapping: {ex.Message}");
                    return 2;
                }
            }
            if (parseResult.GetValue(schedule) is { } cron && !SourceSchedules.IsValid(cron))
            {
                await Console.Error.WriteLineAsync($"'{cron}' is not a cron expression (five fields, e.g. \"0 6 * * 1\" for Mondays at 6).");
                return 2;
            }
            if (parseResult.GetValue(kind) == SourceKind.Tabular && columns is null)
            {
                await Console.Error.WriteLineAsync("A Tabular source needs --mapping FILE.json.");
                return 2;
            }
            var sourceName = parseResult.GetRequiredValue(name);
            if (await database.FindSourceAsync(sourceName, cancellationToken) is not null)
            {
                await Console.Error.WriteLineAsync($"A source named '{sourceName}' exists already.");
                return 2;
            }
            var settings = new SourceSettings
            {
                Encoding = parseResult.GetValue(encoding) ?? "auto",
                NumberFormat = parseResult.GetValue(numbers),
                DropFolder = parseResult.GetValue(dropFolder),
                Mapping = columns,
            };
            if (services.GetRequiredService<SourceSettingsCheck>().Check(settings) is { Count: > 0 } problems)
            {
                foreach (var (field, problem) in problems) await Console.Error.WriteLineAsync($"{field}: {problem}");
                return 2;
            }
            var created = await database.CreateSourceAsync(new DataSource
            {
                Name = sourceName,
                Kind = parseResult.GetValue(kind),
                RejectThreshold = parseResult.GetValue(threshold),
                Schedule = parseResult.GetValue(schedule),
                Settings = settings,
            }, cancellationToken);
            var scheduled = await SourceSchedules.SyncAsync(database, services.GetRequiredService<Hangfire.IRecurringJobManager>(), cancellationToken);
            Console.WriteLine($"Created source '{created.Name}' ({created.Kind}){(scheduled.Contains(SourceSchedules.JobId(created)) ? $", scheduled {SourceSchedules.EffectiveSchedule(created)}" : "")}.");
            return 0;
        });
        list.Subcommands.Add(add);

        var target = new Argument<string>("name") { Description = "The source to change." };
        var newSchedule = new Option<string?>("--schedule") { Description = "Cron expression in German time; \"none\" removes the schedule." };
        var enabled = new Option<bool?>("--enabled") { Description = "true or false." };
        var newThreshold = new Option<double?>("--reject-threshold") { Description = "Share of rejected rows (0 to 1) above which a run fails." };
        var set = CommandHost.Configure(new Command("set", "Change a source's schedule, state or reject threshold.") { target, newSchedule, enabled, newThreshold }, async (parseResult, services, cancellationToken) =>
        {
            var database = services.GetRequiredService<Database>();
            if (await database.FindSourceAsync(parseResult.GetRequiredValue(target), cancellationToken) is not { } source)
            {
                await Console.Error.WriteLineAsync($"No data source named '{parseResult.GetRequiredValue(target)}'.");
                return 2;
            }
            var schedule = parseResult.GetValue(newSchedule);
            if (schedule is not null && schedule != "none" && !SourceSchedules.IsValid(schedule))
            {
                await Console.Error.WriteLineAsync($"'{schedule}' is not a cron expression (five fields, e.g. \"0 6 * * 1\" for Mondays at 6).");
                return 2;
            }
            var changed = source with
            {
                Schedule = schedule is null ? source.Schedule : schedule == "none" ? null : schedule,
                Enabled = parseResult.GetValue(enabled) ?? source.Enabled,
                RejectThreshold = parseResult.GetValue(newThreshold) ?? source.RejectThreshold,
            };
            await database.UpdateSourceAsync(changed, cancellationToken);
            var scheduled = await SourceSchedules.SyncAsync(database, services.GetRequiredService<Hangfire.IRecurringJobManager>(), cancellationToken);
            Console.WriteLine($"Saved '{changed.Name}': {(changed.Enabled ? "enabled" : "disabled")}, " +
                (scheduled.Contains(SourceSchedules.JobId(changed)) ? $"scheduled {SourceSchedules.EffectiveSchedule(changed)}" : "not scheduled") + ".");
            return 0;
        });
        list.Subcommands.Add(set);
        return list;
    }
}
