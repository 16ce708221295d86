using Dapper;
using System.Diagnostics;
using System.Text;
using Monitoring.Core.Changes;
using Monitoring.Core.Areas;
using Monitoring.Tests.Core.Storage;

namespace Monitoring.Tests.Core.Areas;

/// <summary>
/// Issue 16, part 1: the shipped directory of all of Germany's areas (Destatis GV100AD, Gebietsstand 30.11.2025), read
/// as Destatis counts it, and a newer edition loaded over it: names corrected, vanished keys ended, nothing deleted.
/// </summary>
public sealed class AreaDirectoryTests : MigratedStore
{
    static readonly IReadOnlyList<ReferenceAreas.Row> Shipped = AreaDirectory.ReadShipped();

    [Fact]
    public void The_shipped_directory_has_every_level_as_destatis_counts_it()
    {
        var byLevel = Shipped.GroupBy(r => r.Level).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1, byLevel[AreaLevel.Bund]);
        Assert.Equal(16, byLevel[AreaLevel.Land]);
        Assert.Equal(29, byLevel[AreaLevel.Regierungsbezirk]);
        Assert.Equal(400, byLevel[AreaLevel.Kreis]);
        Assert.Equal(10_953, byLevel[AreaLevel.Gemeinde]); // 10,751 Gemeinden and 202 gemeindefreie Gebiete
        Assert.Equal(Shipped.Count, Shipped.Select(r => r.Key).Distinct().Count());
        // Summed over the Gemeinden: Germany's population on 31.12.2024 and its area, as Destatis publishes them.
        Assert.Equal(83_577_140, Shipped.Where(r => r.Level == AreaLevel.Gemeinde).Sum(r => r.Population ?? 0));
        Assert.Equal(357_683.92, Shipped.Where(r => r.Level == AreaLevel.Gemeinde).Sum(r => r.AreaKm2 ?? 0), 2);
        // Every parent is in the directory, above its child.
        var keys = Shipped.ToDictionary(r => r.Key);
        Assert.All(Shipped.Where(r => r.ParentKey is not null), r => Assert.True(keys[r.ParentKey!].Level < r.Level, r.Key));
    }

    [Theory]
    [InlineData("11000000", "Berlin", "Berlin, Stadt", "11000", 3_685_265, 891.12)]
    [InlineData("05315000", "Köln", "Köln, Stadt", "05315", 1_024_621, 405.02)]
    [InlineData("02000000", "Hamburg", "Hamburg, Freie und Hansestadt", "02000", 1_862_565, 755.09)]
    [InlineData("09162000", "München", "München, Landeshauptstadt", "09162", 1_505_005, 310.70)]
    public void Cities_have_their_official_and_short_names_population_and_area(string key, string name, string official, string parent, long population, double km2)
    {
        var row = Shipped.Single(r => r.Key == key);
        Assert.Equal((name, official, parent, population), (row.Name, row.OfficialName, row.ParentKey, row.Population));
        Assert.Equal(km2, row.AreaKm2!.Value, 2);
    }

    [Fact]
    public void Kreis_guetersloh_and_its_13_gemeinden_read_with_the_names_people_use()
    {
        var kreis = Shipped.Single(r => r.Key == "05754");
        Assert.Equal(("Kreis Gütersloh", "Gütersloh", "057"), (kreis.Name, kreis.OfficialName, kreis.ParentKey));
        Assert.Equal("Regierungsbezirk Detmold", Shipped.Single(r => r.Key == "057").Name);
        var gemeinden = Shipped.Where(r => r.ParentKey == "05754").ToDictionary(r => r.Key);
        Assert.Equal(13, gemeinden.Count);
        Assert.Equal(("Gütersloh", "Gütersloh, Stadt", "057540008008", 100_479L), (gemeinden["05754008"].Name, gemeinden["05754008"].OfficialName, gemeinden["05754008"].Ars, gemeinden["05754008"].Population!.Value));
        Assert.Equal(("Harsewinkel", "Harsewinkel, Die Mähdrescherstadt"), (gemeinden["05754016"].Name, gemeinden["05754016"].OfficialName));
        Assert.Equal("Halle (Westf.)", gemeinden["05754012"].Name);
        Assert.Equal(17, ReferenceAreas.HomeDistrict().Count);
        // Kreis types: a Landkreis, a kreisfreie Stadt, and the gemeindefreie Gebiete of no Kreis under their Land.
        Assert.Equal("Landkreis Harburg", Shipped.Single(r => r.Key == "03353").Name);
        Assert.Equal("Flensburg", Shipped.Single(r => r.Key == "01001").Name);
        Assert.Equal("13", Shipped.Single(r => r.Key == "13000999").ParentKey);
        Assert.Equal("Budyšin", Shipped.Single(r => r.Key == "14625020").OfficialName!.Split(" / ")[1].Split(',')[0]);
    }

    [Fact]
    public void Regionen_and_gemeindeverbaende_stand_beside_the_tree()
    {
        // Baden-Württemberg's 12 Regionen (Satzart 30) and the 1,203 Gemeindeverbände (Satzart 50 without the placeholders
        // for verbandsfreie Gemeinden), each under the area it lies in, keyed as GENESIS keys them.
        Assert.Equal(12, Shipped.Count(r => r.Level == AreaLevel.Region));
        Assert.Equal(1_203, Shipped.Count(r => r.Level == AreaLevel.Gemeindeverband));
        Assert.Equal(("Region Stuttgart", "081"), (Shipped.Single(r => r.Key == "0811").Name, Shipped.Single(r => r.Key == "0811").ParentKey));
        var amt = Shipped.Single(r => r.Key == "010515166");
        Assert.Equal(("Amt Marne-Nordsee", "Marne-Nordsee", "01051", AreaLevel.Gemeindeverband), (amt.Name, amt.OfficialName, amt.ParentKey, amt.Level));
        Assert.Equal("Kirchspielslandgemeinde Eider", Shipped.Single(r => r.Key == "010515169").Name);
        // No Gemeinde hangs from one: the Gemeinden stay the Kreis's parts, and the associations are no part of any sum.
        var associations = Shipped.Where(r => r.Level.IsAssociation()).Select(r => r.Key).ToHashSet();
        Assert.DoesNotContain(Shipped, r => r.ParentKey is not null && associations.Contains(r.ParentKey));
        Assert.DoesNotContain(ReferenceAreas.HomeDistrict(), r => r.Level.IsAssociation());
    }

    [Fact]
    public async Task A_gemeindeverband_has_figures_of_its_own_and_is_no_part_of_its_kreis_sum()
    {
        await ReferenceAreas.LoadAsync(Db);
        await Monitoring.Core.Indicators.CatalogStore.SeedAsync(Db, Monitoring.Core.Indicators.IndicatorCatalog.Shipped());
        // Kreis Dithmarschen (01051) without a figure of its own: 100 inhabitants, 10 foreigners in every Gemeinde; its
        // Amt Marne-Nordsee (010515166) with figures of its own that would change the Kreis's share if they were summed.
        var rows = Shipped.Where(r => r.Level == AreaLevel.Gemeinde && r.ParentKey == "01051").Select(r => r.Key).Append("010515166")
            .SelectMany(key => new[] { (key, "", key == "010515166" ? 100 : 100), (key, "NATA", key == "010515166" ? 90 : 10) })
            .Select(r => $"12411;Bev;STAG;Stichtag;31.12.2024;{(r.key.Length == 9 ? "GEOVB4" : "GEMEIN")};Gebiete;{r.key};{r.key};NAT;Nationalität;{r.Item2};x;{r.Item3}");
        await ImportFlatFileAsync("dithmarschen.csv",
            "Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;1_Auspraegung_Label;2_Merkmal_Code;2_Merkmal_Label;2_Auspraegung_Code;2_Auspraegung_Label;BEVSTD__Bevoelkerungsstand__Anzahl\n"
            + string.Join("\n", rows));

        await using var connection = await Db.OpenAsync();
        var shares = (await connection.QueryAsync<(string Key, double Value)>(
            "SELECT a.area_key, v.value FROM indicator_values v JOIN areas a ON a.id = v.area_id WHERE v.indicator_code = 'AUS_ANT' AND v.breakdown = '' AND a.area_key IN ('01051', '010515166')"))
            .ToDictionary(v => v.Key, v => v.Value);
        Assert.Equal(10.0, shares["01051"], 6); // the Gemeinden's sum: the Amt's figures are not in it
        Assert.Equal(90.0, shares["010515166"], 6); // the Amt's own figures give its own share
    }

    [Fact]
    public async Task All_of_germany_loads_in_seconds_and_a_second_load_changes_nothing()
    {
        var clock = Stopwatch.StartNew();
        var first = await ReferenceAreas.LoadAsync(Db, Shipped);
        var firstTime = clock.Elapsed;
        clock.Restart();
        var second = await ReferenceAreas.LoadAsync(Db, Shipped);
        TestContext.Current.SendDiagnosticMessage($"GV100AD load: first {firstTime.TotalSeconds:N2} s, second {clock.Elapsed.TotalSeconds:N2} s");
        // The store starts with the 17 areas of Kreis Gütersloh; they are corrected with the directory's details, not duplicated.
        Assert.Equal(Shipped.Count - 17, first.Inserted);
        Assert.Equal(new ReferenceAreas.LoadResult(0, 0, Shipped.Count), second);
        Assert.Equal(Shipped.Count, (await Db.ListCurrentAsync()).Count);
    }

    [Fact]
    public async Task A_newer_edition_corrects_names_ends_vanished_keys_and_audits_every_change()
    {
        var original = await File.ReadAllLinesAsync(Path.Combine(TestPaths.RepositoryRoot, "Monitoring.Core", "Areas", "GV100AD_30112025.txt"), Encoding.UTF8);
        // The next edition as Destatis would ship it: Langenberg dissolved, Verl renamed, all records of the new date.
        var next = original.Where(l => !l.StartsWith("60", StringComparison.Ordinal) || l[10..18] != "05754024")
            .Select(l => l.Length < 10 ? l : l[..2] + "20261231" + l[10..])
            .Select(l => l.StartsWith("60", StringComparison.Ordinal) && l[10..18] == "05754044" ? l[..22] + "Verl, Neue Stadt".PadRight(50) + l[72..] : l)
            .ToList();
        var edition = AreaDirectory.Read(new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\r\n", next) + "\r\n")), "GV100AD_31122026.txt");
        Assert.Equal(new DateOnly(2026, 12, 31), edition.Date);

        var rows = edition.Areas.Where(r => ReferenceAreas.InDistrict(r.Key)).ToList();
        var result = await ReferenceAreas.LoadAsync(Db, rows, endMissingOn: edition.Date, actor: "areas import GV100AD_31122026.txt");

        Assert.Equal(1, result.Ended);
        await using (var connection = await Db.OpenAsync())
        {
            Assert.Equal("2026-12-30", await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection, "SELECT valid_to FROM areas WHERE area_key = '05754024'"));
        }
        Assert.Null(await Db.FindCurrentAsync("05754024"));
        Assert.Equal("Verl", (await Db.FindCurrentAsync("05754044"))!.Name); // the short name stays
        var audit = await Db.ListAuditEntriesAsync("area", null, 0, 50);
        Assert.Contains(audit, e => e.Action == "area.end" && e.EntityKey == "05754024" && e.UserName == "areas import GV100AD_31122026.txt");
        Assert.Contains(audit, e => e.Action == "area.update" && e.EntityKey == "05754044" && e.AfterJson!.Contains("Verl, Neue Stadt", StringComparison.Ordinal));

        // The next start loads the shipped, older directory: it undoes neither the rename nor the end.
        await ReferenceAreas.LoadAsync(Db);
        Assert.Null(await Db.FindCurrentAsync("05754024"));
        await using var check = await Db.OpenAsync();
        Assert.Equal("Verl, Neue Stadt", await Dapper.SqlMapper.ExecuteScalarAsync<string>(check, "SELECT official_name FROM areas WHERE area_key = '05754044' AND valid_to IS NULL"));
    }

    [Fact]
    public void A_file_that_is_no_directory_is_refused_naming_file_line_and_column()
    {
        var error = Assert.Throws<FormatException>(() => AreaDirectory.Read(new MemoryStream(Encoding.UTF8.GetBytes("102025113001          Schleswig-Holstein\r\nAGS;Name\r\n")), "falsch.csv"));
        Assert.StartsWith("falsch.csv, Zeile 2, Spalte 1:", error.Message, StringComparison.Ordinal);
    }
}
