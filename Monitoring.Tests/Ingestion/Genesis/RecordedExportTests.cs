using Dapper;
using Monitoring.Core.Areas;
using Monitoring.Ingestion.Imports;
using Monitoring.Tests.Core.Storage;

namespace Monitoring.Tests.Ingestion.Genesis;

/// <summary>
/// Issue 16, part 3: files the GENESIS REST interface returned, as recorded in public test suites (`Recorded/`, see its
/// README; dl-de/by-2-0, © Statistisches Bundesamt (Destatis)), imported as one "GENESIS-Export" source kind that
/// recognises the format. Values are checked by hand against the files.
/// </summary>
public sealed class RecordedExportTests : MigratedStore
{
    static string Recorded(string name) => Path.Combine(TestPaths.RepositoryRoot, "Monitoring.Tests", "Ingestion", "Genesis", "Recorded", name);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await ReferenceAreas.LoadAsync(Db);
    }

    async Task<ImportReport> ImportAsync(string file)
    {
        var source = await Db.CreateSourceAsync(new DataSource { Name = file, Kind = SourceKind.GenesisExport });
        var report = await new Importer(Db, Microsoft.Extensions.Logging.Abstractions.NullLogger<Importer>.Instance).ImportFileAsync(source, Recorded(file));
        Assert.True(report.Status == ImportStatus.Succeeded, report.Error);
        Assert.Equal(0, report.Rejected);
        return report;
    }

    async Task<Dictionary<string, (double? Value, int Flags, string? Unit)>> ObservationsAsync(string area, string period, string dimensions = "")
    {
        await using var connection = await Db.OpenAsync();
        var rows = await connection.QueryAsync<(string Code, double? Value, long Flags, string? Unit)>(
            """
            SELECT v.code, o.value, o.flags, v.unit FROM observations o JOIN variables v ON v.id = o.variable_id JOIN areas a ON a.id = o.area_id
            JOIN dimension_sets s ON s.id = o.dimension_set_id
            WHERE a.area_key = @Area AND o.period = @Period AND s.set_key = @Dimensions
            """, new { Area = area, Period = period, Dimensions = dimensions == "" ? "" : dimensions });
        return rows.ToDictionary(r => r.Code, r => (r.Value, (int)r.Flags, r.Unit));
    }

    [Fact]
    public async Task One_code_in_two_units_becomes_two_variables_not_duplicates()
    {
        // GENESIS-Online 61111-0001 as the 2026 platform returns it: PREIS1 once as the index (2020=100), once as the change in %.
        var report = await ImportAsync("tablefile_61111-0001_ffcsv_en_2026.zip");
        Assert.Equal((6L, 6L), (report.RowsRead, report.Inserted));
        var year2025 = await ObservationsAsync("DG", "2025");
        Assert.Equal((121.9, "2020=100"), (year2025["PREIS1"].Value, year2025["PREIS1"].Unit));
        Assert.Equal((2.2, "%"), (year2025["PREIS1_PROZENT"].Value, year2025["PREIS1_PROZENT"].Unit));

        // The Zensus 2022 database, 4000W-2041: WHG006 in % and as a count, each row of one content in both units.
        var zensus = await ImportAsync("zensus2022_tablefile_4000W-2041_ffcsv_de.zip");
        Assert.Equal((180L, 180L), (zensus.RowsRead, zensus.Inserted));
        await using var connection = await Db.OpenAsync();
        Assert.Equal([("WHG006", "%"), ("WHG006_ANZAHL", "Anzahl")],
            (await connection.QueryAsync<(string, string)>("SELECT code, unit FROM variables WHERE code LIKE 'WHG006%' ORDER BY code")).ToList());
    }

    [Fact]
    public async Task The_english_wide_file_reads_signed_numbers_and_a_value_column_named_by_its_code()
    {
        // 61111-0001, English wide (2024): PREIS1__Consumer_price_index__2020=100 beside PREIS1__CH0004 with "+1.4".
        var report = await ImportAsync("tablefile_61111-0001_ffcsv-wide_en_2024.csv");
        Assert.Equal(report.RowsRead, report.Inserted);
        var year2019 = await ObservationsAsync("DG", "2019");
        Assert.Equal(99.5, year2019["PREIS1"].Value);
        Assert.Equal(1.4, year2019["PREIS1_CH0004"].Value);
    }

    [Fact]
    public async Task The_zensus_germany_row_stands_beside_its_laender_under_one_variable()
    {
        // Zensus 2022 1000A-2022 with quality on: Germany's rows carry PRS001, the Länder's PRS018, both "Personen";
        // value_q "e" (final) or empty.
        var report = await ImportAsync("zensus2022_tablefile_1000A-2022_ffcsv_de_quality-on.zip");
        Assert.Equal((1_360L, 0L), (report.RowsRead, report.UnknownAreaRows));
        await using var connection = await Db.OpenAsync();
        Assert.Empty(await connection.QueryAsync<string>("SELECT code FROM variables WHERE code = 'PRS001'"));
        // Germany, all ages, "Mit einseitiger Einwanderungsgeschichte": 1,438,808 as the file has it, under PRS018.
        var germany = await ObservationsAsync("DG", "2022-05-15", "WDGAT1=WANDERUNG-EINS");
        Assert.Equal((1_438_808.0, 0), (germany["PRS018"].Value, germany["PRS018"].Flags));
        // Bremen (04), Eingewanderte, all ages: 188,135.
        Assert.Equal(188_135.0, (await ObservationsAsync("04", "2022-05-15", "WDGAT1=EINGEWANDERTE"))["PRS018"].Value);
    }

    [Theory]
    [InlineData("tablefile_46181-0001_ffcsv_de.zip", 16)]
    [InlineData("tablefile_46181-0001_ffcsv_en.zip", 16)]
    [InlineData("zensus2011_tablefile_3000G-1008_ffcsv_de.zip", 14)]
    public async Task Recorded_zips_of_the_rest_interface_import_whole(string file, long rows)
    {
        var report = await ImportAsync(file);
        Assert.Equal((rows, rows), (report.RowsRead, report.Inserted));
    }
}
