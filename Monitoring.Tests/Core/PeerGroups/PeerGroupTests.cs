using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Core.Indicators;
using Monitoring.Core.PeerGroups;
using Monitoring.Ingestion.Demo;
using Monitoring.Ingestion.Imports;

namespace Monitoring.Tests.Core.PeerGroups;

public sealed class PeerGroupTests
{
    /// <summary>Three types of municipality, 30 each: (foreign share %, employment rate %, log population), with a deterministic spread.</summary>
    static Dictionary<int, double[]> ThreeTypes()
    {
        (double, double, double)[] centres = [(8, 62, 9.2), (15, 55, 10.5), (22, 48, 11.6)];
        var areas = new Dictionary<int, double[]>();
        for (var type = 0; type < 3; type++)
        {
            for (var i = 0; i < 30; i++)
            {
                var wobble = ((i * 7919 + type * 104729) % 1000) / 1000.0 - 0.5; // in [−0.5, 0.5)
                var (share, employment, size) = centres[type];
                areas[type * 100 + i] = [share + 2 * wobble, employment - 2 * wobble, size + 0.2 * wobble];
            }
        }
        return areas;
    }

    static readonly string[] Features = ["AUS_ANT", "BESCH_Q_DT", "log Einwohner"];

    [Fact]
    public void Well_separated_types_are_found_as_groups_with_the_number_of_groups_chosen_by_silhouette()
    {
        var grouping = Monitoring.Core.PeerGroups.PeerGroups.Find(ThreeTypes(), Features);

        Assert.Equal(3, grouping.Groups);
        Assert.True(grouping.Silhouette > 0.7, $"silhouette {grouping.Silhouette}");
        for (var type = 0; type < 3; type++)
        {
            Assert.Single(Enumerable.Range(0, 30).Select(i => grouping.GroupOfArea[type * 100 + i]).Distinct());
        }
        Assert.Equal(3, grouping.GroupOfArea.Values.Distinct().Count());
        var firstTypeMedians = grouping.Medians[grouping.GroupOfArea[0]];
        Assert.Equal(8, firstTypeMedians[0], 0);
        Assert.Equal(62, firstTypeMedians[1], 0);
    }

    [Fact]
    public void The_same_data_gives_the_same_groups()
    {
        var first = Monitoring.Core.PeerGroups.PeerGroups.Find(ThreeTypes(), Features);
        var second = Monitoring.Core.PeerGroups.PeerGroups.Find(ThreeTypes(), Features);

        Assert.Equal(first.GroupOfArea, second.GroupOfArea);
        Assert.Equal(first.Silhouette, second.Silhouette);
    }

    [Fact]
    public void Areas_missing_a_feature_are_left_out_and_too_few_areas_are_refused()
    {
        var areas = ThreeTypes();
        areas[999] = [double.NaN, 50, 10];

        Assert.False(Monitoring.Core.PeerGroups.PeerGroups.Find(areas, Features).GroupOfArea.ContainsKey(999));
        Assert.Throws<InvalidOperationException>(() => Monitoring.Core.PeerGroups.PeerGroups.Find(areas.Take(3).ToDictionary(), Features));
    }
}

/// <summary>Peer groups computed from stored indicator values and kept.</summary>
public sealed class StoredPeerGroupTests : Monitoring.Tests.Core.Storage.MigratedStore
{
    [Fact]
    public async Task The_demo_municipalities_are_grouped_after_import_the_same_way_each_time_with_group_medians()
    {
        await CatalogStore.SeedAsync(Db, IndicatorCatalog.Shipped());
        var importer = new Importer(Db, NullLogger<Importer>.Instance);
        foreach (var (name, content) in DemoDataImport.ShippedFiles().Where(f => f.Name.StartsWith("12411", StringComparison.Ordinal) || f.Name.StartsWith("13111", StringComparison.Ordinal)))
        {
            var path = Path.Combine(Folder, name);
            await File.WriteAllBytesAsync(path, content);
            var source = await Db.CreateSourceAsync(new DataSource { Name = name, Kind = SourceKind.GenesisFlatFile });
            Assert.Equal(ImportStatus.Succeeded, (await importer.ImportFileAsync(source, path)).Status);
        }

        // The importer grouped the municipalities once the structural indicators were computed.
        var first = await PeerGroupStore.LatestAsync(Db);
        Assert.NotNull(first);
        Assert.Equal(13, first.GroupOfArea.Count);
        Assert.Equal(2024, first.Year);
        Assert.Contains("EINW", first.Features);
        Assert.Contains("AUS_ANT", first.Features);
        // The population by nationality and age is published per Kreis only: the employment rate has no municipal values.
        Assert.DoesNotContain("BESCH_Q_AUS", first.Features);
        Assert.InRange(first.Groups, 2, 8);

        var again = await PeerGroupStore.ComputeAsync(Db);
        Assert.Equal(first.GroupOfArea, again!.GroupOfArea);
        Assert.True(again.Id > first.Id);

        // The group median, by hand from the stored values of each group's members.
        await using var connection = await Db.OpenAsync();
        var shares = (await connection.QueryAsync<(long Area, double Value)>(
            "SELECT area_id, value FROM indicator_values WHERE indicator_code = 'AUS_ANT' AND year = 2024")).ToDictionary(r => (int)r.Area, r => r.Value);
        var medians = await PeerGroupStore.GroupMediansAsync(Db, "AUS_ANT", 2024);
        foreach (var group in again.GroupOfArea.GroupBy(g => g.Value))
        {
            var values = group.Select(g => shares[g.Key]).Order().ToList();
            var median = values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
            Assert.Equal(median, medians[group.Key], 10);
        }
    }

    [Fact]
    public async Task Too_few_municipalities_give_no_groups()
    {
        Assert.Null(await PeerGroupStore.ComputeAsync(Db));
        Assert.Null(await PeerGroupStore.LatestAsync(Db));
    }
}
