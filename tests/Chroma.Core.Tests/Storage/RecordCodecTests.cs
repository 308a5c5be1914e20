using Chroma.Core.Model;
using Chroma.Core.Storage.Codec;

namespace Chroma.Core.Tests.Storage;

public sealed class RecordCodecTests
{
    // Frozen encoding of SampleBatches.EveryKind() as an upsert. If this changes, persisted logs
    // and index files written by earlier builds become unreadable: bump the container format instead.
    private const string EveryKindGoldenHex =
        "03020000000f01000000610100000062020000000000803f000020c0ffffffff" +
        "03000000646f63ffffffffffffffff01000000750a0000000100000073010100" +
        "000078010000006902ffffffffffffffff010000006603000000000000e03f01" +
        "0000006204010200000073610501000000010000007002000000696106010000" +
        "0002000000000000000200000066610701000000000000000000f83f02000000" +
        "626108020000000001020000007376090100000003000000010000000000803e" +
        "010000000100000074010000006e00ffffffff";

    [Fact]
    public void Every_field_and_metadata_kind_round_trips()
    {
        RecordBatch batch = SampleBatches.EveryKind();
        using var writer = new PooledBufferWriter();
        RecordCodec.WriteBatch(writer, OperationKind.Upsert, batch);

        RecordBatch decoded = RecordCodec.ReadBatch(writer.WrittenSpan, out OperationKind operation);

        Assert.Equal(OperationKind.Upsert, operation);
        SampleBatches.AssertEqual(batch, decoded);
        Assert.Equal(MetadataValueKind.Null, decoded.Metadatas![0]!["n"].Kind);
        Assert.Equal(["t"], decoded.Metadatas[0]!["sv"].AsSparseVector.Tokens!);
    }

    [Fact]
    public void Encoding_matches_the_golden_bytes()
    {
        using var writer = new PooledBufferWriter();
        RecordCodec.WriteBatch(writer, OperationKind.Upsert, SampleBatches.EveryKind());

        Assert.Equal(EveryKindGoldenHex, Convert.ToHexStringLower(writer.WrittenSpan));
    }

    [Fact]
    public void Absent_columns_stay_absent_and_delete_carries_only_ids()
    {
        var batch = new RecordBatch(["x", "y", "z"]);
        using var writer = new PooledBufferWriter();
        RecordCodec.WriteBatch(writer, OperationKind.Delete, batch);

        RecordBatch decoded = RecordCodec.ReadBatch(writer.WrittenSpan, out OperationKind operation);

        Assert.Equal(OperationKind.Delete, operation);
        Assert.Equal(["x", "y", "z"], decoded.Ids);
        Assert.Null(decoded.Embeddings);
        Assert.Null(decoded.Documents);
        Assert.Null(decoded.Uris);
        Assert.Null(decoded.Metadatas);
    }

