using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monitoring.Core.Storage;
using Monitoring.Ingest.Imports;

namespace Monitoring.Ingest.Commands;

/// <summary><c>import FILE --source NAME</c>: one import run, as a scheduled job would do it, with progress on the terminal.</summary>
static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The file to import (CSV, or the ZIP GENESIS delivers)." };
        var source = new Option<string>("--source") { Description = "The data source's name.", Required = true };
        var noRecompute = new Option<bool>("--no-recompute") { Description = "Leave the indicators as they are (an initial load of many files; run 'recompute' after the last)." };
        return CommandHost.Configure(new Command("import", "Import a file for a data source: all rows or none.") { file, source, noRecompute }, async (parseResult, services, cancellationToken) =>
        {
            var database = services.GetRequiredService<Database>();
            var sourceName = parseResult.GetRequiredValue(source);
            var path = parseResult.GetRequiredValue(file);
            if (await database.FindSourceAsync(sourceName, cancellationToken) is not { } dataSource)
            {
                await Console.Error.WriteLineAsync($"No data source named '{sourceName}'. List them with: sources");
                return 2;
            }
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"{path.FullName} does not exist.");
                return 2;
            }

            var importer = parseResult.GetValue(noRecompute)
                ? new Importer(database, services.GetRequiredService<ILogger<Importer>>()) { RecomputeAfterImport = false }
                : services.GetRequiredService<Importer>();
            var report = await importer.ImportFileAsync(dataSource, path.FullName, path.Name, new TerminalProgress(), cancellationToken);
            Print(report);
            return report.Status == ImportStatus.Failed ? 3 : 0;
        });
    }

    static void Print(ImportReport report)
    {
        Console.Error.WriteLine();
        Console.WriteLine($"Run {report.RunId}: {report.Status} — {report.FileName} (SHA-256 {report.FileHash[..12]}…, {report.Encoding})");
        Console.WriteLine($"  {report.RowsRead:N0} read, {report.Inserted:N0} inserted, {report.Updated:N0} updated, {report.Unchanged:N0} unchanged, {report.Rejected:N0} rejected, {report.UnknownAreaRows:N0} with unknown areas, {report.Duration.TotalSeconds:N1} s");
        if (report.Error is not null) Console.WriteLine($"  Error: {report.Error}");
        foreach (var row in report.RejectedRows.Take(20)) Console.WriteLine($"  {row.File}, line {row.Line}, column {row.Column}: {row.Reason}");
        if (report.Rejected > 20) Console.WriteLine($"  … and {report.Rejected - 20:N0} more rejected rows (the run report lists the first {ImportReport.DetailLimit}).");
        foreach (var area in report.UnknownAreas.Take(20)) Console.WriteLine($"  unknown area {area.Key} ({area.Label}): {area.Rows:N0} rows skipped");
        if (report.UnknownAreas.Count > 20) Console.WriteLine($"  … and {report.UnknownAreas.Count - 20} more unknown areas");
        if (report.AnomalyCount > 0) Console.WriteLine($"  {report.AnomalyCount:N0} implausible values flagged for checking (they were imported):");
        foreach (var anomaly in report.Anomalies.Take(10)) Console.WriteLine($"    {anomaly.Kind}: {anomaly.Message}");
    }

    /// <summary>Rewrites one line on stderr, at most a few times a second, so long files show they are moving.</summary>
    sealed class TerminalProgress : IProgress<long>
    {
        readonly Stopwatch clock = Stopwatch.StartNew();
        TimeSpan last = TimeSpan.Zero;

        public void Report(long value)
        {
            if (clock.Elapsed - last < TimeSpan.FromMilliseconds(250)) return;
            last = clock.Elapsed;
            Console.Error.Write($"\r  {value:N0} rows read ({value / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0}/s)   ");
        }
    }
}
