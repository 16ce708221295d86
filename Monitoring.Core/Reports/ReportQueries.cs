using System.Text.Json;
using Dapper;

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

/// <summary>Reading report definitions and their editions; the writes are <see cref="ReportWrites"/>.</summary>
public static class ReportQueries
{
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

    internal static string Key(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static string Serialize(ReportDefinition definition) => JsonSerializer.Serialize(definition, ReportDocument.Json);

    internal static ReportDefinition Deserialize(string json) => JsonSerializer.Deserialize<ReportDefinition>(json, ReportDocument.Json) ?? new ReportDefinition();

    internal sealed class Latest
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

    internal static string InsertReport(SqlDialect dialect) =>
        dialect.InsertReturningId("reports", "title, template, definition, created_by, created_at, updated_at", "@Title, @Template, @Definition, @User, @Now, @Now");

    internal static string SelectLatestEdition(SqlDialect dialect) => dialect.Page("SELECT edition, document FROM report_editions WHERE report_id = @Id ORDER BY edition DESC");

    internal const string SelectDefinition = "SELECT definition FROM reports WHERE id = @Id";

    internal const string UpdateReport = "UPDATE reports SET title = @Title, template = @Template, definition = @Definition, updated_at = @Now WHERE id = @Id";

    internal const string CountEditions = "SELECT COUNT(*) FROM report_editions WHERE report_id = @Id";

    internal const string DeleteReport = "DELETE FROM reports WHERE id = @Id";

    const string SelectEditions =
        """
        SELECT report_id AS ReportId, edition AS Edition, published_at AS PublishedAt, published_by AS PublishedBy, data_status AS DataStatus
        FROM report_editions WHERE report_id = @Id ORDER BY edition DESC
        """;

    const string SelectEdition = "SELECT document FROM report_editions WHERE report_id = @Id AND edition = @Edition";

    internal const string InsertEdition =
        """
        INSERT INTO report_editions (report_id, edition, published_at, published_by, data_status, document)
        VALUES (@Id, @Edition, @At, @User, @DataStatus, @Document)
        """;
}
