using Microsoft.Extensions.Logging;
using Monitoring.Core.Changes;
using Monitoring.Core.Areas;
using Monitoring.Core.Indicators;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Ingestion.Genesis;

/// <summary>
/// From credentials to a real monitoring in one step: every table the catalog names for the office of a GENESIS connection
/// is fetched through the REST client (tables too large for a direct download through its job flow), for the Gemeinden
/// of the home area's Land where the table goes down to them (regional key wildcard), whole otherwise; each is imported as a
/// "GENESIS-Export" source of its own (kept, so that its schedule can fetch next year's figures) and the indicators are
/// computed. What came, what the office does not have and what failed is reported per table; the fetch as a whole is
/// in the audit log.
/// </summary>
public sealed class CatalogFetch(Database database, SourceWrites sources, GenesisClient client, Importer importer, HomeArea home, ILogger<CatalogFetch> logger)
{
    /// <summary>What became of one table.</summary>
    public enum Outcome
    {
        Imported,
        NotFound,
        Failed,
    }

    /// <summary>One table's result: its run where it was imported, the office's or the import's German text where not.</summary>
    public sealed record TableResult(string Table, AreaLevel Depth, IReadOnlyList<string> Variables, Outcome Outcome, long? RunId, long Rows, string? Message)
    {
        public string OutcomeText => Outcome switch
        {
            Outcome.Imported => "abgerufen und importiert",
            Outcome.NotFound => "beim Amt nicht vorhanden",
            _ => "fehlgeschlagen",
        };
    }

    /// <summary>The fetch's result, table by table.</summary>
    public sealed record Report(string Connection, string Office, IReadOnlyList<TableResult> Tables);

    /// <summary>The office a connection reaches, as the catalog names it: the known ones by their names, any other by its own.</summary>
    public static string OfficeOf(string connection) => connection.ToLowerInvariant() switch
    {
        "destatis" => "GENESIS-Online",
        "regionalstatistik" => "Regionalstatistik",
        "landesdatenbanknrw" => "Landesdatenbank NRW",
        _ => connection,
    };

    /// <summary>The tables the catalog names for an office, each with the lowest level it is published at and the variables it feeds.</summary>
    public static IReadOnlyList<(string Table, AreaLevel Depth, IReadOnlyList<string> Variables)> TablesFor(IndicatorCatalog catalog, string office) =>
        catalog.Variables
            .SelectMany(v => (v.Tables ?? []).Select(t => (Variable: v.Code, Published: t)))
            .Where(t => t.Published.Table is not null && string.Equals(t.Published.Office, office, StringComparison.OrdinalIgnoreCase))
            .GroupBy(t => t.Published.Table!, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Max(t => t.Published.Depth), (IReadOnlyList<string>)g.Select(t => t.Variable).Distinct(StringComparer.Ordinal).ToList()))
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .ToList();

    /// <summary>The name of the source a catalog table is kept in.</summary>
    public static string SourceName(string office, string table) => $"{office} {table}";

    /// <summary>Fetches and imports every table the catalog names for the connection's office; <paramref name="progress"/> hears of each table as it is done.</summary>
    public async Task<Report> RunAsync(string connection, string actor, IProgress<TableResult>? progress = null, CancellationToken cancellationToken = default)
    {
        var office = OfficeOf(connection);
        var catalog = await CatalogStore.LoadAsync(database, cancellationToken);
        var areas = await database.ListCurrentAsync(cancellationToken);
        // A table that goes down to the Gemeinden is asked for those of the home area's Land (05*): the home area's own,
        // and every Gemeinde its peer groups are formed among; the Kreise and the Land are summed from them where the
        // table has no row of its own. Other tables come whole (all Kreise, Länder and Germany).
        var (_, land) = home.Find(areas);
        var stem = land?.Key;
        var results = new List<TableResult>();
        foreach (var (table, depth, variables) in TablesFor(catalog, office))
        {
            var request = new GenesisTableRequest
            {
                Table = table,
                Credentials = connection,
                RegionalVariable = depth == AreaLevel.Gemeinde && stem is not null ? "GEMEIN" : null,
                RegionalKey = depth == AreaLevel.Gemeinde && stem is not null ? stem + "*" : null,
            };
            var result = await FetchAsync(actor, office, table, depth, variables, request, cancellationToken);
            results.Add(result);
            progress?.Report(result);
        }
        var report = new Report(connection, office, results);
        await database.RecordEventAsync(actor, "catalog.fetch", "genesis", connection,
            new StoredReport(office, results.Select(r => new StoredTable(r.Table, r.Depth, r.Variables, r.Outcome, r.RunId, r.Rows, r.Message)).ToList()), cancellationToken);
        return report;
    }

    /// <summary>The last fetch's report as the audit log keeps it, with when and by whom; null before the first.</summary>
    public static async Task<(DateTime At, string By, Report Report)?> LastAsync(Database database, CancellationToken cancellationToken = default)
    {
        var entry = (await database.ListAuditEntriesAsync("genesis", null, 0, 20, cancellationToken)).FirstOrDefault(e => e.Action == "catalog.fetch");
        if (entry?.AfterJson is null) return null;
        var stored = System.Text.Json.JsonSerializer.Deserialize<StoredReport>(entry.AfterJson, StoredJson);
        if (stored is null) return null;
        return (entry.At, entry.UserName, new Report(entry.EntityKey, stored.Office, stored.Tables.Select(t =>
            new TableResult(t.Table, t.Depth, t.Variables, t.Outcome, t.RunId, t.Rows, t.Message)).ToList()));
    }

    sealed record StoredTable(string Table, AreaLevel Depth, IReadOnlyList<string> Variables, Outcome Outcome, long? RunId, long Rows, string? Message);

    sealed record StoredReport(string Office, IReadOnlyList<StoredTable> Tables);

    static System.Text.Json.JsonSerializerOptions StoredJson => Core.StoredJson.Options;

    async Task<TableResult> FetchAsync(string actor, string office, string table, AreaLevel depth, IReadOnlyList<string> variables, GenesisTableRequest request, CancellationToken cancellationToken)
    {
        var source = await database.FindSourceAsync(SourceName(office, table), cancellationToken);
        if (source is null)
        {
            var created = await sources.CreateAsync(actor, new DataSource { Name = SourceName(office, table), Kind = SourceKind.GenesisExport, Settings = new SourceSettings { Api = request } },
                cancellationToken);
            if (!created.Succeeded) return new TableResult(table, depth, variables, Outcome.Failed, null, 0, string.Join(" ", created.Messages));
            source = created.Value!;
        }
        string? path = null;
        try
        {
            path = await client.DownloadAsync(request, cancellationToken);
            var report = await importer.ImportFileAsync(source, path, $"{table}.{(path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? "zip" : "csv")}", cancellationToken: cancellationToken);
            return report.Status is ImportStatus.Succeeded or ImportStatus.Unchanged
                ? new TableResult(table, depth, variables, Outcome.Imported, report.RunId, report.RowsRead, null)
                : new TableResult(table, depth, variables, Outcome.Failed, report.RunId, report.RowsRead, report.Error);
        }
        catch (GenesisApiException ex)
        {
            logger.LogWarning("Catalog table {Table} from {Office}: {Error}", table, office, ex.Message);
            return new TableResult(table, depth, variables, ex.NotFound ? Outcome.NotFound : Outcome.Failed, null, 0, ex.Message);
        }
        finally
        {
            if (path is not null) File.Delete(path);
        }
    }
}
