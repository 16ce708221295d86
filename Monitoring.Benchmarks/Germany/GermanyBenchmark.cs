using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Core.Areas;
using Monitoring.Core.Indicators;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Benchmarks.Germany;

/// <summary>
/// The whole system at Germany scale in one run, each figure next to a reference measured in the same run on the same
/// data: generate the areas and the flat files (<see cref="GermanyData"/>); load the areas; import every file through the
/// importer as an initial load (indicators left for the end) against the sqlite3 shell's own <c>.import</c> of the same
/// files; the first full computation and a full recompute against the same formulas as plain SQL
/// (<see cref="PlainSqlReference"/>); the incremental recompute after one Kreis's corrected import; start-up, database
/// size and page latency at 32 clients against a static file of the page's size. The table goes to the console and
/// into docs/performance.md.
/// </summary>
static class GermanyBenchmark
{
    const int FirstYear = 2000, Years = 25;

    public static async Task<int> RunAsync(double scale, int clients, int seconds, string? keep)
    {
        var directory = keep ?? Path.Combine(Path.GetTempPath(), "monitoring-germany-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var table = new List<string[]>();
        void Row(string measure, string result, string reference, string target = "") => table.Add([measure, result, reference, target]);
        try
        {
            var clock = Stopwatch.StartNew();
            var files = GermanyData.Write(directory, scale, FirstYear, Years);
            var fileBytes = files.FlatFiles.Sum(f => new FileInfo(f).Length);
            var facts = $"{files.AreaRows.Count:N0} areas ({files.Gemeinden:N0} Gemeinden), {Years} years, {files.FlatFiles.Count} GENESIS flat files of {files.Rows:N0} rows ({fileBytes / 1024.0 / 1024.0:N0} MiB)";
            Console.WriteLine($"Generated {facts} in {clock.Elapsed.TotalSeconds:N0} s");

            var databaseFile = Path.Combine(directory, "monitoring.db");
            var database = Database.Create(new ConfigurationBuilder().AddInMemoryCollection([new("Database:SqlitePath", databaseFile)]).Build(), directory);
            await Schema.PrepareAsync(database, migrate: true, NullLogger.Instance);
            await ReferenceAreas.LoadAsync(database, files.AreaRows);
            await CatalogStore.SeedAsync(database, IndicatorCatalog.Shipped());

            // The initial load: every file one run, indicators computed once at the end, as `import --no-recompute` does.
            var source = await database.CreateSourceAsync(new DataSource { Name = "Regionalstatistik (Benchmark)", Kind = SourceKind.GenesisFlatFile });
            var importer = new Importer(database, NullLogger<Importer>.Instance) { RecomputeAfterImport = false };
            double importSeconds = 0, checkSeconds = 0;
            long imported = 0;
            foreach (var file in files.FlatFiles)
            {
                var run = Stopwatch.StartNew();
                var report = await importer.ImportFileAsync(source, file);
                if (report.Status is not ImportStatus.Succeeded) throw new InvalidOperationException($"{file}: {report.Status} {report.Error}");
                var check = report.Phases.GetValueOrDefault("anomaly check");
                (importSeconds, checkSeconds, imported) = (importSeconds + run.Elapsed.TotalSeconds - check, checkSeconds + check, imported + report.Inserted);
                Console.Error.WriteLine($"  {Path.GetFileName(file)}: {report.Inserted:N0} rows, {run.Elapsed.TotalSeconds - check:N1} s import, {check:N1} s checks");
            }
            var importPeak = Process.GetCurrentProcess().PeakWorkingSet64;
            var rawImport = RawImport(files.FlatFiles, directory);
            Row($"import of {files.FlatFiles.Count} files, {imported:N0} rows", $"{imported / importSeconds:N0} rows/s ({importSeconds:N0} s), peak working set {importPeak / 1024.0 / 1024.0:N0} MiB",
                rawImport is var (rawSeconds, rawBytes) ? $"`sqlite3 .import`: {files.Rows / rawSeconds:N0} rows/s ({rawSeconds:N0} s)" : "sqlite3 not installed",
                $"≥ 200,000 rows/s: {(imported / importSeconds >= 200_000 ? "met" : "not met")}");
            Row("plausibility checks after commit (all runs)", $"{checkSeconds:N0} s", "–");

            var catalog = await CatalogStore.LoadAsync(database);
            var first = await IndicatorComputation.RecomputeAllAsync(database, catalog);
            Console.Error.WriteLine($"  first computation {first.Duration.TotalSeconds:N1} s");
            var full = await IndicatorComputation.RecomputeAllAsync(database, catalog);
            Console.Error.WriteLine($"  full recompute {full.Duration.TotalSeconds:N1} s");
            var plain = await PlainSqlReference.RunAsync(database, catalog);
            Console.Error.WriteLine($"  plain SQL {plain.Duration.TotalSeconds:N1} s");
            var agreement = $"its numerators equal the computed ones in {plain.Equal * 100.0 / Math.Max(1, plain.Compared):N2} % of {plain.Compared:N0} values";
            var perValue = full.Duration.TotalSeconds / full.Values / (plain.Duration.TotalSeconds / plain.Values);
            Row($"first full computation ({first.Indicators} indicators)", $"{first.Duration.TotalSeconds:N1} s, {first.Values:N0} values",
                $"plain SQL ({plain.Indicators} of {plain.Of} indicators, no flags, lineage or breakdowns): {plain.Duration.TotalSeconds:N1} s, {plain.Values:N0} values; {agreement}");
            Row("full recompute, nothing changed", $"{full.Duration.TotalSeconds:N1} s ({full.Duration.TotalSeconds / full.Values * 1e6:N2} µs per value)",
                $"plain SQL: {plain.Duration.TotalSeconds / plain.Values * 1e6:N2} µs per value", $"within 2× plain SQL per value: {perValue:N1}× ({(perValue <= 2 ? "met" : "not met")})");

            var kreis = files.AreaRows.Where(a => a.ParentKey == GermanyData.Guetersloh).ToList();
            var correction = Path.Combine(directory, "bevstd_korrektur_flat.csv");
            RecomputeBenchmark.WriteKreisFile(correction, kreis.Select(a => a.Key).ToList(), FirstYear, Years, stichtag: true);
            var incremental = await new Importer(database, NullLogger<Importer>.Instance).ImportFileAsync(source, correction);
            if (incremental.Status is not ImportStatus.Succeeded) throw new InvalidOperationException(incremental.Error);
            Row($"incremental recompute after Kreis Gütersloh's corrected import ({incremental.Updated + incremental.Inserted:N0} rows changed)",
                $"{incremental.Phases.GetValueOrDefault("indicators"):N2} s, {incremental.IndicatorValues:N0} values", "–", $"under 1 s: {(incremental.Phases.GetValueOrDefault("indicators") < 1 ? "met" : "not met")}");
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            var pages = await PageBenchmark.MeasureAsync(clients, seconds, databaseFile, GermanyData.Guetersloh);
            Row("start-up (Web host, to the first answered start page)", $"{pages.StartUp.TotalSeconds:N1} s", "–");
            Row("database size", $"{pages.DatabaseBytes / 1024.0 / 1024.0:N0} MiB", rawImport is var (_, raw) ? $"`sqlite3 .import` of the files as text: {raw / 1024.0 / 1024.0:N0} MiB" : "–");
            var reference = pages.Latencies.First(l => l.Address.StartsWith("static file", StringComparison.Ordinal));
            foreach (var latency in pages.Latencies.Where(l => !l.Address.StartsWith("static", StringComparison.Ordinal)))
            {
                Row($"`{latency.Address}`, {clients} clients", $"p50 {latency.P50:N1} / p95 {latency.P95:N1} / p99 {latency.P99:N1} ms, {latency.Errors} errors",
                    $"static file of {pages.PageBytes / 1024:N0} KiB: p95 {reference.P95:N1} ms", $"p95 under 100 ms: {(latency.P95 < 100 ? "met" : "not met")}");
            }

            var markdown = Markdown(table, facts, scale);
            Console.WriteLine();
            Console.WriteLine(markdown);
            WriteIntoDocs(markdown);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (keep is null) Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The sqlite3 shell's own import of the same files into fresh text tables: no parsing, no keys, no checks.</summary>
    static (double Seconds, long Bytes)? RawImport(IReadOnlyList<string> files, string directory)
    {
        var target = Path.Combine(directory, "reference.db");
        var clock = Stopwatch.StartNew();
        try
        {
            var arguments = new List<string> { target, "-cmd", ".mode csv", "-cmd", ".separator ;" };
            arguments.AddRange(files.Select((f, i) => $".import {f} raw{i}"));
            using var shell = Process.Start(new ProcessStartInfo("sqlite3", arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            shell.StandardOutput.ReadToEnd();
            shell.WaitForExit();
            return (clock.Elapsed.TotalSeconds, new FileInfo(target).Length);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    static string Markdown(List<string[]> table, string facts, double scale)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.Now:yyyy-MM-dd} on {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024:N0} GiB "
            + $"(`dotnet run -c Release --project Monitoring.Benchmarks -- germany{(scale < 1 ? $" --scale {scale.ToString(CultureInfo.InvariantCulture)}" : "")}`): {facts}.");
        text.AppendLine();
        text.AppendLine("| measure | result | reference, same run and data | target |");
        text.AppendLine("|---|---|---|---|");
        foreach (var row in table) text.AppendLine("| " + string.Join(" | ", row) + " |");
        return text.ToString();
    }

    const string Begin = "<!-- germany-benchmark:begin -->", End = "<!-- germany-benchmark:end -->";

    /// <summary>Replaces the table between the markers in docs/performance.md of the repository the benchmark runs in.</summary>
    static void WriteIntoDocs(string markdown)
    {
        foreach (var root in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        for (var folder = new DirectoryInfo(root); folder is not null; folder = folder.Parent)
        {
            var path = Path.Combine(folder.FullName, "docs", "performance.md");
            if (!File.Exists(path)) continue;
            var text = File.ReadAllText(path);
            var (start, end) = (text.IndexOf(Begin, StringComparison.Ordinal), text.IndexOf(End, StringComparison.Ordinal));
            if (start < 0 || end < start) return;
            File.WriteAllText(path, text[..(start + Begin.Length)] + "\n" + markdown + text[end..]);
            Console.WriteLine($"Written into {path}");
            return;
        }
    }
}
