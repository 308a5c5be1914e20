using Chroma.Core.Model;
using Chroma.Core.Storage.Codec;

namespace Chroma.Core.Tests.Storage;

public sealed class CompactMetadataTests
{
    [Fact]
    public void Holds_every_entry_of_the_map_in_its_order()
    {
        var source = new Dictionary<string, MetadataValue>(StringComparer.Ordinal)
        {
            ["zeta"] = MetadataValue.FromString("last key first"),
            ["alpha"] = MetadataValue.FromInt(7),
            ["mid"] = MetadataValue.FromFloats([0.5, 1.5]),
        };

        CompactMetadata compact = CompactMetadata.From(source);

        Assert.Equal(3, compact.Count);
        Assert.Equal(["zeta", "alpha", "mid"], compact.Keys);
        Assert.Equal(source.ToList(), compact.ToList());
        Assert.Equal(source.Values, compact.Values);
        Assert.True(compact.TryGetValue("alpha", out MetadataValue alpha));
        Assert.Equal(7, alpha.AsInt);
        Assert.Equal("last key first", compact["zeta"].AsString);
        Assert.True(compact.ContainsKey("mid"));
        Assert.False(compact.ContainsKey("Alpha"));
        Assert.False(compact.TryGetValue("missing", out _));
        Assert.Throws<KeyNotFoundException>(() => compact["missing"]);
    }

    [Fact]
    public void Maps_with_the_same_keys_in_the_same_order_share_one_shape()
    {
        // Keys built at run time: equal strings, distinct objects, as two requests would parse them.
        CompactMetadata first = CompactMetadata.From(Map(new string('k', 3), 1, "other" + 1, 2));
        CompactMetadata second = CompactMetadata.From(Map("kkk", 10, "other1", 20));
        CompactMetadata reordered = CompactMetadata.From(Map("other1", 20, "kkk", 10));

        Assert.Same(first.Shape, second.Shape);
        Assert.NotSame(first.Shape, reordered.Shape);
        Assert.Equal(10, second["kkk"].AsInt);
        Assert.Equal(10, reordered["kkk"].AsInt);
        Assert.Equal(["other1", "kkk"], reordered.Keys);
    }

    [Fact]
    public void Looks_up_every_key_of_a_wide_map()
    {
        // Past eight keys a shape looks keys up in a dictionary instead of comparing them in order.
        var source = new Dictionary<string, MetadataValue>(StringComparer.Ordinal);
        for (int i = 0; i < 40; i++) source[$"key{i}"] = MetadataValue.FromInt(i);

        CompactMetadata compact = CompactMetadata.From(source);

        for (int i = 0; i < 40; i++) Assert.Equal(i, compact[$"key{i}"].AsInt);
        Assert.False(compact.ContainsKey("key40"));
        Assert.Equal(source.Keys, compact.Keys);
    }

    [Fact]
    public void Null_stays_null_an_empty_map_stays_empty_and_a_compact_map_is_kept()
    {
        Assert.Null(CompactMetadata.From(null));
        CompactMetadata empty = CompactMetadata.From(new Dictionary<string, MetadataValue>());
        Assert.Empty(empty);
        CompactMetadata compact = CompactMetadata.From(Map("a", 1, "b", 2));
        Assert.Same(compact, CompactMetadata.From(compact));
    }

    [Fact]
    public void Encodes_to_the_same_bytes_as_the_dictionary_it_came_from()
    {
        Dictionary<string, MetadataValue> source = SampleBatches.EveryKind().Metadatas![0]!;
        using var fromDictionary = new PooledBufferWriter();
        using var fromCompact = new PooledBufferWriter();

        RecordCodec.WriteMetadata(fromDictionary, source);
        RecordCodec.WriteMetadata(fromCompact, CompactMetadata.From(source));

        Assert.Equal(fromDictionary.WrittenSpan.ToArray(), fromCompact.WrittenSpan.ToArray());
        var reader = new SpanReader(fromCompact.WrittenSpan);
        CompactMetadata? decoded = RecordCodec.ReadCompactMetadata(ref reader);
        Assert.NotNull(decoded);
        Assert.Equal(source.Keys, decoded.Keys);
        Assert.Equal(source.Values, decoded.Values);
    }

    [Fact]
    public void A_stored_map_that_repeats_a_key_is_reported_as_data_loss()
    {
        using var writer = new PooledBufferWriter();
        RecordCodec.WriteInt32(writer, 2);
        foreach (int value in new[] { 1, 2 })
        {
            RecordCodec.WriteString(writer, "same");
            RecordCodec.WriteMetadataValue(writer, MetadataValue.FromInt(value));
        }

        var error = Assert.Throws<ChromaException>(() =>
        {
            var reader = new SpanReader(writer.WrittenSpan);
            RecordCodec.ReadCompactMetadata(ref reader);
        });
        Assert.Equal(ChromaErrorCode.DataLoss, error.Code);
        Assert.Contains("same", error.Message);
    }

    private static Dictionary<string, MetadataValue> Map(string key1, long value1, string key2, long value2) =>
        new(StringComparer.Ordinal) { [key1] = MetadataValue.FromInt(value1), [key2] = MetadataValue.FromInt(value2) };
}
