using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Monitoring.Tests.Ingestion.Genesis;

/// <summary>
/// A GENESIS 2020 REST interface on loopback that answers with recorded real answers only (<c>Recorded/</c> and
/// <c>RealExports/</c>, see their READMEs): bodies byte for byte with the recorded content types. A table is answered by
/// its recording (a file, or the job flow: 98, 99, then <c>catalogue/results</c> 104 until ready, 0, and the result file);
/// a table without one gets the recorded answer GENESIS-Online gives for a table it does not have (104).
/// </summary>
public sealed class GenesisReplayServer : IAsyncDisposable
{
    static string Recorded(string name) => Path.Combine(TestPaths.RepositoryRoot, "Monitoring.Tests", "Ingestion", "Genesis", "Recorded", name);

    static string Real(string name) => Path.Combine(TestPaths.RepositoryRoot, "Monitoring.Tests", "Ingestion", "Genesis", "RealExports", name);

    readonly WebApplication app;
    readonly Dictionary<string, string> files = new(StringComparer.Ordinal);
    readonly Dictionary<string, (string Result, string ResultFile)> jobs = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, int> polls = new(StringComparer.Ordinal);

    GenesisReplayServer(WebApplication app) => this.app = app;

    /// <summary>Every request's path and table (or result) name, in order.</summary>
    public ConcurrentQueue<(string Path, string Name, string? Job, string? RegionalKey)> Calls { get; } = new();

    /// <summary>How often <c>catalogue/results</c> says "not ready" before it lists a result (recorded: about 300 times over 5½ minutes).</summary>
    public int NotReadyPolls { get; init; } = 2;

    public string BaseUrl { get; private set; } = "";

    public static async Task<GenesisReplayServer> StartAsync(int notReadyPolls = 2)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new GenesisReplayServer(builder.Build()) { NotReadyPolls = notReadyPolls };
        server.app.MapPost("/genesisWS/rest/2020/{**path}", server.HandleAsync);
        await server.app.StartAsync();
        server.BaseUrl = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/genesisWS/rest/2020/";
        return server;
    }

    /// <summary>Answers <c>data/tablefile</c> for the table with a recorded file (a ZIP from the REST interface).</summary>
    public GenesisReplayServer WithFile(string table, string path)
    {
        files[table] = path;
        return this;
    }

    /// <summary>
    /// Answers the table with the recorded job flow of 12531-0043 (GENESIS-Online, 2025): its recorded 98, 99, 104 and 0
    /// answers, then <paramref name="resultFile"/> as the result. The recorded result itself (1.8 MB) is not in the
    /// repository; where it is missing, the caller names the recorded file that stands in for it.
    /// </summary>
    public GenesisReplayServer WithRecordedJob(string table, string resultFile)
    {
        jobs[table] = ("12531-0043_673843136", resultFile);
        return this;
    }

    /// <summary>The recorded result of the 12531-0043 job, if it is in the repository.</summary>
    public static string? RecordedResult12531 => File.Exists(Recorded("resultfile_12531-0043_673843136_ffcsv_de.zip")) ? Recorded("resultfile_12531-0043_673843136_ffcsv_de.zip") : null;

    /// <summary>The recorded REST answer of Regionalstatistik 12411-01-01-4 (pystatis cassettes, March 2026).</summary>
    public static string Regionalstatistik12411 => Real("ffcsv-long_regio_12411-01-01-4_1773175772751_de_flat.zip");

    async Task HandleAsync(HttpContext context, string path)
    {
        var form = await context.Request.ReadFormAsync();
        var name = form["name"].ToString();
        var selection = form["selection"].ToString();
        Calls.Enqueue((path, name.Length > 0 ? name : selection, form["job"].FirstOrDefault(), form["regionalkey"].FirstOrDefault()));
        switch (path)
        {
            case "data/tablefile" when files.TryGetValue(name, out var file):
                await SendAsync(context, "application/zip", file);
                break;
            case "data/tablefile" when jobs.ContainsKey(name):
                await SendAsync(context, "application/json", Recorded(form["job"] == "true" ? "tablefile_99_job-created_12531-0043.json" : "tablefile_98_too-large_12531-0043.json"));
                break;
            case "catalogue/results" when jobs.Values.Any(j => j.Result == selection):
                var ready = polls.AddOrUpdate(selection, 1, (_, n) => n + 1) > NotReadyPolls;
                await SendAsync(context, "application/json;charset=UTF-8",
                    Recorded(ready ? "catalogue-results_0_ready_12531-0043_673843136.json" : "catalogue-results_104_not-ready_12531-0043_673843136.json"));
                break;
            case "data/resultfile" when jobs.Values.FirstOrDefault(j => j.Result == name) is { Result: not null } job:
                await SendAsync(context, "application/zip", job.ResultFile);
                break;
            default:
                await SendAsync(context, "application/json;charset=UTF-8", Recorded("table_104_not-found_51000-ABCD_en.json"));
                break;
        }
    }

    static async Task SendAsync(HttpContext context, string contentType, string file)
    {
        context.Response.ContentType = contentType;
        await context.Response.SendFileAsync(file);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
