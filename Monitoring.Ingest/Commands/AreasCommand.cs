using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Core.Areas;
using Monitoring.Core.Storage;

namespace Monitoring.Ingest.Commands;

/// <summary>
/// <c>areas import FILE</c>: loads a newer edition of Destatis's Gemeindeverzeichnis (GV100AD, the fixed-width file as
/// Destatis ships it). Changed names are corrected, new areas added, a key the edition no longer has ends the day before
/// its Gebietsstand, nothing is deleted, and every change is audited.
/// </summary>
static class AreasCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Die GV100AD-Datei von Destatis (z. B. GV100AD_31122025.txt)." };
        var import = CommandHost.Configure(new Command("import", "Eine neue Ausgabe des amtlichen Gemeindeverzeichnisses laden (Destatis GV100AD).") { file }, async (parseResult, services, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(file);
            AreaDirectory.Edition edition;
            try
            {
                await using var stream = path.OpenRead();
                edition = AreaDirectory.Read(stream, path.Name);
            }
            catch (Exception ex) when (ex is FormatException or IOException or System.Text.DecoderFallbackException)
            {
                await Console.Error.WriteLineAsync($"Das Gebietsverzeichnis wurde nicht geladen, nichts wurde geändert: {ex.Message}");
                return 2;
            }
            var database = services.GetRequiredService<Database>();
            var result = await ReferenceAreas.LoadAsync(database, edition.Areas, cancellationToken, endMissingOn: edition.Date, actor: $"areas import {path.Name}");
            Console.WriteLine(string.Create(Core.German.Culture,
                $"Gebietsstand {edition.Date:dd.MM.yyyy}: {result.Inserted:N0} Gebiete neu, {result.Updated:N0} berichtigt, {result.Unchanged:N0} unverändert, " +
                $"{result.Ended:N0} nicht mehr im Verzeichnis (gültig bis {edition.Date.AddDays(-1):dd.MM.yyyy})."));
            return 0;
        });
        return new Command("areas", "Das amtliche Gebietsverzeichnis.") { import };
    }
}
