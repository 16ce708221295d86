using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Anomalies;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Benchmarks;

/// <summary>
/// Imports a generated GENESIS flat file of N rows into an empty SQLite store, then the same file again
/// (recognised by hash), then a copy with one changed value (every row compared, one revised).
/// Reports rows per second, the plausibility check's time as its own job after each import, and the process's peak
/// working set.
/// </summary>
static class ImportBenchmark
{
    const int Years = 25;
    static readonly string[] Combinations = ["GES=GESM;NAT=NATA", "GES=GESW;NAT=NATA", "GES=GESM;NAT=NATD", "GES=GESW;NAT=NATD"];

    public static async Task<int> RunAsync(long rows)
    {
        var directory = Path.Combine(Path.GetTempPath(), "monitoring-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            var areas = (int)Math.Ceiling(rows / (double)(Years * Combinations.Length));
            var database = Database.Create(new ConfigurationBuilder().AddInMemoryCollection([new("Database:SqlitePath", Path.Combine(directory, "bench.db"))]).Build(), directory);
            await Schema.PrepareAsync(database, migrate: true, NullLogger.Instance);
            await CreateAreasAsync(database, areas);
            var file = Path.Combine(directory, "bench_flat.csv");
            var written = WriteFlatFile(file, areas, rows, changedRow: -1);
            var changed = Path.Combine(directory, "bench_changed_flat.csv");
            WriteFlatFile(changed, areas, rows, changedRow: rows / 2);

            var source = await database.CreateSourceAsync(new DataSource { Name = "benchmark", Kind = SourceKind.GenesisFlatFile });
            var importer = new Importer(database, NullLogger<Importer>.Instance);

            var parse = Stopwatch.StartNew();
            long parsed = 0;
            using (var text = new StreamReader(file))
            {
                foreach (var _ in Monitoring.Ingestion.Genesis.FlatFileReader.Read(text, "bench_flat.csv")) parsed++;
            }
            Console.WriteLine($"Reader alone: {parsed:N0} records in {parse.Elapsed.TotalSeconds:N2} s, {parsed / parse.Elapsed.TotalSeconds:N0} rows/s");
            Console.WriteLine($"File: {written:N0} rows, {new FileInfo(file).Length / 1024.0 / 1024.0:N1} MiB, {areas:N0} areas x {Years} years x {Combinations.Length} dimension combinations");
            Console.WriteLine("| run | rows | import s | import rows/s | after commit s (indicators) | plausibility check s (own job) | series, rows read by the check | inserted | updated | unchanged | flags | peak working set |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            await Measure("empty store", database, () => importer.ImportFileAsync(source, file));
            await Measure("same file again", database, () => importer.ImportFileAsync(source, file));
            await Measure("one value changed", database, () => importer.ImportFileAsync(source, changed));
            RawImportReference(file, directory, written);

            // Full recompute of the catalog over what is now stored (the indicators the benchmark's variables feed).
            var catalog = Monitoring.Core.Indicators.IndicatorCatalog.Shipped();
            await Monitoring.Core.Indicators.CatalogStore.SeedAsync(database, catalog);
            var recompute = await Monitoring.Core.Indicators.IndicatorComputation.RecomputeAllAsync(database, catalog);
            Console.WriteLine();
            Console.WriteLine($"| full recompute | {catalog.Indicators.Count} indicators over {rows:N0} observations ({areas:N0} areas × {Years} years) | {recompute.Duration.TotalSeconds:N2} s | {recompute.Values:N0} values |");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }

        // The reference: the sqlite3 shell's own .import of the same file into a fresh table of text columns, with no
        // parsing of numbers or symbols, no keys, no checks. What the importer adds is what it costs beyond this.
        static void RawImportReference(string file, string directory, long rows)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                using var shell = Process.Start(new ProcessStartInfo("sqlite3", [Path.Combine(directory, "reference.db"), "-cmd", ".mode csv", "-cmd", ".separator ;", $".import {file} raw"])
                    { RedirectStandardError = true, RedirectStandardOutput = true })!;
                shell.StandardOutput.ReadToEnd();
                shell.WaitForExit();
                Console.WriteLine($"| reference: `sqlite3 .import` of the same file | {rows:N0} | {clock.Elapsed.TotalSeconds:N2} | {rows / clock.Elapsed.TotalSeconds:N0} | – | | | | | |");
            }
            catch (System.ComponentModel.Win32Exception)
            {
                Console.WriteLine("| reference: `sqlite3 .import` | – | sqlite3 is not installed (Debian package sqlite3) | | | | | | | |");
            }
        }

