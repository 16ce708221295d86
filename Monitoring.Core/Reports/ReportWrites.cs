using Dapper;
using Monitoring.Core.Areas;
using Monitoring.Core.Changes;
using Monitoring.Core.Goals;
using Monitoring.Core.Indicators;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Reports;

/// <summary>
/// The Editors' writes to reports, for the API and the dashboard alike: the rules (problems named by field, in German),
/// the change and its audit entry in one transaction. Publishing freezes an edition; a published report stays on record.
/// </summary>
public sealed class ReportWrites(Database database, HomeArea home)
{
    /// <summary>The definition as stored: title, introduction and comments trimmed, empty comments dropped.</summary>
    public static ReportDefinition Trimmed(ReportDefinition definition) => definition with
    {
        Title = definition.Title.Trim(),
        Introduction = string.IsNullOrWhiteSpace(definition.Introduction) ? null : definition.Introduction.Trim(),
        Commentary = definition.Commentary.Where(c => !string.IsNullOrWhiteSpace(c.Value)).ToDictionary(c => c.Key, c => c.Value.Trim()),
    };

    /// <summary>The problems of a definition per field: its own rules, and that its indicators, areas and goals exist.</summary>
    public async Task<IReadOnlyDictionary<string, string>> CheckAsync(ReportDefinition definition, CancellationToken cancellationToken = default)
    {
        var catalog = await CatalogStore.LoadAsync(database, cancellationToken);
        var errors = definition.Validate(catalog.Indicators.Select(i => i.Code).ToHashSet(StringComparer.Ordinal)).ToDictionary(e => e.Key, e => e.Value);
        if (definition.Areas.Count > 0)
        {
            var areas = await AreaQueries.ListCurrentAsync(database, cancellationToken);
            if (definition.Areas.FirstOrDefault(k => areas.All(a => a.Key != k)) is { } unknown) errors["areas"] = $"Unbekannter Gebietsschlüssel „{unknown}“.";
        }
        if (definition.Goals.Count > 0)
        {
            var goals = await GoalEditing.ListGoalsAsync(database, cancellationToken);
            if (definition.Goals.Where(id => goals.All(g => g.Id != id)).Select(id => (int?)id).FirstOrDefault() is int missing) errors["goals"] = $"Ein gewähltes Ziel gibt es nicht mehr (Nummer {missing}).";
        }
        return errors;
    }

    public async Task<WriteResult<int>> CreateAsync(string actor, ReportDefinition input, CancellationToken cancellationToken = default)
    {
        var definition = Trimmed(input);
        if (await CheckAsync(definition, cancellationToken) is { Count: > 0 } errors) return WriteResult<int>.Invalid(errors);
        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            var id = (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(ReportQueries.InsertReport(database.Dialect),
                new { definition.Title, definition.Template, Definition = ReportQueries.Serialize(definition), User = actor, Now = DateTime.UtcNow }, transaction,
                cancellationToken: cancellationToken));
            await AuditLog.WriteAsync(connection, transaction, actor, "report.create", "report", ReportQueries.Key(id), null, definition, cancellationToken);
            return WriteResult<int>.Done(id);
        }, cancellationToken);
    }

    public async Task<WriteResult<int>> UpdateAsync(string actor, int id, ReportDefinition input, CancellationToken cancellationToken = default)
    {
        var definition = Trimmed(input);
        if (await CheckAsync(definition, cancellationToken) is { Count: > 0 } errors) return WriteResult<int>.Invalid(errors);
        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            var before = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(ReportQueries.SelectDefinition, new { Id = id }, transaction,
                cancellationToken: cancellationToken));
            if (before is null) return WriteResult<int>.Missing;
            await connection.ExecuteAsync(new CommandDefinition(ReportQueries.UpdateReport,
                new { Id = id, definition.Title, definition.Template, Definition = ReportQueries.Serialize(definition), Now = DateTime.UtcNow }, transaction,
                cancellationToken: cancellationToken));
            await AuditLog.WriteAsync(connection, transaction, actor, "report.update", "report", ReportQueries.Key(id), ReportQueries.Deserialize(before), definition, cancellationToken);
            return WriteResult<int>.Done(id);
        }, cancellationToken);
    }

    /// <summary>Deletes a draft. A report with a published edition stays: the committee's papers refer to it (a conflict).</summary>
    public Task<WriteResult<int>> DeleteAsync(string actor, int id, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var before = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(ReportQueries.SelectDefinition, new { Id = id }, transaction,
                cancellationToken: cancellationToken));
            if (before is null) return WriteResult<int>.Missing;
            if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(ReportQueries.CountEditions, new { Id = id }, transaction,
                    cancellationToken: cancellationToken)) > 0)
            {
                return WriteResult<int>.Conflict("Ein veröffentlichter Bericht bleibt erhalten; löschen lassen sich nur Entwürfe.");
            }
            await connection.ExecuteAsync(new CommandDefinition(ReportQueries.DeleteReport, new { Id = id }, transaction, cancellationToken: cancellationToken));
            await AuditLog.WriteAsync(connection, transaction, actor, "report.delete", "report", ReportQueries.Key(id), ReportQueries.Deserialize(before), null, cancellationToken);
            return WriteResult<int>.Done(id);
        }, cancellationToken);

    /// <summary>
    /// Publishes the next edition: the report as the current data has it, frozen, with what changed since the edition
    /// before. Not found when there is no such report.
    /// </summary>
    public async Task<WriteResult<ReportDocument>> PublishAsync(string actor, int id, CancellationToken cancellationToken = default)
    {
        if (await database.FindReportAsync(id, cancellationToken) is not { } report) return WriteResult<ReportDocument>.Missing;
        var document = await ReportSnapshot.BuildAsync(database, report.Definition, cancellationToken, home);
        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            var previous = await connection.QuerySingleOrDefaultAsync<ReportQueries.Latest>(new CommandDefinition(
                ReportQueries.SelectLatestEdition(database.Dialect),
                new { Id = id, Skip = 0, Take = 1 }, transaction, cancellationToken: cancellationToken));
            var edition = (previous?.Edition ?? 0) + 1;
            var published = document with
            {
                Edition = edition,
                PublishedAt = DateTime.UtcNow,
                PublishedBy = actor,
                Changes = previous is { } before ? ReportComparison.Compare(ReportDocument.Deserialize(before.Document), document) : [],
            };
            // The primary key (report, edition) turns a concurrent second publish into an error instead of two "edition 2".
            await connection.ExecuteAsync(new CommandDefinition(ReportQueries.InsertEdition,
                new { Id = id, Edition = edition, At = published.PublishedAt, User = actor, published.DataStatus, Document = published.Serialize() }, transaction,
                cancellationToken: cancellationToken));
            await AuditLog.WriteAsync(connection, transaction, actor, "report.publish", "report", ReportQueries.Key(id), null,
                new { edition, published.DataStatus, changes = published.Changes.Count }, cancellationToken);
            return WriteResult<ReportDocument>.Done(published);
        }, cancellationToken);
    }
}
