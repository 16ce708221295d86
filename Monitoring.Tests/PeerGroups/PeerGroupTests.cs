using Monitoring.Core.PeerGroups;

namespace Monitoring.Tests.Grouping;

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
        var grouping = PeerGroups.Find(ThreeTypes(), Features);

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
        var first = PeerGroups.Find(ThreeTypes(), Features);
        var second = PeerGroups.Find(ThreeTypes(), Features);

        Assert.Equal(first.GroupOfArea, second.GroupOfArea);
        Assert.Equal(first.Silhouette, second.Silhouette);
    }

    [Fact]
    public void Areas_missing_a_feature_are_left_out_and_too_few_areas_are_refused()
    {
        var areas = ThreeTypes();
        areas[999] = [double.NaN, 50, 10];

        Assert.False(PeerGroups.Find(areas, Features).GroupOfArea.ContainsKey(999));
        Assert.Throws<InvalidOperationException>(() => PeerGroups.Find(areas.Take(3).ToDictionary(), Features));
    }
}