        async Task Measure(string name, Database database, Func<Task<ImportReport>> run)
        {
            // As a job imports: the plausibility check held back, then run on its own after the import, as its job runs it.
            var clock = Stopwatch.StartNew();
            ImportReport report;
            IReadOnlyList<long> deferred;
            using (var checks = DeferredChecks.Begin())
            {
                report = await run();
                deferred = checks.Take();
            }
            clock.Stop();
            var checkClock = Stopwatch.StartNew();
            var checkResults = new List<AnomalyCheck.Result>();
            foreach (var runId in deferred) checkResults.Add(await AnomalyCheck.CheckAsync(database, runId));
            checkClock.Stop();
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            if (report.Status is ImportStatus.Failed) throw new InvalidOperationException(report.Error);
            var counted = Math.Max(report.RowsRead, rows);
            // The indicator recomputation runs after the commit; the import itself is everything before it.
            var afterCommit = report.Phases.GetValueOrDefault("anomaly check") + report.Phases.GetValueOrDefault("indicators") + report.Phases.GetValueOrDefault("peer groups");
            var import = clock.Elapsed.TotalSeconds - afterCommit;
            var check = checkResults.Count == 0 ? "–" : $"{checkClock.Elapsed.TotalSeconds:N2}";
            var read = checkResults.Count == 0 ? "–" : $"{checkResults.Sum(c => c.Series):N0} series, {checkResults.Sum(c => c.SeriesRows) + checkResults.Sum(c => c.PeerRows):N0} rows";
            var flags = checkResults.Sum(c => c.Anomalies.Count);
            Console.Error.WriteLine($"  {name}: " + string.Join(", ", report.Phases.Select(p => $"{p.Key} {p.Value:N2} s")) + $", plausibility check (own job) {checkClock.Elapsed.TotalSeconds:N2} s");
            Console.WriteLine($"| {name} ({report.Status}) | {counted:N0} | {import:N2} | {counted / import:N0} | {afterCommit:N2} | {check} | {read} | {report.Inserted:N0} | {report.Updated:N0} | {report.Unchanged:N0} | {flags:N0} | {process.PeakWorkingSet64 / 1024.0 / 1024.0:N0} MiB |");
        }
    }

    static async Task CreateAreasAsync(Database database, int count)
    {
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("INSERT INTO areas (area_key, name, level) VALUES ('DG', 'Deutschland', 'Bund')", transaction: transaction);
            var rows = Enumerable.Range(0, count).Select(i => new object?[] { $"B{i:D7}", $"Gemeinde {i}", "Gemeinde" }).ToList();
            await database.BulkInsertAsync(connection, transaction, "areas", ["area_key", "name", "level"], rows);
            return 0;
        });
    }

    static long WriteFlatFile(string path, int areas, long rows, long changedRow)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.WriteLine("Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;2_Merkmal_Code;2_Merkmal_Label;2_Auspraegung_Code;2_Auspraegung_Label;3_Merkmal_Code;3_Merkmal_Label;3_Auspraegung_Code;3_Auspraegung_Label;BEVSTD__Bevoelkerungsstand__Anzahl");
        long written = 0;
        for (var area = 0; area < areas && written < rows; area++)
        {
            for (var year = 2000; year < 2000 + Years && written < rows; year++)
            {
                foreach (var combination in Combinations)
                {
                    if (written >= rows) break;
                    var parts = combination.Split(';').Select(p => p.Split('=')[1]).ToArray();
                    var value = 1000 + (area * 7 + year * 13 + parts[0].Length) % 50_000 + (written == changedRow ? 1 : 0);
                    // German thousands separator, as GENESIS writes it.
                    var number = value.ToString("N0", CultureInfo.GetCultureInfo("de-DE"));
                    writer.Write($"12411;Bevoelkerungsstand;STAG;Stichtag;31.12.{year};GEMEIN;Gemeinden;B{area:D7};Gemeinde {area};GES;Geschlecht;{parts[0]};{parts[0]};NAT;Staatsangehoerigkeit;{parts[1]};{parts[1]};{number}\n");
                    written++;
                }
            }
        }
        return written;
    }
}
