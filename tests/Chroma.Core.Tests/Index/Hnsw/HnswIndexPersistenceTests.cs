using Chroma.Core.Index.Hnsw;
using Chroma.Core.Model;

namespace Chroma.Core.Tests.Index.Hnsw;

public class HnswIndexPersistenceTests
{
    // Frozen bytes of GoldenIndex(): a change here is a file-format change and needs a new
    // format version (and a reader for the old one), not a new constant.
    private const string GoldenHex =
        "484E53570100000003000000020000000A0000000500000001000000040000000400000000000000936C747C9F601517" +
        "000000000000000000000000781171273C000000000000000000803F0000000000000000000000000000803F00000000" +
        "00000000000000000000803F0000803F0000803F0000803F000080BF0000003F000000400BBC6B8B0500000000000000" +
        "0002010104F9A09F73640000000000000003000000010000000200000003000000000000000300000000000000020000" +
        "000300000000000000030000000100000000000000040000000000000002000000010000000000000000000000000000" +
        "000100000002000000000000000000000000000000DEE204916000000000000000020000000200000003000000010000" +
        "000400000000000000020000000100000003000000020000000100000002000000010000000200000000000000010000" +
        "000100000000000000000000000000000000000000000000000000000000000000B9D28B080800000000000000040000" +
        "000000000093D168E1";

    [Theory]
    [InlineData(DistanceSpace.L2)]
    [InlineData(DistanceSpace.Cosine)]
    [InlineData(DistanceSpace.InnerProduct)]
    public void Save_then_Load_gives_identical_search_results(DistanceSpace space)
    {
        const int dimension = 24;
        const int count = 1500;
        float[] vectors = HnswTestData.Clustered(count + 20, dimension, 12, seed: 11);
        var index = new HnswIndex(dimension, space, maxNeighbors: 8, efConstruction: 60);
        index.AddRange(vectors.AsSpan(0, count * dimension), count, numThreads: 1);
        for (int label = 0; label < count; label += 13) index.MarkDeleted(label);

        HnswIndex loaded = RoundTrip(index);

        Assert.Equal(index.Count, loaded.Count);
        Assert.Equal(index.DeletedCount, loaded.DeletedCount);
        Assert.Equal(index.Space, loaded.Space);
        Assert.Equal(index.MaxNeighbors, loaded.MaxNeighbors);
        Assert.Equal(index.EfConstruction, loaded.EfConstruction);
        Assert.Equal(index.Dimension, loaded.Dimension);
        for (int label = 0; label < count; label++)
        {
            Assert.True(index.GetVector(label).SequenceEqual(loaded.GetVector(label)));
            Assert.Equal(index.IsDeleted(label), loaded.IsDeleted(label));
        }
        for (int q = 0; q < 20; q++)
        {
            ReadOnlySpan<float> query = vectors.AsSpan((count + q) * dimension, dimension);
            AssertSameResults(index, loaded, query);
        }

        // The level RNG state travels with the file: both keep growing identically.
        index.AddRange(vectors.AsSpan(count * dimension), 20, numThreads: 1);
        loaded.AddRange(vectors.AsSpan(count * dimension), 20, numThreads: 1);
        AssertSameResults(index, loaded, vectors.AsSpan(5 * dimension, dimension));
        Assert.Equal(Save(index), Save(loaded));
    }

    [Fact]
    public void Empty_index_round_trips()
    {
        HnswIndex loaded = RoundTrip(new HnswIndex(5, DistanceSpace.Cosine));
        Assert.Equal(0, loaded.Count);
        Assert.Equal(0, loaded.Search(new float[5], 3, 10, new int[3], new float[3]));
        Assert.Equal(0, loaded.Add(new float[] { 1, 2, 3, 4, 5 }));
    }

    [Fact]
    public void Golden_bytes_of_a_tiny_index_are_frozen()
    {
        byte[] bytes = Save(GoldenIndex());
        Assert.Equal(GoldenHex, Convert.ToHexString(bytes));

        HnswIndex loaded = HnswIndex.Load(new MemoryStream(Convert.FromHexString(GoldenHex)));
        Assert.Equal(5, loaded.Count);
        Assert.True(loaded.IsDeleted(2));
        Assert.True(loaded.GetVector(4).SequenceEqual([-1f, 0.5f, 2f]));
    }

