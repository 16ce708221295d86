using System.Text.RegularExpressions;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Core.Changes;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Jobs;

namespace Monitoring.Ingestion.Imports;

/// <summary>A change to a source; null leaves a field as it is, an empty schedule removes the schedule.</summary>
public sealed record SourceChange(SourceSettings? Settings = null, string? Schedule = null, bool? Enabled = null, double? RejectThreshold = null);

/// <summary>
/// The writes to data sources, for the API, the dashboard, the command line, the catalog fetch and the demo data alike:
/// the rules (problems named by field, in German), the change and its audit entry in one transaction, then the job
/// schedules follow (where the host has a job storage; the API-only host has none, its workers sync when they start).
/// </summary>
public sealed partial class SourceWrites(Database database, SourceSettingsCheck settingsCheck, IServiceProvider services)
{
    public const int MaxNameLength = 200;

    /// <summary>The problems of a source as it would be stored; <paramref name="sent"/> are the settings the caller sent (stored ones are checked each time the source runs).</summary>
    async Task<Dictionary<string, string>> CheckAsync(DataSource source, SourceSettings? sent, CancellationToken cancellationToken)
    {
        var errors = sent is null ? [] : settingsCheck.Check(sent).ToDictionary(e => e.Key, e => e.Value);
        if (string.IsNullOrWhiteSpace(source.Name) || source.Name.Trim().Length > MaxNameLength) errors["name"] = $"Bitte einen Namen für die Datenquelle mit höchstens {MaxNameLength} Zeichen angeben.";
        else if (await database.FindSourceAsync(source.Name.Trim(), cancellationToken) is { } other && other.Id != source.Id) errors["name"] = "Diesen Namen hat schon eine andere Datenquelle.";
        if (!Enum.IsDefined(source.Kind)) errors["kind"] = $"Die Art ist eine von {string.Join(", ", Enum.GetNames<SourceKind>())}.";
        if (source.Kind == SourceKind.Tabular && source.Settings.Mapping is null)
        {
            errors["settings.mapping"] = "Eine Datenquelle der Art Tabular braucht eine Spaltenzuordnung: Gebietsspalte, Zeitspalte, Wertspalten.";
        }
        if (source.Settings.Mapping?.Values.FirstOrDefault(v => !VariableCode().IsMatch(v.Variable ?? "")) is { } badCode)
        {
            errors["settings.mapping.values"] = $"„{badCode.Variable}“: Der Variablencode besteht aus Großbuchstaben, Ziffern und _ und beginnt mit einem Buchstaben (höchstens 40 Zeichen).";
        }
        if (source.Schedule is { Length: > 0 } cron && !SourceSchedules.IsValid(cron))
        {
            errors["schedule"] = $"„{cron}“ ist kein Cron-Ausdruck. Damit ist kein gültiger Zeitplan angegeben; Beispiel: „0 6 * * 1“ (fünf Felder: montags um 6 Uhr).";
        }
        if (source.Settings.MinCount is < 2 or > 1000) errors["settings.minCount"] = "Die kleinste gezeigte Fallzahl liegt zwischen 2 und 1.000 (z. B. 3 oder 5); leer lassen, wenn die Quelle keine kleinen Zahlen schützen muss.";
        if (source.RejectThreshold is < 0 or > 1) errors["rejectThreshold"] = "Bitte als Schwellenwert für abgewiesene Zeilen einen Anteil zwischen 0 und 1 angeben (z. B. 0,05 für 5 %).";
        return errors;
    }

    public async Task<WriteResult<DataSource>> CreateAsync(string actor, DataSource draft, CancellationToken cancellationToken = default)
    {
        var source = draft with { Id = 0, Name = draft.Name.Trim(), Schedule = string.IsNullOrWhiteSpace(draft.Schedule) ? null : draft.Schedule.Trim() };
        // A failed first attempt never blocks the name: a source of that name whose runs all failed, that never brought
        // data and runs on its own nowhere (no schedule, no GENESIS table, no drop folder) is taken over by the new one,
        // audited as such. One without any run yet is someone's configuration waiting for its first file: it keeps the name.
        var abandoned = await database.FindSourceAsync(source.Name, cancellationToken) is { } same && await AbandonedAsync(same, cancellationToken) ? same : null;
        if (abandoned is not null) source = source with { Id = abandoned.Id };
        if (await CheckAsync(source, source.Settings, cancellationToken) is { Count: > 0 } errors) return WriteResult<DataSource>.Invalid(errors);
        var created = await database.InTransactionAsync(async (connection, transaction) =>
        {
            if (abandoned is not null)
            {
                await DataSourceQueries.UpdateAsync(connection, transaction, source, cancellationToken);
                await AuditLog.WriteAsync(connection, transaction, actor, "source.takeover", "source", source.Name, abandoned, source, cancellationToken);
                return source;
            }
            var stored = source with { Id = await DataSourceQueries.InsertAsync(connection, transaction, database.Dialect, source, cancellationToken) };
            await AuditLog.WriteAsync(connection, transaction, actor, "source.create", "source", stored.Name, null, stored, cancellationToken);
            return stored;
        }, cancellationToken);
        await SyncSchedulesAsync(cancellationToken);
        return WriteResult<DataSource>.Done(created);
    }

