using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Ingestion;
using Monitoring.Ingestion.Genesis;

namespace Monitoring.Tests.Ingestion.Genesis;

public sealed class GenesisClientTests : IAsyncLifetime
{
    const string Password = "geheim-Kennwort-4711";
    FakeGenesisServer? server;
    readonly List<string> logged = [];

    FakeGenesisServer Server => server!;

    public async ValueTask InitializeAsync() => server = await FakeGenesisServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync();
    }

    GenesisClient Client(GenesisClientOptions? options = null) => new(
        new HttpClient(),
        new GenesisConnections(new ConfigurationBuilder().AddInMemoryCollection([
            new("Genesis:Credentials:Regionalstatistik:BaseUrl", Server.BaseUrl),
            new("Genesis:Credentials:Regionalstatistik:Username", "KREIS-GT"),
            new("Genesis:Credentials:Regionalstatistik:Password", Password),
            new("Genesis:Credentials:Gast:BaseUrl", Server.BaseUrl),
        ]).Build()),
        options ?? new GenesisClientOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(20), JobPollInterval = TimeSpan.FromMilliseconds(50), RequestTimeout = TimeSpan.FromSeconds(10) },
        new ListLogger(logged));

    GenesisTableRequest Request => new()
    {
        Table = "12411-02-03-5",
        RegionalVariable = "GEMEIN",
        RegionalKey = "05754*",
        StartYear = 2012,
        EndYear = 2024,
        Credentials = "Regionalstatistik",
    };

    [Fact]
    public async Task A_csv_answer_is_saved_and_credentials_go_in_headers_never_in_the_address_or_the_log()
    {
        Server.Then(FakeGenesisServer.Csv(GenesisSamples.GermanWide));

        var path = await Client().DownloadAsync(Request, TestContext.Current.CancellationToken);

        Assert.Equal(GenesisSamples.GermanWide, await File.ReadAllTextAsync(path));
        File.Delete(path);
        var call = Assert.Single(Server.Calls);
        Assert.Equal("data/tablefile", call.Path);
        Assert.Equal(("KREIS-GT", Password), (call.Username, call.Password));
        Assert.Equal("", call.Query);
        Assert.Equal(("12411-02-03-5", "ffcsv", "05754*", "GEMEIN", "2012", "2024"),
            (call.Form["name"], call.Form["format"], call.Form["regionalkey"], call.Form["regionalvariable"], call.Form["startyear"], call.Form["endyear"]));
        Assert.NotEmpty(logged);
        Assert.DoesNotContain(logged, line => line.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_zip_answer_is_saved_as_zip()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = archive.CreateEntry("12411-02-03-5_de_flat.csv").Open();
            await entry.WriteAsync(Encoding.UTF8.GetBytes(GenesisSamples.GermanWide));
        }
        Server.Then(FakeGenesisServer.Bytes("application/zip", zip.ToArray()));

        var path = await Client().DownloadAsync(Request, TestContext.Current.CancellationToken);

        Assert.EndsWith(".zip", path, StringComparison.Ordinal);
        Assert.Equal(zip.ToArray(), await File.ReadAllBytesAsync(path));
        File.Delete(path);
    }

    [Fact]
    public async Task A_table_too_large_becomes_a_job_that_is_polled_and_fetched()
    {
        Server
            .Then(FakeGenesisServer.Status(98, "Die Tabelle ist zu groß für den direkten Abruf. Bitte als Hintergrundauftrag anfordern."))
            .Then(FakeGenesisServer.Status(99, "Der Bearbeitungsauftrag wurde erstellt. Die Tabelle kann in Kürze als Ergebnis mit folgendem Namen abgerufen werden: 12411-02-03-5_123456789"))
            .Then(FakeGenesisServer.Status(104, "Es gibt keine Objekte zum angegebenen Selektionskriterium."))
            .Then(FakeGenesisServer.Status(0, "erfolgreich"))
            .Then(FakeGenesisServer.Csv(GenesisSamples.GermanWide));

        var path = await Client().DownloadAsync(Request, TestContext.Current.CancellationToken);

        Assert.Equal(GenesisSamples.GermanWide, await File.ReadAllTextAsync(path));
        File.Delete(path);
        var calls = Server.Calls.ToList();
        Assert.Equal(["data/tablefile", "data/tablefile", "catalogue/results", "catalogue/results", "data/resultfile"], calls.Select(c => c.Path));
        Assert.Equal(("false", "true"), (calls[0].Form["job"], calls[1].Form["job"]));
        Assert.Equal(("12411-02-03-5_123456789", "12411-02-03-5_123456789"), (calls[2].Form["selection"], calls[4].Form["name"]));
    }

    [Theory]
    [InlineData(104, "Es gibt keine Objekte zum angegebenen Selektionskriterium.", "keine Daten gefunden")]
    [InlineData(13, "Die angeforderte Tabelle existiert nicht.", "mit Status 13 geantwortet: Die angeforderte Tabelle existiert nicht.")]
    public async Task Status_answers_become_errors_with_the_services_text(int code, string text, string expected)
    {
        Server.Then(FakeGenesisServer.Status(code, text));

        var error = await Assert.ThrowsAsync<GenesisApiException>(() => Client().DownloadAsync(Request, TestContext.Current.CancellationToken));

        Assert.Equal(code, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transient_failures_are_retried_with_back_off()
    {
        Server.Then(FakeGenesisServer.Http(503)).Then(FakeGenesisServer.Http(502)).Then(FakeGenesisServer.Csv(GenesisSamples.GermanWide));

        var path = await Client().DownloadAsync(Request, TestContext.Current.CancellationToken);

        File.Delete(path);
        Assert.Equal(3, Server.Calls.Count);
    }

    [Fact]
    public async Task A_service_that_stays_down_fails_after_the_last_attempt()
    {
        Server.Then(FakeGenesisServer.Http(503));

        var error = await Assert.ThrowsAsync<GenesisApiException>(() => Client().DownloadAsync(Request, TestContext.Current.CancellationToken));

        Assert.Equal(4, Server.Calls.Count);
        Assert.Contains("503", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hanging_service_times_out()
    {
        Server.Then(FakeGenesisServer.Slow(TimeSpan.FromSeconds(5), FakeGenesisServer.Csv("x")));
        var client = Client(new GenesisClientOptions { Attempts = 2, FirstRetryDelay = TimeSpan.FromMilliseconds(10), RequestTimeout = TimeSpan.FromMilliseconds(300) });

        var error = await Assert.ThrowsAsync<GenesisApiException>(() => client.DownloadAsync(Request, TestContext.Current.CancellationToken));

        Assert.Contains("war nach 2 Versuchen nicht erreichbar: Zeitüberschreitung", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_or_missing_credentials_are_named()
    {
        Server.Then(FakeGenesisServer.Http(401));
        var refused = await Assert.ThrowsAsync<GenesisApiException>(() => Client().DownloadAsync(Request, TestContext.Current.CancellationToken));
        Assert.Contains("hat die Zugangsdaten „Regionalstatistik“ abgelehnt", refused.Message, StringComparison.Ordinal);

        Server.Then(FakeGenesisServer.Http(401));
        var missing = await Assert.ThrowsAsync<GenesisApiException>(() => Client().DownloadAsync(Request with { Credentials = "Gast" }, TestContext.Current.CancellationToken));
        Assert.Contains("Genesis:Credentials:Gast:Username", missing.Message, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<GenesisApiException>(() => Client().DownloadAsync(Request with { Credentials = "Landesdatenbank" }, TestContext.Current.CancellationToken));
        Assert.Contains("Genesis:Credentials:Landesdatenbank:BaseUrl", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(2, Server.Calls.Count); // the unknown connection sent nothing
    }

    [Fact]
    public async Task The_credentials_go_only_to_the_configured_address_never_to_a_redirect()
    {
        await using var elsewhere = await FakeGenesisServer.StartAsync();
        elsewhere.Then(FakeGenesisServer.Csv(GenesisSamples.GermanWide));
        Server.Then(FakeGenesisServer.Redirect(elsewhere.BaseUrl + "data/tablefile"));
        // The client as the hosts register it.
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([
            new("Genesis:Credentials:Regionalstatistik:BaseUrl", Server.BaseUrl),
            new("Genesis:Credentials:Regionalstatistik:Username", "KREIS-GT"),
            new("Genesis:Credentials:Regionalstatistik:Password", Password),
        ]);
        builder.AddMonitoringIngest();
        using var services = builder.Services.BuildServiceProvider();
        var client = services.GetRequiredService<GenesisClient>();

        var refused = await Assert.ThrowsAsync<GenesisApiException>(() => client.DownloadAsync(Request, TestContext.Current.CancellationToken));
        Assert.Contains("307", refused.Message, StringComparison.Ordinal);
        Assert.Single(Server.Calls);
        Assert.Empty(elsewhere.Calls);
    }

    sealed class ListLogger(List<string> lines) : ILogger<GenesisClient>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines) lines.Add(formatter(state, exception) + exception);
        }
    }
}
