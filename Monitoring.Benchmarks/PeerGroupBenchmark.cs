using System.Diagnostics;
using Monitoring.Core.PeerGroups;

namespace Monitoring.Benchmarks;

/// <summary>Peer groups for N synthetic areas with four structural features, trying 2 to 8 groups.</summary>
static class PeerGroupBenchmark
{
    public static int Run(int areas)
    {
        var random = new Random(7);
        var features = Enumerable.Range(0, areas).ToDictionary(i => i, i =>
        {
            var type = i % 5;
            return new[] { 5 + 4 * type + random.NextDouble() * 3, 65 - 3 * type + random.NextDouble() * 4, 8 + type * 0.8 + random.NextDouble(), random.NextDouble() * 10 };
        });
        var clock = Stopwatch.StartNew();
        var grouping = PeerGroups.Find(features, ["AUS_ANT", "BESCH_Q_DT", "log Einwohner", "SGB2_Q_AUS"]);
        Console.WriteLine($"| peer groups | {areas:N0} areas, 4 features, k = 2..8 | {clock.Elapsed.TotalSeconds:N2} s | chose {grouping.Groups} groups, silhouette {grouping.Silhouette:N3} |");
        return 0;
    }
}
