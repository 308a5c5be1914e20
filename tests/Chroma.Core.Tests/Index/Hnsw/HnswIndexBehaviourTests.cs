using Chroma.Core.Index.Hnsw;
using Chroma.Core.Model;

namespace Chroma.Core.Tests.Index.Hnsw;

public class HnswIndexBehaviourTests
{
    private const int Dimension = 16;

    [Fact]
    public void Empty_index_returns_nothing()
    {
        var index = new HnswIndex(Dimension, DistanceSpace.L2);
        var labels = new int[5];
        var distances = new float[5];

        Assert.Equal(0, index.Count);
        Assert.Equal(0, index.Search(new float[Dimension], 5, 10, labels, distances));
        Assert.Equal(0, index.SearchExact(new float[Dimension], 5, [], labels, distances));
    }

    [Fact]
    public void K_larger_than_count_returns_every_vector_in_order()
    {
        float[] vectors = HnswTestData.Clustered(7, Dimension, 2, seed: 1);
        var index = new HnswIndex(Dimension, DistanceSpace.L2);
        index.AddRange(vectors, 7, numThreads: 1);
        var labels = new int[50];
        var distances = new float[50];

        int n = index.Search(vectors.AsSpan(0, Dimension), 50, 10, labels, distances);

        Assert.Equal(7, n);
        Assert.Equal(HnswTestData.BruteForce(DistanceSpace.L2, vectors, Dimension, vectors.AsSpan(0, Dimension), 50), labels[..n]);
        Assert.Equal(0, labels[0]);
        Assert.Equal(0f, distances[0]);
    }

    /// <summary>
    /// The neighbour heuristic's slack, on a node inserted after three others (M 2, so it picks two
    /// of three). Squared L2 from the node at the origin: c1 at 1, c2 at <paramref name="toSecond"/>,
    /// c3 at 9 on the far side, and c2 placed 1 from c1. hnswlib's rule drops c2 whenever c1 is
    /// closer to it than the node is; with a 5 % slack a near-tie (1.02) keeps c2, and a clear
    /// one (1.10) still drops it for c3, the link in another direction.
    /// </summary>
    [Theory]
    [InlineData(1.02f, 1)]
    [InlineData(1.10f, 2)]
    public void Neighbour_heuristic_keeps_a_near_tie_and_prunes_a_clear_one(float toSecond, int expectedSecondLink)
    {
        // c2 = (x, y) with x^2 + y^2 = toSecond and (1 - x)^2 + y^2 = 1, so x = toSecond / 2.
        float x = toSecond / 2f;
        var index = new HnswIndex(2, DistanceSpace.L2, maxNeighbors: 2, efConstruction: 10);
        index.Add([1f, 0f]);                                   // 0: c1
        index.Add([x, MathF.Sqrt(toSecond - (x * x))]);         // 1: c2
        index.Add([-3f, 0f]);                                  // 2: c3
        int node = index.Add([0f, 0f]);

        Assert.Equal([0, expectedSecondLink], index.Layer0Links(node).ToArray().Order());
    }

