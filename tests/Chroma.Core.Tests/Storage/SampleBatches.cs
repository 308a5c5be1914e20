using Chroma.Core.Model;

namespace Chroma.Core.Tests.Storage;

/// <summary>Batches shared by the codec and log tests, and a structural comparison.</summary>
internal static class SampleBatches
{
    /// <summary>Two records covering every column, null elements and every metadata kind. Frozen by golden tests: do not edit.</summary>
    public static RecordBatch EveryKind() => new(
        ids: ["a", "b"],
        embeddings: [[1.0f, -2.5f], null],
        documents: ["doc", null],
        uris: [null, "u"],
        metadatas:
        [
            new Dictionary<string, MetadataValue>
            {
                ["s"] = MetadataValue.FromString("x"),
                ["i"] = MetadataValue.FromInt(-1),
                ["f"] = MetadataValue.FromFloat(0.5),
                ["b"] = MetadataValue.FromBool(true),
                ["sa"] = MetadataValue.FromStrings(["p"]),
                ["ia"] = MetadataValue.FromInts([2]),
                ["fa"] = MetadataValue.FromFloats([1.5]),
                ["ba"] = MetadataValue.FromBools([false, true]),
                ["sv"] = MetadataValue.FromSparseVector(new SparseVector([3], [0.25f], ["t"])),
                ["n"] = MetadataValue.Null,
            },
            null,
        ]);

    public static RecordBatch Simple(string prefix, int count, int dimension = 3)
    {
        var ids = new string[count];
        var embeddings = new float[]?[count];
        var documents = new string?[count];
        var metadatas = new Dictionary<string, MetadataValue>?[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = $"{prefix}-{i}";
            var vector = new float[dimension];
            for (int d = 0; d < dimension; d++) vector[d] = i + d / 10f;
            embeddings[i] = vector;
            documents[i] = $"document {prefix} {i}";
            metadatas[i] = new Dictionary<string, MetadataValue> { ["i"] = MetadataValue.FromInt(i), ["p"] = MetadataValue.FromString(prefix) };
        }

        return new RecordBatch(ids, embeddings, documents, metadatas: metadatas);
    }

    public static void AssertEqual(RecordBatch expected, RecordBatch actual)
    {
        Assert.Equal(expected.Ids, actual.Ids);
        AssertColumn(expected.Embeddings, actual.Embeddings, static (e, a) => AssertBitwise(e, a));
        AssertColumn(expected.Documents, actual.Documents, static (e, a) => Assert.Equal(e, a));
        AssertColumn(expected.Uris, actual.Uris, static (e, a) => Assert.Equal(e, a));
        AssertColumn(expected.Metadatas, actual.Metadatas, static (e, a) => AssertMetadata(e, a));
    }

    public static void AssertMetadata(Dictionary<string, MetadataValue>? expected, Dictionary<string, MetadataValue>? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.Equal(expected.Count, actual.Count);
        foreach ((string key, MetadataValue value) in expected)
        {
            Assert.True(actual.TryGetValue(key, out MetadataValue other), $"missing key {key}");
            Assert.Equal(value.Kind, other.Kind);
            Assert.Equal(value, other);
        }
    }

    private static void AssertBitwise(float[]? expected, float[]? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(actual[i]));
    }

    private static void AssertColumn<T>(T[]? expected, T[]? actual, Action<T, T> assertElement)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) assertElement(expected[i], actual[i]);
    }
}
