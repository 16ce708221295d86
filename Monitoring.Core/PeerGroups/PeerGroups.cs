using Microsoft.ML;
using Microsoft.ML.Data;

namespace Monitoring.Core.PeerGroups;

/// <summary>The grouping found: the number of groups, how well separated they are, each area's group, and each group's medians.</summary>
public sealed record PeerGrouping(int Groups, double Silhouette, IReadOnlyDictionary<int, int> GroupOfArea, IReadOnlyList<string> Features,
    IReadOnlyDictionary<int, IReadOnlyList<double>> Medians);

/// <summary>
/// Groups areas into comparable types, as Wegweiser Kommune does with its demographic types: ML.NET k-means on
/// standardised structural features (each feature centred and scaled to unit variance, so no feature dominates by its
/// unit), with a fixed seed so the same data always gives the same groups. The number of groups is the one between 2
/// and <c>maxGroups</c> with the best mean silhouette (how much closer areas are to their own group than to the
/// next), computed on a fixed sample of at most 2,000 areas so that 10,000 areas stay quick. A Kreis's 13
/// municipalities are best grouped within a larger reference set (NRW, Germany) when one is imported.
/// </summary>
public static class PeerGroups
{
    const int SilhouetteSample = 2000;

    sealed class Row
    {
        public uint Area { get; set; }

        [VectorType]
        public float[] Features { get; set; } = [];
    }

    sealed class Prediction
    {
        public uint PredictedLabel { get; set; }
    }

    /// <param name="features">Per area, one value per feature, in the order of <paramref name="names"/>. Areas with a missing value are left out.</param>
    /// <param name="names">The features, for the record.</param>
    /// <param name="maxGroups">The largest number of groups tried.</param>
    /// <param name="seed">Fixed, for stable groups.</param>
    public static PeerGrouping Find(IReadOnlyDictionary<int, double[]> features, IReadOnlyList<string> names, int maxGroups = 8, int seed = 20240101)
    {
        var complete = features.Where(f => f.Value.Length == names.Count && f.Value.All(double.IsFinite)).OrderBy(f => f.Key).ToList();
        if (complete.Count < 4) throw new InvalidOperationException($"Vergleichsgruppen brauchen mindestens 4 Gebiete mit allen Merkmalen; {complete.Count} haben sie.");

        // Standardise: centre and scale each feature.
        var dimensions = names.Count;
        var means = Enumerable.Range(0, dimensions).Select(d => complete.Average(c => c.Value[d])).ToArray();
        var scales = Enumerable.Range(0, dimensions).Select(d => Math.Sqrt(complete.Average(c => Math.Pow(c.Value[d] - means[d], 2)))).Select(s => s < 1e-12 ? 1 : s).ToArray();
        var rows = complete.Select(c => new Row { Area = (uint)c.Key, Features = c.Value.Select((v, d) => (float)((v - means[d]) / scales[d])).ToArray() }).ToList();

        var context = new MLContext(seed);
        var data = context.Data.LoadFromEnumerable(rows, SchemaDefinition.Create(typeof(Row)).Also(s => s[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimensions)));
        var sample = rows.Count <= SilhouetteSample ? rows : rows.OrderBy(r => Hash(r.Area, seed)).Take(SilhouetteSample).ToList();

        (int K, double Silhouette, uint[] Labels)? best = null;
        for (var k = 2; k <= Math.Min(maxGroups, rows.Count - 1); k++)
        {
            var trainer = context.Clustering.Trainers.KMeans(new Microsoft.ML.Trainers.KMeansTrainer.Options
            {
                FeatureColumnName = nameof(Row.Features),
                NumberOfClusters = k,
                InitializationAlgorithm = Microsoft.ML.Trainers.KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
                NumberOfThreads = 1, // one thread: identical results on every machine
            });
            var model = trainer.Fit(data);
            var labels = context.Data.CreateEnumerable<Prediction>(model.Transform(data), reuseRowObject: false).Select(p => p.PredictedLabel).ToArray();
            var byArea = rows.Select((r, i) => (r.Area, Label: labels[i])).ToDictionary(x => x.Area, x => x.Label);
            var silhouette = Silhouette(sample, byArea);
            if (best is null || silhouette > best.Value.Silhouette + 1e-9) best = (k, silhouette, labels);
        }

        var groups = rows.Select((r, i) => (Area: (int)r.Area, Group: (int)best!.Value.Labels[i])).ToDictionary(x => x.Area, x => x.Group);
        var medians = groups.GroupBy(g => g.Value).ToDictionary(g => g.Key,
            g => (IReadOnlyList<double>)Enumerable.Range(0, dimensions).Select(d => Median(g.Select(a => features[a.Key][d]).ToList())).ToList());
        return new PeerGrouping(best!.Value.K, best.Value.Silhouette, groups, names, medians);
    }

    /// <summary>Mean silhouette: for each area, (b − a) / max(a, b) with a its mean distance to its own group and b to the nearest other.</summary>
    static double Silhouette(IReadOnlyList<Row> sample, IReadOnlyDictionary<uint, uint> labels)
    {
        var total = 0.0;
        foreach (var row in sample)
        {
            var own = labels[row.Area];
            var distances = sample.Where(o => o.Area != row.Area).GroupBy(o => labels[o.Area]).ToDictionary(g => g.Key, g => g.Average(o => Distance(row.Features, o.Features)));
            if (!distances.TryGetValue(own, out var a)) continue; // alone in its group within the sample: silhouette 0
            var others = distances.Where(d => d.Key != own).Select(d => d.Value).ToList();
            if (others.Count == 0) continue;
            var b = others.Min();
            total += (b - a) / Math.Max(a, b);
        }
        return total / sample.Count;
    }

    static double Distance(float[] x, float[] y)
    {
        var sum = 0.0;
        for (var i = 0; i < x.Length; i++) sum += (x[i] - y[i]) * (x[i] - y[i]);
        return Math.Sqrt(sum);
    }

    /// <summary>The median (the mean of the middle two for an even count); the list is sorted in place.</summary>
    public static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }

    // Deterministic on purpose: HashCode is randomised per process, which would change the sample between runs.
    static uint Hash(uint area, int seed) => unchecked((area * 2654435761u) ^ (uint)seed);

    static T Also<T>(this T value, Action<T> change)
    {
        change(value);
        return value;
    }
}
