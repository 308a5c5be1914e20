using Chroma.Core.Compaction;
using Chroma.Core.Model;
using Chroma.Core.Segments;
using Chroma.Core.Storage;
using Chroma.Core.Storage.Codec;

namespace Chroma.Core.Tests.Engine;

public class SegmentFormatTests
{
    private static readonly Guid CollectionId = Guid.Parse("0b5ad0c2-3f5e-4d4b-9f55-6a1f0c1d2e3f");

    private static CollectionSegment TinySegment()
    {
        var changes = new Dictionary<string, TailChange>(StringComparer.Ordinal)
        {
            ["a"] = new(-1, new MaterializedRecord
            {
                Id = "a",
                Embedding = [1f, 0f],
                Document = "doc",
                Metadata = new Dictionary<string, MetadataValue>(StringComparer.Ordinal) { ["n"] = 1, ["f"] = 1.5 },
                Sequence = 1,
            }),
            ["b"] = new(-1, new MaterializedRecord { Id = "b", Embedding = [0f, 1f], Uri = "u", Sequence = 2 }),
        };
        return SegmentBuilder.Build(CollectionSegment.Empty(CollectionId), changes, 1, 2, 2, HnswConfiguration.Default with { NumThreads = 1 });
    }

    [Fact]
    public void RecordsFileBytesAreFrozen()
    {
        using var writer = new PooledBufferWriter();
        BlobSegmentStore.WriteRecords(writer, TinySegment());
        string hex = Convert.ToHexString(writer.WrittenSpan);
        // Changing these bytes breaks every stored index version: bump the format instead.
        Assert.Equal(GoldenRecordsHex, hex);
    }

    [Fact]
    public void CorruptedRecordsFileIsRejected()
    {
        using var writer = new PooledBufferWriter();
        CollectionSegment segment = TinySegment();
        BlobSegmentStore.WriteRecords(writer, segment);
        byte[] bytes = writer.WrittenSpan.ToArray();
        bytes[^10] ^= 0x40;
        var e = Assert.Throws<ChromaException>(() => BlobSegmentStore.ReadRecords(bytes, CollectionId, 1, segment.Index));
        Assert.Equal(ChromaErrorCode.DataLoss, e.Code);
        Assert.Contains("checksum", e.Message);

        bytes = writer.WrittenSpan.ToArray();
        bytes[4] = 9; // format version
        e = Assert.Throws<ChromaException>(() => BlobSegmentStore.ReadRecords(bytes, CollectionId, 1, segment.Index));
        Assert.Contains("format 9", e.Message);
    }

    [Fact]
    public async Task SavedVersionLoadsBackEqual()
    {
        using var dir = new TempDirectory();
        var store = new BlobSegmentStore(new FileBlobStore(dir.Path));
        CollectionSegment segment = TinySegment();
        await store.SaveAsync(segment);

        CollectionSegment loaded = await store.LoadAsync(CollectionId, 1);
        Assert.Equal(2, loaded.LiveCount);
        Assert.Equal(2, loaded.LogPosition);
        Assert.True(loaded.TryGetLabel("a", out int a));
        Assert.Equal("doc", loaded.DocumentOf(a));
        Assert.Equal(MetadataValueKind.Float, loaded.MetadataOf(a)!["f"].Kind);
        Assert.True(loaded.TryGetLabel("b", out int b));
        Assert.Equal("u", loaded.UriOf(b));
        Assert.Equal(new float[] { 0f, 1f }, loaded.Index!.GetVector(b).ToArray());

        await store.DeleteOlderVersionsAsync(CollectionId, 2);
        await Assert.ThrowsAsync<ChromaException>(() => store.LoadAsync(CollectionId, 1));
    }

    private const string GoldenRecordsHex =
        "4352525301000100C2D05A0B5E3F4B4D9F556A1F0C1D2E3F010000000000000002000000000000000200000000000000010100000000000000010000006103000000646F63FFFFFFFF02000000010000006E020100000000000000010000006603000000000000F83F0102000000000000000100000062FFFFFFFF0100000075FFFFFFFF900F6521";
}