    [Fact]
    public void Special_values_survive_bit_for_bit()
    {
        var metadata = new Dictionary<string, MetadataValue>
        {
            ["nan"] = MetadataValue.FromFloat(double.NaN),
            ["negzero"] = MetadataValue.FromFloat(-0.0),
            ["max"] = MetadataValue.FromInt(long.MinValue),
            ["emoji 🚀"] = MetadataValue.FromString("héllo 世界 🚀"),
            ["empty"] = MetadataValue.FromString(string.Empty),
            ["sv"] = MetadataValue.FromSparseVector(new SparseVector([0, uint.MaxValue], [float.Epsilon, -1f], null)),
        };
        var batch = new RecordBatch(
            ["", "🙂"],
            embeddings: [[float.NaN, -0.0f, float.PositiveInfinity], []],
            documents: [string.Empty, "ü"],
            metadatas: [metadata, []]);
        using var writer = new PooledBufferWriter();
        RecordCodec.WriteBatch(writer, OperationKind.Add, batch);

        RecordBatch decoded = RecordCodec.ReadBatch(writer.WrittenSpan, out _);

        SampleBatches.AssertEqual(batch, decoded);
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(decoded.Metadatas![0]!["negzero"].AsFloat));
        Assert.Null(decoded.Metadatas[0]!["sv"].AsSparseVector.Tokens!);
        Assert.NotNull(decoded.Metadatas[1]);
        Assert.Empty(decoded.Metadatas[1]!);
    }

    [Fact]
    public void Every_truncation_is_reported_as_data_loss()
    {
        using var writer = new PooledBufferWriter();
        RecordCodec.WriteBatch(writer, OperationKind.Update, SampleBatches.EveryKind());
        byte[] bytes = writer.WrittenSpan.ToArray();

        for (int length = 0; length < bytes.Length; length++)
        {
            var ex = Assert.Throws<ChromaException>(() => RecordCodec.ReadBatch(bytes.AsSpan(0, length), out _));
            Assert.Equal(ChromaErrorCode.DataLoss, ex.Code);
        }
    }

    [Fact]
    public void Trailing_bytes_are_rejected()
    {
        using var writer = new PooledBufferWriter();
        RecordCodec.WriteBatch(writer, OperationKind.Add, new RecordBatch(["a"]));
        writer.Write([0]);

        var ex = Assert.Throws<ChromaException>(() => RecordCodec.ReadBatch(writer.WrittenSpan, out _));
        Assert.Equal(ChromaErrorCode.DataLoss, ex.Code);
    }

    [Theory]
    [InlineData(0)]   // operation byte
    [InlineData(5)]   // column flags
    public void Unknown_tags_are_rejected(int position)
    {
        using var writer = new PooledBufferWriter();
        RecordCodec.WriteBatch(writer, OperationKind.Add, new RecordBatch(["a"]));
        byte[] bytes = writer.WrittenSpan.ToArray();
        bytes[position] = 0xEE;

        var ex = Assert.Throws<ChromaException>(() => RecordCodec.ReadBatch(bytes, out _));
        Assert.Equal(ChromaErrorCode.DataLoss, ex.Code);
    }

    [Fact]
    public void Unknown_metadata_kind_is_rejected()
    {
        using var writer = new PooledBufferWriter();
        RecordCodec.WriteMetadata(writer, new Dictionary<string, MetadataValue> { ["k"] = MetadataValue.FromInt(1) });
        byte[] bytes = writer.WrittenSpan.ToArray();
        bytes[4 + 4 + 1] = 42; // count, key length, key "k", then the kind byte

        var ex = Assert.Throws<ChromaException>(() => ReadMetadata(bytes));
        Assert.Equal(ChromaErrorCode.DataLoss, ex.Code);
    }

    [Fact]
    public void A_corrupt_count_fails_without_allocating_it()
    {
        // op=Add, count=0x7fffffff, no columns: the count cannot fit in the 0 bytes that follow.
        byte[] bytes = [1, 0xFF, 0xFF, 0xFF, 0x7F, 0];

        var ex = Assert.Throws<ChromaException>(() => RecordCodec.ReadBatch(bytes, out _));
        Assert.Equal(ChromaErrorCode.DataLoss, ex.Code);
    }

    [Fact]
    public void Metadata_map_round_trips_and_null_differs_from_empty()
    {
        using var writer = new PooledBufferWriter();
        RecordCodec.WriteMetadata(writer, null);
        RecordCodec.WriteMetadata(writer, new Dictionary<string, MetadataValue>());
        RecordCodec.WriteMetadata(writer, SampleBatches.EveryKind().Metadatas![0]);
        byte[] bytes = writer.WrittenSpan.ToArray();

        var reader = new SpanReader(bytes);
        Assert.Null(RecordCodec.ReadMetadata(ref reader));
        Dictionary<string, MetadataValue>? empty = RecordCodec.ReadMetadata(ref reader);
        Dictionary<string, MetadataValue>? full = RecordCodec.ReadMetadata(ref reader);

        Assert.NotNull(empty);
        Assert.Empty(empty);
        SampleBatches.AssertMetadata(SampleBatches.EveryKind().Metadatas![0], full);
        Assert.True(reader.IsEnd);
    }

    [Fact]
    public void Mismatched_column_lengths_are_an_invalid_argument()
    {
        var batch = new RecordBatch(["a", "b"], documents: ["only one"]);
        using var writer = new PooledBufferWriter();

        var ex = Assert.Throws<ChromaException>(() => RecordCodec.WriteBatch(writer, OperationKind.Add, batch));
        Assert.Equal(ChromaErrorCode.InvalidArgument, ex.Code);
        Assert.Contains("documents", ex.Message);
    }

    [Fact]
    public void String_helpers_round_trip_null_and_text()
    {
        using var writer = new PooledBufferWriter();
        RecordCodec.WriteString(writer, "abc");
        RecordCodec.WriteNullableString(writer, null);
        RecordCodec.WriteNullableString(writer, "ж");

        var reader = new SpanReader(writer.WrittenSpan);
        Assert.Equal("abc", reader.ReadString());
        Assert.Null(reader.ReadNullableString());
        Assert.Equal("ж", reader.ReadNullableString());
        Assert.True(reader.IsEnd);
    }

    [Fact]
    public void Buffer_writer_grows_and_keeps_every_byte()
    {
        using var writer = new PooledBufferWriter(1);
        for (int i = 0; i < 100_000; i++) RecordCodec.WriteInt32(writer, i);

        Assert.Equal(400_000, writer.WrittenCount);
        var reader = new SpanReader(writer.WrittenSpan);
        for (int i = 0; i < 100_000; i++) Assert.Equal(i, reader.ReadInt32());

        writer.Clear();
        Assert.Equal(0, writer.WrittenCount);
    }

    [Fact]
    public void Strings_kept_as_utf8_read_back_byte_for_byte_and_refuse_malformed_bytes()
    {
        using var writer = new PooledBufferWriter();
        RecordCodec.WriteNullableString(writer, "café 😀");
        RecordCodec.WriteNullableUtf8(writer, null);
        RecordCodec.WriteNullableUtf8(writer, System.Text.Encoding.UTF8.GetBytes("naïve"));
        byte[] written = writer.WrittenSpan.ToArray();

        var reader = new SpanReader(written);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes("café 😀"), reader.ReadNullableUtf8());
        Assert.Null(reader.ReadNullableString());
        Assert.Equal("naïve", reader.ReadNullableString());

        written[5] = 0xFF; // inside "café": never valid in UTF-8
        var error = Assert.Throws<ChromaException>(() =>
        {
            var damaged = new SpanReader(written);
            damaged.ReadNullableUtf8();
        });
        Assert.Equal(ChromaErrorCode.DataLoss, error.Code);
    }

    private static Dictionary<string, MetadataValue>? ReadMetadata(byte[] bytes)
    {
        var reader = new SpanReader(bytes);
        return RecordCodec.ReadMetadata(ref reader);
    }
}
