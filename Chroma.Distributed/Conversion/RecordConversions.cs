using Chroma.Core.Model;
using Google.Protobuf.Collections;
using P = Chroma.Distributed.Protos;

namespace Chroma.Distributed.Conversion;

/// <summary>
/// Columnar records (a write's <see cref="RecordBatch"/>, a read's <see cref="GetResult"/>),
/// proto &lt;-&gt; engine. Both keep the engine's null semantics exactly: a column that was
/// not sent (has_* false) stays null, and a null element inside a present column stays null,
/// because update/upsert read "null" as "keep the old value".
/// </summary>
public static class RecordConversions
{
    public static P.RecordBatch ToProto(RecordBatch batch)
    {
        var proto = new P.RecordBatch();
        proto.Ids.Add(batch.Ids);
        proto.HasEmbeddings = WriteEmbeddings(batch.Embeddings, proto.Embeddings);
        proto.HasDocuments = WriteStrings(batch.Documents, proto.Documents);
        proto.HasUris = WriteStrings(batch.Uris, proto.Uris);
        proto.HasMetadatas = WriteMetadatas(batch.Metadatas, proto.Metadatas);
        return proto;
    }

    public static RecordBatch FromProto(P.RecordBatch proto)
    {
        string[] ids = [.. proto.Ids];
        return new RecordBatch(
            ids,
            ReadEmbeddings(proto.HasEmbeddings, proto.Embeddings, ids.Length, "embeddings"),
            ReadStrings(proto.HasDocuments, proto.Documents, ids.Length, "documents"),
            ReadStrings(proto.HasUris, proto.Uris, ids.Length, "uris"),
            ReadMetadatas(proto.HasMetadatas, proto.Metadatas, ids.Length, "metadatas"));
    }

    public static P.GetResult ToProto(GetResult result)
    {
        var proto = new P.GetResult();
        proto.Ids.Add(result.Ids);
        proto.HasEmbeddings = WriteEmbeddings(result.Embeddings, proto.Embeddings);
        proto.HasDocuments = WriteStrings(result.Documents, proto.Documents);
        proto.HasUris = WriteStrings(result.Uris, proto.Uris);
        proto.HasMetadatas = WriteMetadatas(result.Metadatas, proto.Metadatas);
        return proto;
    }

    public static GetResult FromProto(P.GetResult proto)
    {
        string[] ids = [.. proto.Ids];
        return new GetResult
        {
            Ids = ids,
            Embeddings = ReadEmbeddings(proto.HasEmbeddings, proto.Embeddings, ids.Length, "embeddings"),
            Documents = ReadStrings(proto.HasDocuments, proto.Documents, ids.Length, "documents"),
            Uris = ReadStrings(proto.HasUris, proto.Uris, ids.Length, "uris"),
            Metadatas = ReadMetadatas(proto.HasMetadatas, proto.Metadatas, ids.Length, "metadatas"),
        };
    }

    private static bool WriteEmbeddings(float[]?[]? column, RepeatedField<P.OptionalEmbedding> target)
    {
        if (column is null) return false;
        for (int i = 0; i < column.Length; i++)
        {
            var element = new P.OptionalEmbedding();
            if (column[i] is { } vector) element.Data = EmbeddingConversions.ToBytes(vector);
            target.Add(element);
        }

        return true;
    }

    private static bool WriteStrings(string?[]? column, RepeatedField<P.OptionalString> target)
    {
        if (column is null) return false;
        for (int i = 0; i < column.Length; i++)
        {
            var element = new P.OptionalString();
            if (column[i] is { } text) element.Value = text;
            target.Add(element);
        }

        return true;
    }

    private static bool WriteMetadatas(IReadOnlyDictionary<string, MetadataValue>?[]? column, RepeatedField<P.OptionalMetadata> target)
    {
        if (column is null) return false;
        for (int i = 0; i < column.Length; i++)
        {
            target.Add(new P.OptionalMetadata { Value = MetadataConversions.ToProtoOrNull(column[i]) });
        }

        return true;
    }

    private static float[]?[]? ReadEmbeddings(bool present, RepeatedField<P.OptionalEmbedding> source, int count, string column)
    {
        if (!present) return null;
        CheckLength(source.Count, count, column);
        var values = new float[]?[count];
        for (int i = 0; i < count; i++)
        {
            P.OptionalEmbedding element = source[i];
            values[i] = element.HasData ? EmbeddingConversions.FromBytes(element.Data) : null;
        }

        return values;
    }

    private static string?[]? ReadStrings(bool present, RepeatedField<P.OptionalString> source, int count, string column)
    {
        if (!present) return null;
        CheckLength(source.Count, count, column);
        var values = new string?[count];
        for (int i = 0; i < count; i++)
        {
            P.OptionalString element = source[i];
            values[i] = element.HasValue ? element.Value : null;
        }

        return values;
    }

    private static Dictionary<string, MetadataValue>?[]? ReadMetadatas(bool present, RepeatedField<P.OptionalMetadata> source, int count, string column)
    {
        if (!present) return null;
        CheckLength(source.Count, count, column);
        var values = new Dictionary<string, MetadataValue>?[count];
        for (int i = 0; i < count; i++) values[i] = MetadataConversions.FromProtoOrNull(source[i].Value);
        return values;
    }

    // A column whose length differs from the ids is a malformed message: the engine's
    // invariant is "every non-null column has Count entries", so refuse it at the edge.
    private static void CheckLength(int actual, int expected, string column)
    {
        if (actual != expected)
        {
            ThrowHelper.InvalidArgument($"Record batch has {expected} ids but {actual} {column}.");
        }
    }
}
