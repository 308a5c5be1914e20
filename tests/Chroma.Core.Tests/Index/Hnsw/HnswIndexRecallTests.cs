using Chroma.Core.Index.Hnsw;
using Chroma.Core.Model;

namespace Chroma.Core.Tests.Index.Hnsw;

/// <summary>Recall against brute force on 10,000 clustered vectors (qdrant filtrable_hnsw_test.rs style).</summary>
public class HnswIndexRecallTests
{
    private const int Count = 10_000;
    private const int Dimension = 64;
    private const int K = 10;
    private const int Queries = 100;

    [Theory]
    [InlineData(DistanceSpace.L2)]
    [InlineData(DistanceSpace.Cosine)]
    [InlineData(DistanceSpace.InnerProduct)]
    public void Recall_at_10_is_at_least_95_percent_with_default_parameters(DistanceSpace space)
    {
        (float[] vectors, float[] queries) = Data(seed: 7);
        var index = new HnswIndex(Dimension, space);
        index.AddRange(vectors, Count, numThreads: 1);

        double recall = MeasureRecall(index, vectors, queries, space, ef: 100);

        Assert.True(recall >= 0.95, $"{space} recall@10 was {recall:F3}");
    }

    /// <summary>
    /// Every coordinate shifted by the same large offset: scaled as they are, the query walk's
    /// 8-bit codes would spend their range on the offset and lose the differences between rows.
    /// </summary>
    [Theory]
    [InlineData(DistanceSpace.L2)]
    [InlineData(DistanceSpace.Cosine)]
    public void Recall_stays_at_95_percent_on_data_with_a_common_offset(DistanceSpace space)
    {
        (float[] vectors, float[] queries) = Data(seed: 10);
        for (int i = 0; i < vectors.Length; i++) vectors[i] += 40f;
        for (int i = 0; i < queries.Length; i++) queries[i] += 40f;
        var index = new HnswIndex(Dimension, space);
        index.AddRange(vectors, Count, numThreads: 1);

        double recall = MeasureRecall(index, vectors, queries, space, ef: 100);

        Assert.True(recall >= 0.95, $"{space} recall@10 was {recall:F3}");
    }

    [Fact]
    public void Parallel_build_recall_matches_sequential_build()
    {
        const DistanceSpace space = DistanceSpace.L2;
        (float[] vectors, float[] queries) = Data(seed: 8);
        var sequential = new HnswIndex(Dimension, space);
        sequential.AddRange(vectors, Count, numThreads: 1);
        var parallel = new HnswIndex(Dimension, space);
        parallel.AddRange(vectors, Count, numThreads: 2);

        double sequentialRecall = MeasureRecall(sequential, vectors, queries, space, ef: 100);
        double parallelRecall = MeasureRecall(parallel, vectors, queries, space, ef: 100);

        Assert.Equal(Count, parallel.Count);
        Assert.True(parallelRecall >= 0.95, $"parallel recall@10 was {parallelRecall:F3}");
        Assert.True(Math.Abs(parallelRecall - sequentialRecall) <= 0.02,
            $"sequential {sequentialRecall:F3} vs parallel {parallelRecall:F3}");
        for (int label = 0; label < Count; label += 997)
        {
            Assert.True(parallel.GetVector(label).SequenceEqual(vectors.AsSpan(label * Dimension, Dimension)));
        }
    }

    [Fact]
    public void Broad_filter_keeps_high_recall_and_returns_only_allowed_labels()
    {
        const DistanceSpace space = DistanceSpace.Cosine;
        (float[] vectors, float[] queries) = Data(seed: 9);
        var index = new HnswIndex(Dimension, space);
        index.AddRange(vectors, Count, numThreads: 1);
        Func<int, bool> allowed = label => label % 2 == 0;
        ulong[] filter = HnswTestData.Bitset(Count, allowed);

        var truth = new List<int[]>();
        var found = new List<int[]>();
        var labels = new int[K];
        var distances = new float[K];
        for (int q = 0; q < Queries; q++)
        {
            ReadOnlySpan<float> query = queries.AsSpan(q * Dimension, Dimension);
            int n = index.Search(query, K, 100, labels, distances, filter);
            Assert.Equal(K, n);
            Assert.All(labels, label => Assert.True(allowed(label)));
            found.Add(labels.ToArray());
            truth.Add(HnswTestData.BruteForce(space, vectors, Dimension, query, K, allowed));
        }

        double recall = HnswTestData.Recall(truth, found);
        Assert.True(recall >= 0.95, $"filtered recall@10 was {recall:F3}");
    }

    /// <summary>Index vectors and held-out queries drawn from the same 50 clusters.</summary>
    private static (float[] Vectors, float[] Queries) Data(int seed)
    {
        float[] all = HnswTestData.Clustered(Count + Queries, Dimension, 50, seed);
        return (all[..(Count * Dimension)], all[(Count * Dimension)..]);
    }

    private static double MeasureRecall(HnswIndex index, float[] vectors, float[] queries, DistanceSpace space, int ef)
    {
        var truth = new List<int[]>();
        var found = new List<int[]>();
        var labels = new int[K];
        var distances = new float[K];
        for (int q = 0; q < Queries; q++)
        {
            ReadOnlySpan<float> query = queries.AsSpan(q * Dimension, Dimension);
            int n = index.Search(query, K, ef, labels, distances);
            for (int i = 1; i < n; i++) Assert.True(distances[i - 1] <= distances[i], "results must ascend by distance");
            for (int i = 0; i < n; i++)
            {
                double exact = HnswTestData.Distance(space, query, vectors.AsSpan(labels[i] * Dimension, Dimension));
                Assert.True(Math.Abs(exact - distances[i]) <= 1e-3 * (1 + Math.Abs(exact)), $"distance {distances[i]} vs exact {exact}");
            }
            found.Add(labels.AsSpan(0, n).ToArray());
            truth.Add(HnswTestData.BruteForce(space, vectors, Dimension, query, K));
        }
        return HnswTestData.Recall(truth, found);
    }
}
