using Dapper;
using Monitoring.Core.Areas;
using Monitoring.Ingestion.Imports;
using Monitoring.Tests.Core.Storage;

namespace Monitoring.Tests.Core.Areas;

/// <summary>
/// Issue 16, part 1: municipal changes since 2007 (Destatis AGS-Historie, version 2021-12-31). A file that still carries an
/// old key imports under the former area, valid until the change, never under its successor; Berlin's Bezirke are kept
/// below Berlin, not rejected and never summed as Gemeinden.
/// </summary>
public sealed class AreaHistoryTests : MigratedStore
{
    static readonly IReadOnlyList<ReferenceAreas.Row> History = AreaHistory.ReadShipped();

    static ReferenceAreas.Row Former(string key) => History.Single(r => r.Key == key);

    [Fact]
    public void Former_gemeinden_kreise_and_bezirke_end_on_their_last_day_with_their_successor()
    {
        // Göttingen, Stadt: re-keyed when Landkreis Göttingen and Osterode am Harz merged into 03159 on 01.11.2016.
        var goettingen = Former("03152012");
        Assert.Equal(("Göttingen", "Göttingen, Stadt", new DateOnly(2016, 10, 31), "03159016", "03152"),
            (goettingen.Name, goettingen.OfficialName, goettingen.ValidTo, goettingen.SuccessorKey, goettingen.ParentKey));
        // The former Kreise, derived from their Gemeinden: both went whole into the new Landkreis Göttingen.
        Assert.Equal((AreaLevel.Kreis, new DateOnly(2016, 10, 31), "03159", "031"), (Former("03152").Level, Former("03152").ValidTo, Former("03152").SuccessorKey, Former("03152").ParentKey));
        Assert.Equal("03159", Former("03156").SuccessorKey);
        Assert.Equal("ehemaliger Kreis 03152", Former("03152").Name);
        // Aachen, Stadt: kreisfrei until 20.10.2009, then part of the StädteRegion Aachen (05334002).
        Assert.Equal((new DateOnly(2009, 10, 20), "05334002"), (Former("05313000").ValidTo, Former("05313000").SuccessorKey));
        // Görlitz, kreisfreie Stadt until 31.07.2008; Sachsen's former Regierungsbezirk Chemnitz (141) ended with its Gemeinden.
        Assert.Equal((new DateOnly(2008, 7, 31), "14626110"), (Former("14263000").ValidTo, Former("14263000").SuccessorKey));
        Assert.Equal(AreaLevel.Regierungsbezirk, Former("141").Level);
        // Keys that are still in the directory are not former areas (a rename or a part given away keeps the key).
        Assert.DoesNotContain(History, r => r.Key == "05754008" || r.Key == "03159016");
        Assert.All(History.Where(r => r.Level != AreaLevel.Stadtteil), r => Assert.NotNull(r.ValidTo));
    }

    [Fact]
    public void Berlins_bezirke_and_former_halves_are_official_parts_of_berlin()
    {
        var bezirke = History.Where(r => r.ParentKey == "11000000").ToList();
        // The 12 Bezirke, and the two statistical regions of the divided city the Regionalstatistik still keys.
        Assert.Equal(14, bezirke.Count);
        Assert.Equal("Berlin-West (früher)", bezirke.Single(b => b.Key == "11100000").Name);
        Assert.All(bezirke, b => Assert.Equal(AreaLevel.Stadtteil, b.Level));
        Assert.Equal("Berlin-Mitte", bezirke.Single(b => b.Key == "11001001").Name);
        Assert.Equal("Berlin-Reinickendorf", bezirke.Single(b => b.Key == "11012012").Name);
    }

    [Fact]
    public async Task A_real_file_with_old_keys_imports_them_under_the_former_areas_and_names_them_from_the_file()
    {
        await ReferenceAreas.LoadAsync(Db);
        var again = await ReferenceAreas.LoadAsync(Db);
        Assert.Equal(0, again.Inserted + again.Updated);

        // Regionalstatistik 12411-01-01-4, the older wide file (31.12.2023): Landkreis Göttingen 03152 and Berlin's Bezirke
        // are in it beside the current Kreise.
        var source = await Db.CreateSourceAsync(new DataSource { Name = "12411-01-01-4", Kind = SourceKind.GenesisExport });
        var report = await new Importer(Db, Microsoft.Extensions.Logging.Abstractions.NullLogger<Importer>.Instance)
            .ImportFileAsync(source, Path.Combine(TestPaths.RepositoryRoot, "Monitoring.Tests", "Ingestion", "Genesis", "RealExports", "ffcsv-wide_regio_12411-01-01-4_flat_de.csv"));
        Assert.True(report.Status == ImportStatus.Succeeded, report.Error);
        Assert.DoesNotContain(report.UnknownAreas, u => u.Key is "03152" or "11001001" or "05354");

        await using var connection = await Db.OpenAsync();
        var stored = await connection.QuerySingleAsync<(string Name, string? Official, string? ValidTo, string? Successor)>(
            "SELECT name, official_name, CAST(valid_to AS TEXT), successor_key FROM areas WHERE area_key = '03152'");
        Assert.Equal(("Landkreis Göttingen", "Göttingen, Landkreis", "2016-10-31", "03159"), stored);
        // The former Kreis's figure stays under its own key; the successor got none of it.
        var values = (await connection.QueryAsync<(string Key, double Value)>(
            """
            SELECT a.area_key, o.value FROM observations o JOIN areas a ON a.id = o.area_id JOIN variables v ON v.id = o.variable_id
            WHERE v.code = 'BEVSTD' AND a.area_key IN ('03152', '11001001') AND o.dimension_set_id = 1
            """)).ToDictionary(v => v.Key, v => v.Value);
        Assert.Equal(2, values.Count);
        Assert.Single(await connection.QueryAsync<string>("SELECT entity_key FROM audit_log WHERE action = 'area.name_from_file' AND entity_key = '03152'"));
    }

    [Theory]
    [InlineData("Göttingen, Landkreis", "Landkreis Göttingen")]
    [InlineData("Anhalt-Zerbst, Kreis", "Kreis Anhalt-Zerbst")]
    [InlineData("Chemnitz, Regierungsbezirk", "Regierungsbezirk Chemnitz")]
    [InlineData("Stralsund, Hansestadt,  kreisfreie Stadt", "Stralsund")]
    [InlineData("  Muldentalkreis", "Muldentalkreis")]
    public void A_files_label_of_a_former_area_becomes_the_name_people_use(string label, string name) =>
        Assert.Equal(name, AreaHistory.NameFromLabel(label));
}
