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
    sealed class Host(string directory) : WebApplicationFactory<Monitoring.Web.Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development"); // the static web assets manifest serves the stylesheet outside a published layout
            builder.UseSetting("Database:SqlitePath", Path.Combine(directory, "monitoring.db"));
            builder.UseSetting("Jobs:SqlitePath", Path.Combine(directory, "jobs.db"));
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }
    }

    public static async Task<int> RunAsync(int clients, int seconds)
    {
        var directory = Path.Combine(Path.GetTempPath(), "monitoring-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        await using var host = new Host(directory);
        host.UseKestrel(0);
        host.StartServer();
        var baseAddress = host.ClientOptions.BaseAddress;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { BaseAddress = baseAddress };
        var css = System.Text.RegularExpressions.Regex.Match(await http.GetStringAsync("/Anmelden"), "href=\"(/css/[^\"]+)\"").Groups[1].Value;

        string[] addresses =
        [
            css,
            "/",
            "/Indikatoren/AUS_ANT",
            "/Indikatoren/AUS_ANT?gebiete=05754,05754008,05754044",
            "/api/indicators/AUS_ANT/chart.svg?areas=05754,05",
            "/api/indicators/AUS_ANT/chart.png?areas=05754,05",
            "/api/indicators/AUS_ANT/values?areas=05754,05754008",
            "/Vergleich/AUS_ANT",
            "/Gebiete/05754008",
        ];
        Console.WriteLine($"{clients} concurrent clients, {seconds} s per address, demo data (Kreis Gütersloh, 13 municipalities, 2012–2024)");
        Console.WriteLine("| address | requests | req/s | p50 ms | p95 ms | p99 ms | errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
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
            var label = address == css ? "static stylesheet (reference)" : address;
            Console.WriteLine($"| `{label}` | {all.Count:N0} | {all.Count / (double)seconds:N0} | {Percentile(0.50):N1} | {Percentile(0.95):N1} | {Percentile(0.99):N1} | {errors} |");
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return 0;
    }
}
