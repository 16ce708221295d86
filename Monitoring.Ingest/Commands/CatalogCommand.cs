using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Ingestion.Genesis;

namespace Monitoring.Ingest.Commands;

/// <summary><c>catalog fetch CONNECTION</c>: every table the indicator catalog names for the connection's office, fetched, imported and computed.</summary>
static class CatalogCommand
{

    public static Command Create()
    {
        var connection = new Argument<string>("connection")
        {
            Description = "Die GENESIS-Verbindung (Genesis:Credentials:NAME), z. B. Regionalstatistik, Destatis oder LandesdatenbankNRW.",
        };
        var fetch = CommandHost.Configure(new Command("fetch", "Alle Tabellen, die der Indikatorenkatalog beim Amt dieser Verbindung nennt, abrufen, importieren und die Indikatoren berechnen.") { connection },
            async (parseResult, services, cancellationToken) =>
            {
                var name = parseResult.GetRequiredValue(connection);
                var (found, problem) = services.GetRequiredService<GenesisConnections>().Find(name);
                if (found is null)
                {
                    await Console.Error.WriteLineAsync(problem);
                    return 2;
                }
                Console.WriteLine($"Katalogtabellen von {CatalogFetch.OfficeOf(name)} ({found.BaseUrl.Host}):");
                var report = await services.GetRequiredService<CatalogFetch>().RunAsync(name, "command line", new Progress(), cancellationToken);
                if (report.Tables.Count == 0) Console.WriteLine($"  Der Katalog nennt keine Tabelle von {report.Office}.");
                var imported = report.Tables.Count(t => t.Outcome == CatalogFetch.Outcome.Imported);
                Console.WriteLine(string.Create(Core.German.Culture, $"{imported:N0} von {report.Tables.Count:N0} Tabellen importiert; {report.Tables.Count(t => t.Outcome == CatalogFetch.Outcome.NotFound):N0} beim Amt nicht vorhanden, {report.Tables.Count(t => t.Outcome == CatalogFetch.Outcome.Failed):N0} fehlgeschlagen."));
                return report.Tables.Any(t => t.Outcome == CatalogFetch.Outcome.Failed) ? 1 : 0;
            });
        return new Command("catalog", "Der Indikatorenkatalog und die amtlichen Tabellen, die ihn speisen.") { fetch };
    }

    /// <summary>Prints each table as it is done (synchronously: a console has no context to post to).</summary>
    sealed class Progress : IProgress<CatalogFetch.TableResult>
    {
        public void Report(CatalogFetch.TableResult value) =>
            Console.WriteLine(string.Create(Core.German.Culture, $"  {value.Table}: {value.OutcomeText}") +
                (value.RunId is { } run ? string.Create(Core.German.Culture, $" (Lauf {run}, {value.Rows:N0} Zeilen)") : "") +
                (value.Message is { } message && value.Outcome != CatalogFetch.Outcome.Imported ? $" – {message}" : ""));
    }
}
