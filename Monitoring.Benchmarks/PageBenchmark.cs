using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Monitoring.Benchmarks;

/// <summary>
/// Latency of the dashboard's pages and chart images under concurrent clients: the Web host on a real port over a fresh
/// embedded store with the demo data, each address requested by 32 clients for a fixed time. A static file of the same
/// host is the reference for what the server and loopback cost without any work of ours. Latencies are measured at
/// the client, so they include loopback and the client's own overhead.
/// </summary>
static class PageBenchmark
{
    internal sealed class Host(string directory, string? database) : WebApplicationFactory<Monitoring.Web.Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development"); // the static web assets manifest serves the stylesheet outside a published layout
            builder.UseSetting("Database:SqlitePath", database ?? Path.Combine(directory, "monitoring.db"));
            if (database is not null)
            {
                builder.UseSetting("Demo:ImportOnFirstStart", "false");
                builder.UseSetting("Database:LoadReferenceAreas", "false"); // the generated hierarchy stands alone
            }
            builder.UseSetting("Jobs:SqlitePath", Path.Combine(directory, "jobs.db"));
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            // The reference file is made at run time, outside the build's static asset manifest, which warns per request.
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.Builder.StaticAssetDevelopmentRuntimeHandler", "Error");
            // A web root of the benchmark's own, for the reference file; the stylesheet still comes from the static web assets.
            builder.UseWebRoot(Directory.CreateDirectory(Path.Combine(directory, "wwwroot")).FullName);
        }
    }

    /// <param name="clients">Concurrent clients.</param>
    /// <param name="seconds">How long each address is requested.</param>
    /// <param name="database">An existing database (e.g. the recompute benchmark's, kept with --keep), or null for a fresh one with the demo data.</param>
    /// <param name="kreis">The Kreis to show (its first municipalities are chosen too).</param>
    public static async Task<int> RunAsync(int clients, int seconds, string? database = null, string kreis = "05754")
    {
        await MeasureAsync(clients, seconds, database, kreis);
        return 0;
    }

    /// <summary>One address's latencies at the client, in milliseconds.</summary>
    public sealed record Latency(string Address, int Requests, double P50, double P95, double P99, int Errors);

    /// <summary>What <see cref="MeasureAsync"/> found: start-up to the first answered page, the database's size, each address.</summary>
    public sealed record Result(TimeSpan StartUp, long DatabaseBytes, int PageBytes, IReadOnlyList<Latency> Latencies);

    public static async Task<Result> MeasureAsync(int clients, int seconds, string? database = null, string kreis = "05754")
    {
        var directory = Path.Combine(Path.GetTempPath(), "monitoring-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        await using var host = new Host(directory, database);
        host.UseKestrel(0);
        var startUp = Stopwatch.StartNew();
        host.StartServer();
        var baseAddress = host.ClientOptions.BaseAddress;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { BaseAddress = baseAddress };
        (await http.GetAsync("/")).EnsureSuccessStatusCode();
        var startUpTime = startUp.Elapsed;
        Console.WriteLine($"Start-up to the first answered start page: {startUpTime.TotalSeconds:N1} s" + (database is null ? " (migration, reference areas, demo import, indicators)" : ""));
        var css = System.Text.RegularExpressions.Regex.Match(await http.GetStringAsync("/Anmelden"), "href=\"(/css/[^\"]+)\"").Groups[1].Value;

        var municipalities = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"/api/areas?q={kreis}&take=3")).RootElement.EnumerateArray()
            .Select(a => a.GetProperty("key").GetString()!).Where(k => k.Length > kreis.Length).ToList();
        var land = kreis[..2];
        // The reference for the pages: a static file of the indicator page's size, served by the same host.
        var pageSize = (await http.GetByteArrayAsync("/Indikatoren/AUS_ANT")).Length;
        await File.WriteAllBytesAsync(Path.Combine(directory, "wwwroot", "referenz.html"), System.Text.Encoding.UTF8.GetBytes(new string('x', pageSize)));
        const string reference = "/referenz.html";
        // The file and its write-ahead log: until a checkpoint, recent writes live in the log.
        var databaseFile = database ?? Path.Combine(directory, "monitoring.db");
        var databaseBytes = new[] { databaseFile, databaseFile + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"Database: {databaseBytes / 1024.0 / 1024.0:N1} MiB; indicator page {pageSize / 1024.0:N0} KiB");
        string[] addresses =
        [
            css,
            reference,
            "/",
            "/Indikatoren/AUS_ANT",
            $"/Indikatoren/AUS_ANT?gebiete={kreis},{string.Join(",", municipalities)}",
            $"/api/indicators/AUS_ANT/chart.svg?areas={kreis},{land}",
            $"/api/indicators/AUS_ANT/chart.png?areas={kreis},{land}",
            $"/api/indicators/AUS_ANT/values?areas={kreis},{municipalities.FirstOrDefault()}",
            $"/Vergleich/AUS_ANT?gebiet={kreis}",
            $"/Gebiete/{municipalities.FirstOrDefault() ?? kreis}",
        ];
        Console.WriteLine($"{clients} concurrent clients, {seconds} s per address, " + (database is null ? "demo data (Kreis Gütersloh, 13 municipalities, 2012–2024)" : $"the data in {database}, Kreis {kreis}"));
        Console.WriteLine("| address | requests | req/s | p50 ms | p95 ms | p99 ms | errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        var results = new List<Latency>();
        foreach (var address in addresses)
        {
            for (var i = 0; i < 20; i++) (await http.GetAsync(address)).EnsureSuccessStatusCode(); // warm-up: JIT, caches
            var latencies = new List<double>[clients];
            var errors = 0;
            var until = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
            await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
            {
                latencies[c] = [];
                while (Stopwatch.GetTimestamp() < until)
                {
                    var start = Stopwatch.GetTimestamp();
                    using var response = await http.GetAsync(address, HttpCompletionOption.ResponseContentRead);
                    latencies[c].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
                }
            }));
            var all = latencies.SelectMany(l => l).Order().ToList();
            double Percentile(double p) => all[Math.Min(all.Count - 1, (int)Math.Ceiling(p * all.Count) - 1)];
            var label = address == css ? "static stylesheet (reference)" : address == reference ? "static file of the indicator page's size (reference)" : address;
            results.Add(new Latency(label, all.Count, Percentile(0.50), Percentile(0.95), Percentile(0.99), errors));
            Console.WriteLine($"| `{label}` | {all.Count:N0} | {all.Count / (double)seconds:N0} | {Percentile(0.50):N1} | {Percentile(0.95):N1} | {Percentile(0.99):N1} | {errors} |");
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return new Result(startUpTime, databaseBytes, pageSize, results);
    }
}