    [Fact]
    public void Bad_magic_is_rejected_as_data_loss()
    {
        byte[] bytes = Save(GoldenIndex());
        bytes[0] ^= 0xFF;
        AssertDataLoss(bytes, "magic");
    }

    [Fact]
    public void Unknown_format_version_is_rejected_as_data_loss()
    {
        byte[] bytes = Save(GoldenIndex());
        bytes[4] = 99;
        AssertDataLoss(bytes, "version 99");
    }

    [Fact]
    public void Corrupted_header_is_rejected_as_data_loss()
    {
        byte[] bytes = Save(GoldenIndex());
        bytes[20] ^= 0x01; // count
        AssertDataLoss(bytes, "header checksum");
    }

    [Fact]
    public void Corrupted_section_is_rejected_as_data_loss()
    {
        byte[] bytes = Save(GoldenIndex());
        bytes[64 + 8 + 4] ^= 0x40; // inside the first vector
        AssertDataLoss(bytes, "vectors section checksum");
    }

    [Fact]
    public void Truncated_file_is_rejected_as_data_loss()
    {
        byte[] bytes = Save(GoldenIndex());
        AssertDataLoss(bytes[..^3], "truncated");
        AssertDataLoss(bytes[..10], "truncated");
    }

    [Fact]
    public void Save_writes_in_bounded_blocks()
    {
        // 3,000 nodes: the layer-0 links alone are 3000 * 33 * 4 bytes, far over one block. A stream
        // over a pipe allocates a segment as large as each write, so no write may be that large.
        const int dimension = 8;
        float[] vectors = HnswTestData.Clustered(3000, dimension, 8, seed: 5);
        var index = new HnswIndex(dimension, DistanceSpace.L2);
        for (int i = 0; i < 3000; i++) index.Add(vectors.AsSpan(i * dimension, dimension));
        var stream = new WriteSizeRecordingStream();

        index.Save(stream);

        Assert.True(stream.Length > 3000 * 33 * 4);
        Assert.InRange(stream.LargestWrite, 1, 64 * 1024);
        Assert.Equal(Save(index), stream.ToArray());
    }

    private sealed class WriteSizeRecordingStream : MemoryStream
    {
        public int LargestWrite { get; private set; }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            base.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            LargestWrite = Math.Max(LargestWrite, count);
            base.Write(buffer, offset, count);
        }
    }

    private static HnswIndex GoldenIndex()
    {
        var index = new HnswIndex(3, DistanceSpace.L2, maxNeighbors: 2, efConstruction: 10, initialCapacity: 4, seed: 42);
        index.Add([1f, 0f, 0f]);
        index.Add([0f, 1f, 0f]);
        index.Add([0f, 0f, 1f]);
        index.Add([1f, 1f, 1f]);
        index.Add([-1f, 0.5f, 2f]);
        index.MarkDeleted(2);
        return index;
    }

    private static void AssertSameResults(HnswIndex expected, HnswIndex actual, ReadOnlySpan<float> query)
    {
        var labelsA = new int[10];
        var distancesA = new float[10];
        var labelsB = new int[10];
        var distancesB = new float[10];
        int a = expected.Search(query, 10, 50, labelsA, distancesA);
        int b = actual.Search(query, 10, 50, labelsB, distancesB);
        Assert.Equal(a, b);
        Assert.Equal(labelsA, labelsB);
        Assert.Equal(distancesA, distancesB);
    }

    private static void AssertDataLoss(byte[] bytes, string expectedMessagePart)
    {
        var error = Assert.Throws<ChromaException>(() => HnswIndex.Load(new MemoryStream(bytes)));
        Assert.Equal(ChromaErrorCode.DataLoss, error.Code);
        Assert.Contains(expectedMessagePart, error.Message);
    }

    private static byte[] Save(HnswIndex index)
    {
        using var stream = new MemoryStream();
        index.Save(stream);
        return stream.ToArray();
    }

    private static HnswIndex RoundTrip(HnswIndex index)
    {
        using var stream = new MemoryStream(Save(index));
        return HnswIndex.Load(stream);
    }
}
