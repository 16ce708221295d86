using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Ingestion.Imports;
using Monitoring.Ingestion.Tabular;
using Monitoring.Tests.Core.Storage;
using Monitoring.Tests.Ingestion.Genesis;

namespace Monitoring.Tests.Ingestion.Tabular;

/// <summary>The district's own files (Ausländerbehörde, Jobcenter, Schulamt) through a saved column mapping.</summary>
public sealed class TabularImportTests : MigratedStore
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await using var connection = await Db.OpenAsync();
        // A sub-municipal area whose name repeats a municipality's: names must then be refused as ambiguous.
        await connection.ExecuteAsync("INSERT INTO areas (area_key, name, level, parent_id) SELECT '05754008-S01', 'Verl', 'Sozialraum', id FROM areas WHERE area_key = '05754008'");
    }

    static readonly TabularMapping AuslaenderbehoerdeMapping = new()
    {
        AreaColumn = "Kommune",
        AreaBy = AreaIdentifier.Name,
        PeriodColumn = "Stichtag",
        Dimensions = [new DimensionColumn("Staatsangehörigkeit", "STAGRP", "Staatsangehörigkeitsgruppe")],
        Values = [new ValueColumn("Personen", "ABH_PERS", "Ausländische Einwohner laut Ausländerbehörde", "Anzahl"), new ValueColumn("davon Duldung", "ABH_DULD", "Personen mit Duldung", "Anzahl")],
        HeaderRow = 3,
        SourceNote = "Ausländerbehörde Kreis Gütersloh",
    };

    async Task<ImportReport> ImportAsync(TabularMapping mapping, string fileName, Action<string> write, double threshold = 0)
    {
        var path = Path.Combine(Folder, fileName);
        write(path);
        var source = await Db.CreateSourceAsync(new DataSource
        {
            Name = "Eigene Daten " + Guid.NewGuid().ToString("N")[..6],
            Kind = SourceKind.Tabular,
            RejectThreshold = threshold,
            Settings = new SourceSettings { Mapping = mapping },
        });
        return await new Importer(Db, NullLogger<Importer>.Instance).ImportFileAsync(source, path);
    }

    async Task<List<(string Area, string Variable, string Set, decimal? Value)>> StoredAsync()
    {
        await using var connection = await Db.OpenAsync();
        return (await connection.QueryAsync<(string, string, string, decimal?)>(
            """
            SELECT a.area_key, v.code, d.set_key, o.value FROM observations o
            JOIN areas a ON a.id = o.area_id JOIN variables v ON v.id = o.variable_id JOIN dimension_sets d ON d.id = o.dimension_set_id
            ORDER BY a.area_key, v.code, d.set_key
            """)).ToList();
    }

    [Fact]
    public async Task A_csv_with_title_lines_area_names_and_a_dimension_column_is_imported()
    {
        const string csv =
            """
            Ausländerbehörde Kreis Gütersloh – Bestand nach Kommunen
            Stand: 31.12.2023

            Kommune;Stichtag;Staatsangehörigkeit;Personen;davon Duldung
            Gütersloh;31.12.2023;Syrien;2.134;120
            gütersloh;31.12.2023;Ukraine;1.877;-
            Harsewinkel;31.12.2023;Syrien;(312);.
            """;

        var report = await ImportAsync(AuslaenderbehoerdeMapping with { HeaderRow = 4 }, "abh.csv", path => File.WriteAllText(path, csv));

        Assert.Equal((ImportStatus.Succeeded, 6L, 0L), (report.Status, report.Inserted, report.Rejected));
        Assert.Equal(
            [
                ("05754008", "ABH_DULD", "STAGRP=Syrien", 120m), ("05754008", "ABH_DULD", "STAGRP=Ukraine", 0m),
                ("05754008", "ABH_PERS", "STAGRP=Syrien", 2134m), ("05754008", "ABH_PERS", "STAGRP=Ukraine", 1877m),
                ("05754016", "ABH_DULD", "STAGRP=Syrien", null), ("05754016", "ABH_PERS", "STAGRP=Syrien", 312m),
            ],
            await StoredAsync());
        await using var connection = await Db.OpenAsync();
        Assert.Equal("Ausländerbehörde Kreis Gütersloh", await connection.ExecuteScalarAsync<string>("SELECT source FROM variables WHERE code = 'ABH_PERS'"));
    }

    [Fact]
    public async Task An_ambiguous_area_name_is_rejected_naming_the_candidates_and_an_unknown_one_is_listed()
    {
        const string csv =
            """
            x
            y
            Kommune;Stichtag;Staatsangehörigkeit;Personen;davon Duldung
            Verl;2023;Syrien;500;12
            Lemgo;2023;Syrien;800;20
            """;

        var report = await ImportAsync(AuslaenderbehoerdeMapping, "abh.csv", path => File.WriteAllText(path, csv), threshold: 1);

        Assert.Equal(2, report.Rejected);
        Assert.Equal(new RejectedRow("abh.csv", 4, 1, "der Gebietsname „Verl“ passt auf mehrere Gebiete (Verl (Gütersloh, 05754008-S01) oder Verl (Kreis Gütersloh, 05754044)): das gemeinte in der Spaltenzuordnung der Quelle bestätigen oder die Datei mit amtlichen Schlüsseln liefern"), report.RejectedRows[0]);
        Assert.Equal([new UnknownArea("Lemgo", "Lemgo", 2)], report.UnknownAreas);
    }

    [Fact]
    public async Task A_mapped_column_missing_from_the_file_names_the_column_and_what_was_found()
    {
        var report = await ImportAsync(AuslaenderbehoerdeMapping with { HeaderRow = 1 }, "falsch.csv", path => File.WriteAllText(path, "Gemeinde;Jahr;Anzahl\n05754008;2023;5\n"));

        Assert.Equal(ImportStatus.Failed, report.Status);
        Assert.Equal("falsch.csv, Zeile 1, Spalte 1: die zugeordnete Spalte „Kommune“ steht nicht in der Kopfzeile (gefunden: Gemeinde, Jahr, Anzahl)", report.Error);
    }

    [Fact]
    public async Task An_xlsx_sheet_with_official_keys_and_typed_cells_is_imported()
    {
        var mapping = new TabularMapping
        {
            AreaColumn = "AGS",
            PeriodColumn = "Jahr",
            Values = [new ValueColumn("Regelleistungsberechtigte Ausländer", "JC_RLB_AUS", "Regelleistungsberechtigte (Ausländer)", "Anzahl")],
            Sheet = "Jobcenter",
        };

        var report = await ImportAsync(mapping, "jobcenter.xlsx", path => Workbook.Write(path, "Jobcenter",
        [
            ["AGS", "Gemeinde", "Jahr", "Regelleistungsberechtigte Ausländer"],
            ["05754008", "Gütersloh", 2023, 4321.0],
            ["05754044", "Verl", 2023, "."],
            ["05754048", "Versmold", "2023", 612.5],
        ]));

        Assert.Equal((ImportStatus.Succeeded, 3L), (report.Status, report.Inserted));
        Assert.Equal([("05754008", "JC_RLB_AUS", "", 4321m), ("05754044", "JC_RLB_AUS", "", null), ("05754048", "JC_RLB_AUS", "", 612.5m)], await StoredAsync());
    }

    [Fact]
    public async Task A_genesis_table_download_in_windows_1252_is_imported_through_the_same_pipeline()
    {
        var path = Path.Combine(Folder, "12411-01-01-5.csv");
        await File.WriteAllTextAsync(path, TableFileReaderTests.Sample, Monitoring.Ingestion.Files.ReceivedFile.Windows1252);
        var source = await Db.CreateSourceAsync(new DataSource
        {
            Name = "Regionalstatistik Tabelle",
            Kind = SourceKind.GenesisTable,
            Settings = new SourceSettings { Table = new Monitoring.Ingestion.Genesis.TableFileSettings { HeaderDimensions = ["GES"] } },
        });

        var report = await new Importer(Db, NullLogger<Importer>.Instance).ImportFileAsync(source, path);

        Assert.Equal((ImportStatus.Succeeded, 12L, "windows-1252"), (report.Status, report.Inserted, report.Encoding));
        Assert.Contains(("05754008", "12411-01-01-5", "GES=WEIBLICH", 52222m), await StoredAsync());
    }

    [Fact]
    public async Task A_workbook_without_the_mapped_sheet_fails_naming_it()
    {
        var mapping = new TabularMapping { AreaColumn = "AGS", PeriodColumn = "Jahr", Values = [new ValueColumn("Wert", "X", "X", null)], Sheet = "Schulamt" };

        var report = await ImportAsync(mapping, "falsch.xlsx", path => Workbook.Write(path, "Tabelle1", [["AGS", "Jahr", "Wert"]]));

        Assert.Equal(ImportStatus.Failed, report.Status);
        Assert.Contains("kein Tabellenblatt „Schulamt“", report.Error, StringComparison.Ordinal);
    }
}
