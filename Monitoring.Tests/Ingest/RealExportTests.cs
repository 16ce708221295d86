using Dapper;
using Monitoring.Core.Areas;
using Monitoring.Ingest.Imports;
using Monitoring.Tests.Storage;

namespace Monitoring.Tests.Ingest;

/// <summary>
/// Issue 16, part 3: real exports of the statistical offices, byte for byte as delivered (`RealExports/`, copied from
/// shared/reference/real-exports; dl-de/by-2-0, © Statistische Ämter des Bundes und der Länder), imported against the
/// directory of all of Germany's areas. Values are checked by hand against the file.
/// </summary>
public sealed class RealExportTests : MigratedStore
{
    static string Real(string name) => Path.Combine(TestPaths.RepositoryRoot, "Monitoring.Tests", "Ingest", "RealExports", name);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await ReferenceAreas.LoadAsync(Db);
    }

    async Task<ImportReport> ImportAsync(string file, SourceKind kind = SourceKind.GenesisFlatFile)
    {
        var source = await Db.CreateSourceAsync(new DataSource { Name = file, Kind = kind, RejectThreshold = 0 });
        return await new Importer(Db, Microsoft.Extensions.Logging.Abstractions.NullLogger<Importer>.Instance).ImportFileAsync(source, Real(file));
    }

    async Task<double?> PopulationAsync(string area, string period, string breakdown)
    {
        await using var connection = await Db.OpenAsync();
        return await connection.ExecuteScalarAsync<double?>(
            """
            SELECT o.value FROM observations o JOIN areas a ON a.id = o.area_id JOIN variables v ON v.id = o.variable_id
            WHERE v.code = 'BEVSTD' AND a.area_key = @Area AND o.period = @Period
              AND o.dimension_set_id = (SELECT s.id FROM dimension_sets s WHERE s.set_key = @Breakdown)
            """, new { Area = area, Period = period, Breakdown = breakdown });
    }

    [Fact]
    public async Task The_older_wide_flat_file_reads_in_german_and_in_english_with_its_repeated_header_names()
    {
        var german = await ImportAsync("ffcsv-wide_regio_12411-01-01-4_flat_de.csv");
        Assert.True(german.Status == ImportStatus.Succeeded, german.Error);
        Assert.Equal((1_614L, 1_341L), (german.RowsRead, german.Inserted));
        // Kreis Gütersloh on 31.12.2023, as the file has it: 372,938 inhabitants, 185,910 men.
        Assert.Equal(372_938, await PopulationAsync("05754", "2023-12-31", ""));

        // The English file: the header names 1_variable_code three times, numbers without separators, ISO dates.
        var english = await ImportAsync("ffcsv-wide_regio_12411-01-01-4_flat_en.csv");
        Assert.True(english.Status is ImportStatus.Succeeded or ImportStatus.Unchanged, english.Error);
        Assert.Equal((1_614L, 1_341L, 0L), (english.RowsRead, english.Unchanged + english.Inserted, english.Updated));
        // The rows on areas the directory of 30.11.2025 no longer has (Kreise before their reforms) are named, not dropped silently.
        Assert.Equal(273, english.UnknownAreaRows);
        Assert.Contains(english.UnknownAreas, u => u.Key == "03152");
    }

    async Task<double?> ValueAsync(string area, string setKeyLike)
    {
        await using var connection = await Db.OpenAsync();
        return await connection.ExecuteScalarAsync<double?>(
            """
            SELECT o.value FROM observations o JOIN areas a ON a.id = o.area_id JOIN dimension_sets s ON s.id = o.dimension_set_id
            WHERE a.area_key = @Area AND s.set_key LIKE @Like AND s.set_key NOT LIKE '%MÄNNLICH%' AND s.set_key NOT LIKE '%WEIBLICH%'
            """, new { Area = area, Like = setKeyLike });
    }

    [Fact]
    public async Task Table_csvs_with_a_classification_in_the_rows_read_every_figure()
    {
        // IT.NRW 12521-03i: a continent and country code with its label beside the area, '-' for zero, 215 nationalities.
        var nationalities = await ImportAsync("table_itnrw_12521-03i.csv", SourceKind.GenesisTable);
        Assert.True(nationalities.Status == ImportStatus.Succeeded, nationalities.Error);
        Assert.Equal(0, nationalities.Rejected);
        Assert.Equal(6_510, await ValueAsync("05754", "%ZEILE1=163")); // Kreis Gütersloh, Türkei, 31.12.2024
        Assert.Equal(50_760, await ValueAsync("05754", "%ZEILE1=1")); // Kreis Gütersloh, Europa

        // Regionalstatistik 12411-02-03-4: the age group as a label in the rows, one header row, a footnote over many lines.
        var ages = await ImportAsync("table_regio_12411-02-03-4.csv", SourceKind.GenesisTable);
        Assert.True(ages.Status == ImportStatus.Succeeded, ages.Error);
        Assert.Equal(0, ages.Rejected);
        Assert.Equal(14_709, await ValueAsync("05754", "%ZEILE1=6_BIS_UNTER_10_JAHRE%"));

        // IT.NRW 12411-15i: three header rows, names indented, all 13 Gemeinden of Kreis Gütersloh.
        var density = await ImportAsync("table_itnrw_12411-15i.csv", SourceKind.GenesisTable);
        Assert.True(density.Status == ImportStatus.Succeeded, density.Error);
        Assert.Equal(0, density.Rejected);
    }
}
