using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Publishing.Reports;
using Monitoring.Core.Reports;
using Monitoring.Core.Storage;

namespace Monitoring.Benchmarks;

/// <summary>
/// Time for the full "Integrationsbericht" (every indicator with values, a chart and a table each, goals, methods
/// appendix) and for the one page "Zielerreichung auf einen Blick": reading the numbers (snapshot), drawing the PDF and
/// the Word file, and a published edition's PDF fetched over HTTP. The Web host on a real port, over a fresh embedded
/// store with the demo data or a given database.
/// </summary>
static class ReportBenchmark
{
    public static async Task<int> RunAsync(int runs, string? database, string? kreis)
    {
        var directory = Path.Combine(Path.GetTempPath(), "monitoring-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        await using var host = new PageBenchmark.Host(directory, database);
        host.UseKestrel(0);
        host.StartServer();
        var store = host.Services.GetRequiredService<Database>();
        using var http = new HttpClient { BaseAddress = host.ClientOptions.BaseAddress };

        Console.WriteLine($"{runs} runs each after one warm-up; " + (database is null ? "demo data (Kreis Gütersloh, 13 municipalities, 2012–2024)" : $"the data in {database}, Kreis {kreis}"));
        Console.WriteLine("| report | pages | step | median ms | max ms | size |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|");
        foreach (var template in ReportTemplates.All)
        {
            var definition = new ReportDefinition
            {
                Title = ReportTemplates.Title(template),
                Template = template,
                ReportingDate = new DateOnly(2025, 6, 30),
                Areas = kreis is null ? [] : [kreis, kreis[..2]],
            };
            var reports = new ReportWrites(store, Monitoring.Core.Areas.HomeArea.Default);
            var id = (await reports.CreateAsync("benchmark", definition)).Value;
            var document = await ReportSnapshot.BuildAsync(store, definition);
            Console.Error.WriteLine($"{ReportTemplates.Title(template)}: {document.Sections.Count} indicators with values, {document.Targets.Count} targets");
            byte[] pdf = [], docx = [];
            var steps = new (string Step, Func<Task<long>> Work)[]
            {
                ("snapshot (read the numbers)", async () => { document = await ReportSnapshot.BuildAsync(store, definition); return 0; }),
                ("PDF from the snapshot", () => { pdf = Write(ReportPdf.Write, document); return Task.FromResult((long)pdf.Length); }),
                ("Word from the snapshot", () => { docx = Write(ReportDocx.Write, document); return Task.FromResult((long)docx.Length); }),
                ("snapshot + PDF (the full report)", async () => Write(ReportPdf.Write, await ReportSnapshot.BuildAsync(store, definition)).Length),
                ("publish (snapshot, compare, store)", async () => { await reports.PublishAsync("benchmark", id); return 0; }),
                ("published PDF over HTTP", async () => (await http.GetByteArrayAsync($"/api/reports/{id}/editions/1.pdf")).Length),
            };
            var pages = 0;
            foreach (var (step, work) in steps)
            {
                long size = await work(); // warm-up
                var times = new List<double>();
                for (var i = 0; i < runs; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    size = await work();
                    times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                if (pages == 0 && pdf.Length > 0) pages = await PageCountAsync(pdf);
                times.Sort();
                Console.WriteLine($"| {ReportTemplates.Title(template)} | {(pages > 0 ? pages : "")} | {step} | {times[times.Count / 2]:N0} | {times[^1]:N0} | {(size > 0 ? $"{size / 1024.0:N0} KiB" : "")} |");
            }
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return 0;
    }

    static byte[] Write(Action<ReportLayout, Stream> writer, ReportDocument document)
    {
        using var buffer = new MemoryStream();
        writer(ReportLayout.Compose(document), buffer);
        return buffer.ToArray();
    }

    /// <summary>Pages counted by poppler's pdfinfo when it is installed; 0 otherwise.</summary>
    static async Task<int> PageCountAsync(byte[] pdf)
    {
        var path = Path.GetTempFileName();
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdfinfo", path) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return output.Split('\n').Where(l => l.StartsWith("Pages:", StringComparison.Ordinal)).Select(l => int.Parse(l[6..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return 0;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