    [Fact]
    public void Add_returns_consecutive_labels_and_GetVector_is_bit_exact()
    {
        var index = new HnswIndex(3, DistanceSpace.Cosine, initialCapacity: 2);
        float[][] added = [[1e-30f, -0f, float.Epsilon], [3.14159274f, -2.5f, 1e20f], [0f, 0f, 0f], [0.1f, 0.2f, 0.3f]];
        for (int i = 0; i < added.Length; i++) Assert.Equal(i, index.Add(added[i]));

        Assert.Equal(added.Length, index.Count);
        for (int i = 0; i < added.Length; i++)
        {
            float[] stored = index.GetVector(i).ToArray();
            Assert.Equal(added[i].Select(BitConverter.SingleToInt32Bits), stored.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void Growth_past_several_chunks_keeps_vectors_and_search()
    {
        const int count = (2 * HnswIndex.ChunkSize) + 37;
        float[] vectors = HnswTestData.Clustered(count, 8, 10, seed: 2);
        var index = new HnswIndex(8, DistanceSpace.L2, initialCapacity: 1);
        for (int i = 0; i < count; i++) index.Add(vectors.AsSpan(i * 8, 8));

        var labels = new int[1];
        var distances = new float[1];
        for (int i = 0; i < count; i += 101)
        {
            Assert.True(index.GetVector(i).SequenceEqual(vectors.AsSpan(i * 8, 8)));
            Assert.Equal(1, index.Search(vectors.AsSpan(i * 8, 8), 1, 50, labels, distances));
            Assert.Equal(0f, distances[0]);
        }
    }

    [Fact]
    public void Deleted_labels_are_never_returned()
    {
        const int count = 2000;
        float[] vectors = HnswTestData.Clustered(count, Dimension, 10, seed: 3);
        var index = new HnswIndex(Dimension, DistanceSpace.L2);
        index.AddRange(vectors, count, numThreads: 1);
        for (int label = 0; label < count; label += 3) index.MarkDeleted(label);
        index.MarkDeleted(0); // twice: counted once

        Assert.Equal((count + 2) / 3, index.DeletedCount);
        Assert.True(index.IsDeleted(3));
        Assert.False(index.IsDeleted(4));
        var labels = new int[10];
        var distances = new float[10];
        for (int q = 0; q < count; q += 50)
        {
            ReadOnlySpan<float> query = vectors.AsSpan(q * Dimension, Dimension);
            int n = index.Search(query, 10, 50, labels, distances);
            Assert.Equal(10, n);
            Assert.All(labels, label => Assert.NotEqual(0, label % 3));
            int exact = index.SearchExact(query, 10, Enumerable.Range(0, count).ToArray(), labels, distances);
            Assert.Equal(10, exact);
            Assert.All(labels, label => Assert.NotEqual(0, label % 3));
        }
    }

    [Fact]
    public void Adding_after_deletes_links_new_vectors_into_the_graph()
    {
        float[] vectors = HnswTestData.Clustered(600, Dimension, 5, seed: 4);
        var index = new HnswIndex(Dimension, DistanceSpace.L2);
        index.AddRange(vectors.AsSpan(0, 300 * Dimension), 300, numThreads: 1);
        for (int label = 0; label < 300; label++) index.MarkDeleted(label);
        index.AddRange(vectors.AsSpan(300 * Dimension), 300, numThreads: 1);

        var labels = new int[1];
        var distances = new float[1];
        for (int i = 300; i < 600; i += 7)
        {
            Assert.Equal(1, index.Search(vectors.AsSpan(i * Dimension, Dimension), 1, 50, labels, distances));
            Assert.Equal(0f, distances[0]);
        }
    }

    [Fact]
    public void Selective_filter_with_SearchExact_equals_brute_force_on_the_subset()
    {
        const int count = 3000;
        const DistanceSpace space = DistanceSpace.Cosine;
        float[] vectors = HnswTestData.Clustered(count, Dimension, 20, seed: 5);
        var index = new HnswIndex(Dimension, space);
        index.AddRange(vectors, count, numThreads: 1);
        int[] allowed = Enumerable.Range(0, count).Where(i => i % 97 == 5).ToArray();
        var allowedSet = allowed.ToHashSet();

        var labels = new int[10];
        var distances = new float[10];
        for (int q = 0; q < 20; q++)
        {
            ReadOnlySpan<float> query = vectors.AsSpan(q * 131 * Dimension, Dimension);
            int n = index.SearchExact(query, 10, allowed, labels, distances);
            Assert.Equal(10, n);
            Assert.Equal(HnswTestData.BruteForce(space, vectors, Dimension, query, 10, allowedSet.Contains), labels);
            for (int i = 0; i < n; i++) Assert.Equal(index.Distance(query, labels[i]), distances[i]);
        }
    }

    [Fact]
    public void Selective_filter_through_the_graph_returns_only_allowed_labels()
    {
        const int count = 3000;
        float[] vectors = HnswTestData.Clustered(count, Dimension, 20, seed: 6);
        var index = new HnswIndex(Dimension, DistanceSpace.L2);
        index.AddRange(vectors, count, numThreads: 1);
        Func<int, bool> allowed = i => i % 97 == 5;
        ulong[] filter = HnswTestData.Bitset(count, allowed);

        var labels = new int[10];
        var distances = new float[10];
        int n = index.Search(vectors.AsSpan(0, Dimension), 10, 100, labels, distances, filter);

        Assert.Equal(10, n);
        Assert.All(labels, label => Assert.True(allowed(label)));
    }

    [Theory]
    [InlineData(0)]    // room for its own nodes only: the first add grows it
    [InlineData(1600)] // room for some of the adds
    [InlineData(2000)] // room for exactly the adds, as SegmentBuilder asks
    public void Clone_is_independent_of_its_original(int cloneCapacity)
    {
        const int count = 1500; // the clone shares the first full chunk and copies the partial one
        float[] vectors = HnswTestData.Clustered(count + 500, Dimension, 10, seed: 7);
        var original = new HnswIndex(Dimension, DistanceSpace.L2);
        original.AddRange(vectors.AsSpan(0, count * Dimension), count, numThreads: 1);
        float[] query = vectors.AsSpan((count + 10) * Dimension, Dimension).ToArray();
        var before = new int[10];
        var beforeDistances = new float[10];
        original.Search(query, 10, 100, before, beforeDistances);

        HnswIndex clone = original.Clone(cloneCapacity);
        clone.AddRange(vectors.AsSpan(count * Dimension), 500, numThreads: 1);
        clone.MarkDeleted(before[0]);

        var after = new int[10];
        var afterDistances = new float[10];
        original.Search(query, 10, 100, after, afterDistances);
        Assert.Equal(before, after);
        Assert.Equal(beforeDistances, afterDistances);
        Assert.False(original.IsDeleted(before[0]));
        Assert.Equal(count, original.Count);

        // Both may append past the shared prefix without seeing each other's rows.
        original.Add(vectors.AsSpan(0, Dimension));
        Assert.True(original.GetVector(count).SequenceEqual(vectors.AsSpan(0, Dimension)));
        Assert.Equal(count + 500, clone.Count);
        Assert.True(clone.GetVector(count).SequenceEqual(vectors.AsSpan(count * Dimension, Dimension)));
        clone.Search(query, 10, 100, after, afterDistances);
        Assert.Equal(0f, afterDistances[0]); // the query itself is among the vectors added to the clone
        Assert.DoesNotContain(before[0], after);
    }

    /// <summary>
    /// Past 1024 rows the query walk ranks candidates by 8-bit codes; the distances it returns
    /// must still be the exact ones, bit for bit, as Distance computes them.
    /// </summary>
    [Theory]
    [InlineData(DistanceSpace.L2)]
    [InlineData(DistanceSpace.Cosine)]
    [InlineData(DistanceSpace.InnerProduct)]
    public void Search_returns_exact_distances_in_order_past_the_code_threshold(DistanceSpace space)
    {
        const int count = 3000;
        float[] vectors = HnswTestData.Clustered(count + 20, Dimension, 10, seed: 12);
        var index = new HnswIndex(Dimension, space);
        index.AddRange(vectors.AsSpan(0, count * Dimension), count, numThreads: 1);
        var labels = new int[50];
        var distances = new float[50];
        for (int q = 0; q < 20; q++)
        {
            ReadOnlySpan<float> query = vectors.AsSpan((count + q) * Dimension, Dimension);
            int found = index.Search(query, 50, 100, labels, distances);
            Assert.Equal(50, found);
            for (int i = 0; i < found; i++)
            {
                Assert.Equal(index.Distance(query, labels[i]), distances[i]);
                if (i > 0) Assert.True(distances[i - 1] <= distances[i]);
            }
        }
    }

    /// <summary>
    /// Sign vectors of 1,536 dimensions put every code at its extreme, where 16-bit query codes
    /// would overflow the walk's 32-bit dot products; each stored vector must still find itself.
    /// </summary>
    [Fact]
    public void High_dimensional_sign_vectors_find_themselves()
    {
        const int dimension = 1536;
        const int count = 1100; // past the 1,024 rows at which the walk switches to codes
        var random = new Random(13);
        var vectors = new float[count * dimension];
        for (int i = 0; i < vectors.Length; i++) vectors[i] = random.Next(2) == 0 ? -1f : 1f;
        var index = new HnswIndex(dimension, DistanceSpace.Cosine);
        index.AddRange(vectors, count, numThreads: 1);
        var labels = new int[1];
        var distances = new float[1];
        for (int label = 0; label < count; label += 55)
        {
            Assert.Equal(1, index.Search(vectors.AsSpan(label * dimension, dimension), 1, 100, labels, distances));
            Assert.Equal(label, labels[0]);
            Assert.Equal(0f, distances[0], 5);
        }
    }

    [Fact]
    public void Concurrent_searches_agree_with_sequential_searches()
    {
        const int count = 2000;
        float[] vectors = HnswTestData.Clustered(count, Dimension, 10, seed: 8);
        var index = new HnswIndex(Dimension, DistanceSpace.InnerProduct);
        index.AddRange(vectors, count, numThreads: 1);
        var expected = new int[100][];
        for (int q = 0; q < 100; q++)
        {
            var labels = new int[5];
            index.Search(vectors.AsSpan(q * 17 * Dimension, Dimension), 5, 40, labels, new float[5]);
            expected[q] = labels;
        }

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            int q = i % 100;
            var labels = new int[5];
            index.Search(vectors.AsSpan(q * 17 * Dimension, Dimension), 5, 40, labels, new float[5]);
            Assert.Equal(expected[q], labels);
        });
    }

    [Fact]
    public void Wrong_dimension_is_rejected_with_InvalidArgument()
    {
        var index = new HnswIndex(Dimension, DistanceSpace.L2);
        var error = Assert.Throws<ChromaException>(() => index.Add(new float[Dimension + 1]));
        Assert.Equal(ChromaErrorCode.InvalidArgument, error.Code);
        Assert.Contains($"dimension of {Dimension}", error.Message);
        Assert.Throws<ChromaException>(() => index.Search(new float[3], 1, 10, new int[1], new float[1]));
        Assert.Throws<ChromaException>(() => index.AddRange(new float[Dimension * 2 + 1], 2, 1));
        Assert.Throws<ChromaException>(() => new HnswIndex(Dimension, DistanceSpace.L2, maxNeighbors: 1));
    }
}
