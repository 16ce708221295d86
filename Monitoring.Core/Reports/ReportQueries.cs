using System.Text.Json;
using Dapper;
using Monitoring.Core.Accounts;
using Monitoring.Core.Storage;

namespace Monitoring.Core.Reports;

/// <summary>A report as listed: its definition and its editions so far.</summary>
public sealed record ReportRow(int Id, string Title, string Template, ReportDefinition Definition, string CreatedBy, DateTime CreatedAt, DateTime UpdatedAt,
    int Editions, DateTime? LastPublishedAt);

public sealed record EditionRow
{
    public int ReportId { get; init; }
    public int Edition { get; init; }
    public DateTime PublishedAt { get; init; }
    public string PublishedBy { get; init; } = "";
    public DateTime? DataStatus { get; init; }
}

/// <summary>Storing report definitions and publishing editions. Every write carries its audit entry in the same transaction.</summary>
public static class ReportQueries
{
    public static Task<int> CreateReportAsync(this Database database, ReportDefinition definition, string user, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var now = DateTime.UtcNow;
            var id = (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                InsertReport(database.Dialect),
                new { definition.Title, definition.Template, Definition = Serialize(definition), User = user, Now = now }, transaction, cancellationToken: cancellationToken));
            await AuditLog.WriteAsync(connection, transaction, user, "report.create", "report", id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, definition, cancellationToken);
            return id;
        }, cancellationToken);

    /// <summary>False when there is no such report.</summary>
    public static Task<bool> UpdateReportAsync(this Database database, int id, ReportDefinition definition, string user, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var before = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(SelectDefinition, new { Id = id }, transaction,
                cancellationToken: cancellationToken));
            if (before is null) return false;
            await connection.ExecuteAsync(new CommandDefinition(UpdateReport,
                new { Id = id, definition.Title, definition.Template, Definition = Serialize(definition), Now = DateTime.UtcNow }, transaction, cancellationToken: cancellationToken));
            await AuditLog.WriteAsync(connection, transaction, user, "report.update", "report", Key(id), Deserialize(before), definition, cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>Deletes a draft. A report with a published edition stays: the committee's papers refer to it.</summary>
    public static Task<DeleteResult> DeleteReportAsync(this Database database, int id, string user, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var before = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(SelectDefinition, new { Id = id }, transaction,
                cancellationToken: cancellationToken));
            if (before is null) return DeleteResult.NotFound;
            if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountEditions, new { Id = id }, transaction,
                    cancellationToken: cancellationToken)) > 0) return DeleteResult.Published;
            await connection.ExecuteAsync(new CommandDefinition(DeleteReport, new { Id = id }, transaction, cancellationToken: cancellationToken));
            await AuditLog.WriteAsync(connection, transaction, user, "report.delete", "report", Key(id), Deserialize(before), null, cancellationToken);
            return DeleteResult.Deleted;
        }, cancellationToken);

    public enum DeleteResult { Deleted, NotFound, Published }

    public static async Task<IReadOnlyList<ReportRow>> ListReportsAsync(this Database database, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Row>(new CommandDefinition(SelectReports + " ORDER BY r.updated_at DESC, r.id DESC", cancellationToken: cancellationToken)))
            .Select(r => r.ToReport()).ToList();
    }

    public static async Task<ReportRow?> FindReportAsync(this Database database, int id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(SelectReports + " WHERE r.id = @Id", new { Id = id }, cancellationToken: cancellationToken)))
            ?.ToReport();
    }

    /// <summary>
    /// Publishes the next edition: the report as the current data has it, frozen, with what changed since the edition
    /// before. Null when there is no such report.
    /// </summary>
    public static async Task<ReportDocument?> PublishAsync(this Database database, int id, string user, CancellationToken cancellationToken = default, Areas.HomeArea? home = null)
    {
        if (await database.FindReportAsync(id, cancellationToken) is not { } report) return null;
        var document = await ReportSnapshot.BuildAsync(database, report.Definition, cancellationToken, home);
        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            var previous = await connection.QuerySingleOrDefaultAsync<Latest>(new CommandDefinition(
                SelectLatestEdition(database.Dialect),
                new { Id = id, Skip = 0, Take = 1 }, transaction, cancellationToken: cancellationToken));
            var edition = (previous?.Edition ?? 0) + 1;
            var published = document with
            {
                Edition = edition,
                PublishedAt = DateTime.UtcNow,
                PublishedBy = user,
                Changes = previous is { } before ? ReportComparison.Compare(ReportDocument.Deserialize(before.Document), document) : [],
            };
            // The primary key (report, edition) turns a concurrent second publish into an error instead of two "edition 2".
            await connection.ExecuteAsync(new CommandDefinition(InsertEdition,
                new { Id = id, Edition = edition, At = published.PublishedAt, User = user, published.DataStatus, Document = published.Serialize() }, transaction,
                cancellationToken: cancellationToken));
            await AuditLog.WriteAsync(connection, transaction, user, "report.publish", "report", Key(id), null,
                new { edition, published.DataStatus, changes = published.Changes.Count }, cancellationToken);
            return published;
        }, cancellationToken);
    }

    public static async Task<IReadOnlyList<EditionRow>> ListEditionsAsync(this Database database, int id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<EditionRow>(new CommandDefinition(SelectEditions,
            new { Id = id }, cancellationToken: cancellationToken))).ToList();
    }

    public static async Task<ReportDocument?> FindEditionAsync(this Database database, int id, int edition, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var json = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(SelectEdition, new { Id = id, Edition = edition }, cancellationToken: cancellationToken));
        return json is null ? null : ReportDocument.Deserialize(json);
    }

    static string Key(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    static string Serialize(ReportDefinition definition) => JsonSerializer.Serialize(definition, ReportDocument.Json);

    static ReportDefinition Deserialize(string json) => JsonSerializer.Deserialize<ReportDefinition>(json, ReportDocument.Json) ?? new ReportDefinition();

    sealed class Latest
    {
        public int Edition { get; init; }
        public string Document { get; init; } = "";
    }

    sealed class Row
    {
        public int Id { get; init; }
        public string Title { get; init; } = "";
        public string Template { get; init; } = "";
        public string Definition { get; init; } = "";
        public string CreatedBy { get; init; } = "";
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }
        public int Editions { get; init; }

        // MAX() has no declared type on SQLite: a first row without editions (NULL) would fix the column's type for the
        // rows after it, so the value is taken as it comes (text on SQLite, datetime2 on SQL Server).
        public object? LastPublishedAt { get; init; }

        public ReportRow ToReport() => new(Id, Title, Template, Deserialize(Definition), CreatedBy, CreatedAt, UpdatedAt, Editions, LastPublishedAt switch
        {
            DateTime at => at,
            string text => DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        });
    }

    const string SelectReports =
        """
        SELECT r.id AS Id, r.title AS Title, r.template AS Template, r.definition AS Definition, r.created_by AS CreatedBy, r.created_at AS CreatedAt,
               r.updated_at AS UpdatedAt, (SELECT COUNT(*) FROM report_editions e WHERE e.report_id = r.id) AS Editions,
               (SELECT MAX(e.published_at) FROM report_editions e WHERE e.report_id = r.id) AS LastPublishedAt
        FROM reports r
        """;

    static string InsertReport(SqlDialect dialect) =>
        dialect.InsertReturningId("reports", "title, template, definition, created_by, created_at, updated_at", "@Title, @Template, @Definition, @User, @Now, @Now");

    static string SelectLatestEdition(SqlDialect dialect) => dialect.Page("SELECT edition, document FROM report_editions WHERE report_id = @Id ORDER BY edition DESC");

    const string SelectDefinition = "SELECT definition FROM reports WHERE id = @Id";

    const string UpdateReport = "UPDATE reports SET title = @Title, template = @Template, definition = @Definition, updated_at = @Now WHERE id = @Id";

    const string CountEditions = "SELECT COUNT(*) FROM report_editions WHERE report_id = @Id";

    const string DeleteReport = "DELETE FROM reports WHERE id = @Id";

    const string SelectEditions =
        """
        SELECT report_id AS ReportId, edition AS Edition, published_at AS PublishedAt, published_by AS PublishedBy, data_status AS DataStatus
        FROM report_editions WHERE report_id = @Id ORDER BY edition DESC
        """;

    const string SelectEdition = "SELECT document FROM report_editions WHERE report_id = @Id AND edition = @Edition";

    const string InsertEdition =
        """
        INSERT INTO report_editions (report_id, edition, published_at, published_by, data_status, document)
        VALUES (@Id, @Edition, @At, @User, @DataStatus, @Document)
        """;
}
