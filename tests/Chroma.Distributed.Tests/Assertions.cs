using Chroma.Core.Model;

namespace Chroma.Distributed.Tests;

/// <summary>Deep comparisons of engine model types (bit-exact for floats), and same-error checks.</summary>
internal static class Assertions
{
    public static async Task<ChromaException> SameErrorAsync(Func<ValueTask> direct, Func<ValueTask> remote)
    {
        ChromaException expected = await Assert.ThrowsAsync<ChromaException>(async () => await direct());
        ChromaException actual = await Assert.ThrowsAsync<ChromaException>(async () => await remote());
        Assert.Equal(expected.Code, actual.Code);
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal(expected.ErrorName, actual.ErrorName);
        return actual;
    }

    public static void Equal(CollectionInfo expected, CollectionInfo actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Tenant, actual.Tenant);
        Assert.Equal(expected.Database, actual.Database);
        Assert.Equal(expected.Dimension, actual.Dimension);
        Equal(expected.Metadata, actual.Metadata);
        Assert.Equal(expected.Configuration, actual.Configuration);
        Assert.Equal(expected.SchemaJson, actual.SchemaJson);
        Assert.Equal(expected.LogPosition, actual.LogPosition);
        Assert.Equal(expected.Version, actual.Version);
    }

    public static void Equal(IReadOnlyList<CollectionInfo> expected, IReadOnlyList<CollectionInfo> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++) Equal(expected[i], actual[i]);
    }

    /// <summary>
    /// Same keys, same kinds, same values (floats by bits). Key order is not compared: the
    /// catalog itself echoes a create in request order and reads back in key order.
    /// </summary>
    public static void Equal(IReadOnlyDictionary<string, MetadataValue>? expected, IReadOnlyDictionary<string, MetadataValue>? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.Equal(expected.Count, actual.Count);
        foreach (KeyValuePair<string, MetadataValue> pair in expected)
        {
            MetadataValue other = actual[pair.Key];
            Assert.Equal(pair.Value.Kind, other.Kind);
            Assert.Equal(pair.Value, other);
            if (pair.Value.Kind == MetadataValueKind.Float)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(pair.Value.AsFloat), BitConverter.DoubleToInt64Bits(other.AsFloat));
            }
        }
    }

    public static void Equal(RecordBatch expected, RecordBatch actual)
    {
        Assert.Equal(expected.Ids, actual.Ids);
        EqualEmbeddings(expected.Embeddings, actual.Embeddings);
        Assert.Equal(expected.Documents, actual.Documents);
        Assert.Equal(expected.Uris, actual.Uris);
        EqualMetadatas(expected.Metadatas, actual.Metadatas);
    }

    public static void Equal(GetResult expected, GetResult actual)
    {
        Assert.Equal(expected.Ids, actual.Ids);
        EqualEmbeddings(expected.Embeddings, actual.Embeddings);
        Assert.Equal(expected.Documents, actual.Documents);
        Assert.Equal(expected.Uris, actual.Uris);
        EqualMetadatas(expected.Metadatas, actual.Metadatas);
    }

    public static void Equal(QueryResult expected, QueryResult actual)
    {
        Assert.Equal(expected.Results.Length, actual.Results.Length);
        for (int i = 0; i < expected.Results.Length; i++) Equal(expected.Results[i], actual.Results[i]);
        if (expected.Distances is null)
        {
            Assert.Null(actual.Distances);
            return;
        }

        Assert.NotNull(actual.Distances);
        Assert.Equal(expected.Distances.Length, actual.Distances.Length);
        for (int i = 0; i < expected.Distances.Length; i++) BitEqual(expected.Distances[i], actual.Distances[i]);
    }

    public static void EqualEmbeddings(float[]?[]? expected, float[]?[]? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] is null) Assert.Null(actual[i]);
            else BitEqual(expected[i]!, actual[i]!);
        }
    }

    public static void BitEqual(float[] expected, float[] actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(actual[i]));
        }
    }

    private static void EqualMetadatas(IReadOnlyDictionary<string, MetadataValue>?[]? expected, IReadOnlyDictionary<string, MetadataValue>?[]? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Equal(expected[i], actual[i]);
    }
}
