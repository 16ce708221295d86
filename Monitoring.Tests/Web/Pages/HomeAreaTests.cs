using Microsoft.Extensions.DependencyInjection;
using Monitoring.Core.Storage;
using Monitoring.Ingestion.Imports;
using Monitoring.Tests.Hosting;

namespace Monitoring.Tests.Web.Pages;

/// <summary>Issue 16, part 2: the home area is a setting, and the pages' defaults follow it (here Kreis Unna, 05978).</summary>
[Collection(HangfireCollection.Name)]
public sealed class HomeAreaTests
{
    static MonitoringFactory<Monitoring.Web.Program> KreisUnna(bool demoData = false) =>
        new(settings: new Dictionary<string, string?>
        {
            ["Monitoring:HomeArea"] = "05978",
            ["Demo:ImportOnFirstStart"] = demoData ? "true" : "false",
        });

    [Fact]
    public async Task An_installation_for_kreis_unna_shows_its_own_gemeinden_by_default()
    {
        await using var factory = KreisUnna();
        var client = factory.CreateClient();

        var start = await client.GetStringAsync("/");
        Assert.Contains("<a class=\"brand\" href=\"/\">Integrationsmonitoring <span>Kreis Unna</span></a>", start, StringComparison.Ordinal);
        Assert.Contains("Kreis Unna mit 10 Städten und Gemeinden", start, StringComparison.Ordinal);
        Assert.Contains("<span class=\"area-name\">Schwerte</span>", start, StringComparison.Ordinal);
        Assert.Contains("<span class=\"area-name\">Regierungsbezirk Arnsberg</span>", start, StringComparison.Ordinal);
        Assert.DoesNotContain("<span class=\"area-name\">Kreis Gütersloh</span>", start, StringComparison.Ordinal);
        Assert.DoesNotContain("Gütersloh", start, StringComparison.Ordinal); // the brand neither

        var indicator = await client.GetStringAsync("/Indikatoren/AUS_ANT");
        Assert.Contains("value=\"05978036\"", indicator, StringComparison.Ordinal); // Unna
        Assert.DoesNotContain("value=\"05754008\"", indicator, StringComparison.Ordinal);

        var comparison = await client.GetStringAsync("/Vergleich/AUS_ANT");
        Assert.Contains("Für die Gemeinden von Kreis Unna liegen zu diesem Indikator keine Werte vor.", comparison, StringComparison.Ordinal);
    }

    /// <summary>Made-up population figures for Kreis Unna's ten Gemeinden on 31.12.2023, in the older wide flat-file layout: total and foreigners.</summary>
    static string UnnaPopulation()
    {
        (string Key, string Name, string Total, string Foreign)[] gemeinden =
        [
            ("05978004", "Bergkamen, Stadt", "48.500", "7.900"), ("05978008", "Bönen", "18.200", "2.300"), ("05978012", "Fröndenberg/Ruhr, Stadt", "20.600", "1.400"),
            ("05978016", "Holzwickede", "17.400", "1.500"), ("05978020", "Kamen, Stadt", "43.000", "6.100"), ("05978024", "Lünen, Stadt", "86.400", "13.900"),
            ("05978028", "Schwerte, Hansestadt an der Ruhr", "46.300", "4.800"), ("05978032", "Selm, Stadt", "26.200", "2.600"), ("05978036", "Unna, Stadt", "59.100", "7.000"),
            ("05978040", "Werne, Stadt", "29.600", "2.500"),
        ];
        const string Row = "12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;31.12.2023;GEMEIN;Gemeinden;";
        var rows = gemeinden.SelectMany(g => new[]
        {
            $"{Row}{g.Key};{g.Name};NAT;Staatsangehörigkeit;;Insgesamt;{g.Total}",
            $"{Row}{g.Key};{g.Name};NAT;Staatsangehörigkeit;NATA;Ausländer(innen);{g.Foreign}",
        });
        const string Header = "Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;"
            + "2_Merkmal_Code;2_Merkmal_Label;2_Auspraegung_Code;2_Auspraegung_Label;   BEVSTD__Bevoelkerungsstand__Anzahl";
        return string.Join("\n", rows.Prepend(Header)) + "\n";
    }

    [Fact]
    public async Task The_comparison_tiles_of_kreis_unna_are_its_gemeinden_in_a_schematic_grid()
    {
        await using var factory = KreisUnna();
        var client = factory.CreateClient();
        var database = factory.Services.GetRequiredService<Database>();
        var path = Path.Combine(TestPaths.TempDirectory(), "12411_unna.csv");
        await File.WriteAllTextAsync(path, UnnaPopulation());
        var source = await database.CreateSourceAsync(new DataSource { Name = "Bevölkerung Kreis Unna", Kind = SourceKind.GenesisFlatFile });
        var report = await factory.Services.GetRequiredService<Importer>().ImportFileAsync(source, path);
        Assert.True(report.Status == ImportStatus.Succeeded, report.Error);

        var comparison = await client.GetStringAsync("/Vergleich/AUS_ANT");

        Assert.Contains("<h2>Kachelkarte Kreis Unna 2023</h2>", comparison, StringComparison.Ordinal);
        Assert.Contains("(schematische Anordnung, nicht lagetreu)", comparison, StringComparison.Ordinal);
        Assert.DoesNotContain("ungefähr in ihrer Lage", comparison, StringComparison.Ordinal);
        // Ten Gemeinden in four columns, row by row in alphabetical order: Bergkamen first, Lünen sixth, Werne last.
        Assert.Contains("grid-template-columns: repeat(4, minmax(6rem, 1fr)); grid-template-rows: repeat(3, auto)", comparison, StringComparison.Ordinal);
        foreach (var (key, name, row, column) in new[] { ("05978004", "Bergkamen", 1, 1), ("05978024", "Lünen", 2, 2), ("05978028", "Schwerte", 2, 3), ("05978040", "Werne", 3, 2) })
        {
            Assert.Matches($"<div class=\"tile\" role=\"listitem\" style=\"grid-row: {row}; grid-column: {column};[^\"]*\">\\s*<a href=\"/Gebiete/{key}\"[^>]*>{name}</a>", comparison);
        }
        Assert.DoesNotContain("Rheda-Wiedenbrück", comparison, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_data_note_says_they_are_kreis_guetersloh_s_where_the_home_area_is_another()
    {
        const string Elsewhere = "Die Beispieldaten beschreiben den Kreis Gütersloh, nicht den Kreis Unna.";
        string databasePath;
        await using (var unna = KreisUnna(demoData: true))
        {
            var start = await unna.CreateClient().GetStringAsync("/");
            Assert.Contains("<strong>Beispieldaten:</strong> Die Zahlen dieser Installation sind synthetisch erzeugt", start, StringComparison.Ordinal);
            Assert.Contains(Elsewhere, start, StringComparison.Ordinal);
            Assert.Contains("<span>Kreis Unna</span>", start, StringComparison.Ordinal);
            databasePath = unna.DatabasePath;
        }

        // The same store, restarted as Kreis Gütersloh's installation (the default): the demo data are its own.
        await using var guetersloh = new MonitoringFactory<Monitoring.Web.Program>(databasePath);
        var home = await guetersloh.CreateClient().GetStringAsync("/");
        Assert.Contains("<strong>Beispieldaten:</strong>", home, StringComparison.Ordinal);
        Assert.DoesNotContain("Die Beispieldaten beschreiben", home, StringComparison.Ordinal);
        Assert.Contains("<a class=\"brand\" href=\"/\">Integrationsmonitoring <span>Kreis Gütersloh</span></a>", home, StringComparison.Ordinal);
    }
}