    public async Task<WriteResult<DataSource>> UpdateAsync(string actor, int id, SourceChange change, CancellationToken cancellationToken = default)
    {
        if (await database.FindSourceAsync(id, cancellationToken) is not { } before) return WriteResult<DataSource>.Missing;
        var after = before with
        {
            Settings = change.Settings ?? before.Settings,
            Schedule = change.Schedule is null ? before.Schedule : change.Schedule.Trim() is { Length: > 0 } cron ? cron : null,
            Enabled = change.Enabled ?? before.Enabled,
            RejectThreshold = change.RejectThreshold ?? before.RejectThreshold,
        };
        if (await CheckAsync(after, change.Settings, cancellationToken) is { Count: > 0 } errors) return WriteResult<DataSource>.Invalid(errors);
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            await DataSourceQueries.UpdateAsync(connection, transaction, after, cancellationToken);
            await AuditLog.WriteAsync(connection, transaction, actor, "source.update", "source", before.Name, before, after, cancellationToken);
        }, cancellationToken);
        await SyncSchedulesAsync(cancellationToken);
        return WriteResult<DataSource>.Done(after);
    }

    async Task<bool> AbandonedAsync(DataSource source, CancellationToken cancellationToken) =>
        !source.IsDemo && source.Schedule is null && source.Settings.Api is null && source.Settings.DropFolder is null
        && await DataSourceQueries.UsageAsync(database, source.Id, cancellationToken) is { Runs: > 0, SucceededRuns: 0, Observations: 0 };

    /// <summary>
    /// Deletes a source with its runs and the values they brought, then recomputes the indicators built on them. A source
    /// with data is deleted only when <paramref name="confirmed"/> (the dashboard asks first, naming the count); the audit
    /// entry keeps the source's settings and what was deleted. A value another source's file changed later belongs to that
    /// run and stays.
    /// </summary>
    public async Task<WriteResult<DataSource>> DeleteAsync(string actor, int id, bool confirmed, CancellationToken cancellationToken = default)
    {
        if (await database.FindSourceAsync(id, cancellationToken) is not { } source) return WriteResult<DataSource>.Missing;
        var usage = await DataSourceQueries.UsageAsync(database, id, cancellationToken);
        if (usage.Observations > 0 && !confirmed)
        {
            return WriteResult<DataSource>.Invalid(new Dictionary<string, string>
            {
                ["confirm"] = string.Create(Core.German.Culture, $"Die Datenquelle „{source.Name}“ hat {usage.Observations:N0} gespeicherte Werte aus {usage.Runs:N0} Läufen; sie werden mit ihr gelöscht und die Indikatoren neu berechnet. Bitte das Löschen bestätigen."),
            });
        }
        var variables = await database.InTransactionAsync(async (connection, transaction) =>
        {
            var deleted = await DataSourceQueries.DeleteAsync(connection, transaction, id, cancellationToken);
            await AuditLog.WriteAsync(connection, transaction, actor, "source.delete", "source", source.Name, source,
                new { DeletedObservations = usage.Observations, DeletedRuns = usage.Runs }, cancellationToken);
            return deleted;
        }, cancellationToken);
        await SyncSchedulesAsync(cancellationToken);
        if (variables.Count > 0)
        {
            var catalog = await Core.Indicators.CatalogStore.LoadAsync(database, cancellationToken);
            var affected = Core.Indicators.IndicatorDependencies.Affected(catalog, variables);
            if (affected.Count > 0) await Core.Indicators.IndicatorComputation.RecomputeAsync(database, catalog, affected, null, cancellationToken);
        }
        return WriteResult<DataSource>.Done(source);
    }

    /// <summary>Records that a file was received for a source; what it changes is the import run's, with its own record.</summary>
    public Task RecordUploadAsync(string actor, DataSource source, string fileName, long length, CancellationToken cancellationToken = default) =>
        database.RecordEventAsync(actor, "source.upload", "source", source.Name, new { File = fileName, Length = length }, cancellationToken);

    async Task SyncSchedulesAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<IRecurringJobManager>() is { } jobs) await SourceSchedules.SyncAsync(database, jobs, cancellationToken);
    }

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,39}$")]
    private static partial Regex VariableCode();
}
