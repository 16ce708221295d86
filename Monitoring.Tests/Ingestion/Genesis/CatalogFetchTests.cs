using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Core.Areas;
using Monitoring.Ingestion.Genesis;
using Monitoring.Ingestion.Imports;
using Monitoring.Tests.Core.Storage;

namespace Monitoring.Tests.Ingestion.Genesis;

/// <summary>
/// Issue 16, part 6: from credentials to a real monitoring in one step, against a local server that replays recorded real
/// answers of the GENESIS REST interface (<see cref="GenesisReplayServer"/>): a table delivered directly, one that takes
/// the job flow, and tables the office does not have. Tests never reach the internet.
/// </summary>
public sealed class CatalogFetchTests : MigratedStore
{
    GenesisReplayServer? server;

    GenesisReplayServer Server => server!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await ReferenceAreas.LoadAsync(Db);
        server = await GenesisReplayServer.StartAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync();
        await base.DisposeAsync();
    }

    CatalogFetch Fetch(string connection)
    {
        var connections = new GenesisConnections(new ConfigurationBuilder().AddInMemoryCollection([
            new($"Genesis:Credentials:{connection}:BaseUrl", Server.BaseUrl),
            new($"Genesis:Credentials:{connection}:Username", "KREIS-GT"),
            new($"Genesis:Credentials:{connection}:Password", "geheim"),
        ]).Build());
        var client = new GenesisClient(new HttpClient(), connections,
            new GenesisClientOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(20), JobPollInterval = TimeSpan.FromMilliseconds(20), RequestTimeout = TimeSpan.FromSeconds(30) },
            NullLogger<GenesisClient>.Instance);
        var sources = new SourceWrites(Db, new SourceSettingsCheck(new DropFolders(new ConfigurationBuilder().Build(), new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = Path.GetTempPath() }), connections),
            new ServiceCollection().BuildServiceProvider());
        return new CatalogFetch(Db, sources, client, new Importer(Db, NullLogger<Importer>.Instance), HomeArea.Default, NullLogger<CatalogFetch>.Instance);
    }

    [Fact]
    public async Task One_step_fetches_every_catalog_table_of_the_office_imports_what_came_and_names_what_is_missing()
    {
        Server.WithFile("12411-01-01-4", GenesisReplayServer.Regionalstatistik12411);
        var catalogTables = CatalogFetch.TablesFor(Monitoring.Core.Indicators.IndicatorCatalog.Shipped(), "Regionalstatistik");
        Assert.Contains(catalogTables, t => t.Table == "12411-01-01-4");

        var report = await Fetch("Regionalstatistik").RunAsync("Regionalstatistik", "test");

        Assert.Equal(catalogTables.Select(t => t.Table), report.Tables.Select(t => t.Table));
        var population = report.Tables.Single(t => t.Table == "12411-01-01-4");
        Assert.Equal((CatalogFetch.Outcome.Imported, 1_467L), (population.Outcome, population.Rows));
        // The others are not recorded: the replay answers as GENESIS-Online does for a table it does not have.
        Assert.All(report.Tables.Where(t => t.Table != "12411-01-01-4"), t => Assert.Equal(CatalogFetch.Outcome.NotFound, t.Outcome));
        // A table that goes down to the Gemeinden is asked for those of the home area's Land.
        Assert.All(Server.Calls.Where(c => catalogTables.Any(t => t.Table == c.Name && t.Depth == AreaLevel.Gemeinde)), c => Assert.Equal("05*", c.RegionalKey));

        // Kreis Gütersloh on 31.12.2024 as the recorded file has it, under the catalog's variable, in a source of its own.
        await using var connection = await Db.OpenAsync();
        Assert.Equal(363_982, await connection.ExecuteScalarAsync<double>(
            """
            SELECT o.value FROM observations o JOIN variables v ON v.id = o.variable_id JOIN areas a ON a.id = o.area_id
            WHERE v.code = 'BEVSTD' AND a.area_key = '05754' AND o.period = '2024-12-31' AND o.dimension_set_id = 1
            """));
        Assert.NotNull(await Db.FindSourceAsync(CatalogFetch.SourceName("Regionalstatistik", "12411-01-01-4")));

        // The report stays for the workspace, with who started it.
        var last = await CatalogFetch.LastAsync(Db);
        Assert.Equal(("test", report.Tables.Count), (last!.Value.By, last.Value.Report.Tables.Count));
    }

    [Fact]
    public async Task A_table_too_large_for_a_direct_download_comes_through_the_recorded_job_flow()
    {
        // The job flow's status answers are the recorded ones of 12531-0043. Its result file (1.8 MB) was not copied into
        // the repository; until it is, the recorded ZIP of Regionalstatistik 12411-01-01-4 stands in for the body.
        Server.WithRecordedJob("12531-0043", GenesisReplayServer.RecordedResult12531 ?? GenesisReplayServer.Regionalstatistik12411);
        var tables = CatalogFetch.TablesFor(Monitoring.Core.Indicators.IndicatorCatalog.Shipped(), "GENESIS-Online");
        Assert.Contains(tables, t => t.Table == "12531-0043");

        var report = await Fetch("Destatis").RunAsync("Destatis", "test");

        var protection = report.Tables.Single(t => t.Table == "12531-0043");
        Assert.True(protection.Outcome == CatalogFetch.Outcome.Imported, protection.Message);
        Assert.True(protection.Rows > 0);
        // 98 "too large", again as a job (99, naming the result), "not ready" (104) until listed, then the result file.
        var calls = Server.Calls.Where(c => c.Name.StartsWith("12531-0043", StringComparison.Ordinal)).Select(c => c.Path).ToList();
        Assert.Equal(["data/tablefile", "data/tablefile", "catalogue/results", "catalogue/results", "catalogue/results", "data/resultfile"], calls);
    }
}
