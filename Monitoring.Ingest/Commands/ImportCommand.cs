using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Ingest.Commands;

/// <summary><c>import FILE --source NAME</c>: one import run, as a scheduled job would do it, with progress on the terminal.</summary>
static class ImportCommand
{

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Die einzulesende Datei (CSV oder die ZIP-Datei, die GENESIS liefert)." };
        var source = new Option<string>("--source") { Description = "Der Name der Datenquelle.", Required = true };
        var noRecompute = new Option<bool>("--no-recompute") { Description = "Die Indikatoren nicht neu berechnen (Erstbefüllung mit vielen Dateien; nach der letzten Datei „recompute“ aufrufen)." };
        return CommandHost.Configure(new Command("import", "Eine Datei für eine Datenquelle einlesen: alle Zeilen oder keine.") { file, source, noRecompute }, async (parseResult, services, cancellationToken) =>
        {
            var database = services.GetRequiredService<Database>();
            var sourceName = parseResult.GetRequiredValue(source);
            var path = parseResult.GetRequiredValue(file);
            if (await database.FindSourceAsync(sourceName, cancellationToken) is not { } dataSource)
            {
                await Console.Error.WriteLineAsync($"Es gibt keine Datenquelle „{sourceName}“. Die Datenquellen zeigt: sources");
                return 2;
            }
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"Die Datei {path.FullName} gibt es nicht.");
                return 2;
            }

            var importer = parseResult.GetValue(noRecompute)
                ? new Importer(database, services.GetRequiredService<ILogger<Importer>>(), services.GetRequiredService<Core.Areas.HomeArea>()) { RecomputeAfterImport = false }
                : services.GetRequiredService<Importer>();
            var report = await importer.ImportFileAsync(dataSource, path.FullName, path.Name, new TerminalProgress(), cancellationToken);
            Print(report);
            return report.Status == ImportStatus.Failed ? 3 : 0;
        });
    }

    static void Print(ImportReport report)
    {
        Console.Error.WriteLine();
        Console.WriteLine($"Lauf {report.RunId}: {ImportStatusText.German(report.Status)} — {report.FileName} (SHA-256 {report.FileHash[..12]}…, {report.Encoding})");
        Console.WriteLine(string.Create(Core.German.Culture,
            $"  {report.RowsRead:N0} gelesen, {report.Inserted:N0} neu, {report.Updated:N0} geändert, {report.Unchanged:N0} unverändert, {report.Rejected:N0} abgewiesen, {report.UnknownAreaRows:N0} mit unbekanntem Gebiet, {report.Duration.TotalSeconds:N1} s"));
        if (report.Error is not null) Console.WriteLine($"  Fehler: {report.Error}");
        foreach (var row in report.RejectedRows.Take(20)) Console.WriteLine($"  {row.File}, Zeile {row.Line}, Spalte {row.Column}: {row.Reason}");
        if (report.Rejected > 20) Console.WriteLine(string.Create(Core.German.Culture, $"  … und {report.Rejected - 20:N0} weitere abgewiesene Zeilen (der Laufbericht nennt die ersten {ImportReport.DetailLimit})."));
        foreach (var area in report.UnknownAreas.Take(20)) Console.WriteLine(string.Create(Core.German.Culture, $"  unbekanntes Gebiet {area.Key} ({area.Label}): {area.Rows:N0} Zeilen übersprungen"));
        if (report.UnknownAreas.Count > 20) Console.WriteLine(string.Create(Core.German.Culture, $"  … und {report.UnknownAreas.Count - 20:N0} weitere unbekannte Gebiete"));
        if (report.AnomalyCount > 0) Console.WriteLine(string.Create(Core.German.Culture, $"  {report.AnomalyCount:N0} auffällige Werte zur Prüfung markiert (sie wurden übernommen):"));
        // The message says which comparison flagged the value (the series' history or comparable areas).
        foreach (var anomaly in report.Anomalies.Take(10)) Console.WriteLine($"    {anomaly.Message}");
    }

    /// <summary>Rewrites one line on stderr, at most a few times a second, so long files show they are moving.</summary>
    sealed class TerminalProgress : IProgress<ImportProgress>
    {
        readonly Stopwatch clock = Stopwatch.StartNew();
        TimeSpan last = TimeSpan.Zero;

        public void Report(ImportProgress value)
        {
            if (clock.Elapsed - last < TimeSpan.FromMilliseconds(250)) return;
            last = clock.Elapsed;
            var share = value.Fraction is { } fraction ? string.Create(Core.German.Culture, $", {fraction:P0} der Datei") : "";
            Console.Error.Write(string.Create(Core.German.Culture, $"\r  {value.RowsRead:N0} Zeilen gelesen ({value.RowsRead / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0}/s{share})   "));
        }
    }
}
