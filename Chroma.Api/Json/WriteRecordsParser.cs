using Chroma.Api.Validation;
using System.Text.Json;
using Chroma.Core.Model;

namespace Chroma.Api.Json;

/// <summary>
/// Bodies of add / update / upsert: <c>{"ids","embeddings","documents"?,"uris"?,"metadatas"?}</c>
/// into a validated <see cref="RecordBatch"/>. Unknown fields are ignored (Chroma does not deny them).
/// </summary>
internal static class WriteRecordsParser
{
    public static RecordBatch Parse(ReadOnlySpan<byte> body, OperationKind kind) =>
        ParseGuard.Run(body, kind, ParseCore);

    private static RecordBatch ParseCore(ReadOnlySpan<byte> body, OperationKind kind)
    {
        var reader = new PayloadReader(body);
        string typeName = kind switch
        {
            OperationKind.Add => "struct AddCollectionRecordsPayload",
            OperationKind.Update => "struct UpdateCollectionRecordsPayload",
            _ => "struct UpsertCollectionRecordsPayload",
        };
        reader.ReadRootObject(typeName);

        bool isUpdate = kind == OperationKind.Update;
        var metadataMode = kind == OperationKind.Add ? MetadataMode.RecordAdd : MetadataMode.RecordUpdate;
        var shape = new EmbeddingShape();
        string[]? ids = null;
        float[]?[]? embeddings = null;
        bool embeddingsSeen = false;
        string?[]? documents = null;
        string?[]? uris = null;
        Dictionary<string, MetadataValue>?[]? metadatas = null;

        while (reader.NextProperty())
        {
            if (reader.PropertyIs("ids"u8))
            {
                ids = reader.ReadNullableStringArray("ids") ?? throw reader.InvalidType("ids", "a sequence");
            }
            else if (reader.PropertyIs("embeddings"u8))
            {
                embeddingsSeen = true;
                embeddings = reader.ReadEmbeddings("embeddings", allowNullElements: isUpdate, ref shape);
                if (embeddings is null && !isUpdate) throw reader.Untagged("embeddings", "EmbeddingsPayload");
            }
            else if (reader.PropertyIs("documents"u8))
            {
                documents = reader.ReadNullableOptionalStringArray("documents");
            }
            else if (reader.PropertyIs("uris"u8))
            {
                uris = reader.ReadNullableOptionalStringArray("uris");
            }
            else if (reader.PropertyIs("metadatas"u8))
            {
                metadatas = ReadMetadatas(ref reader, metadataMode);
            }
            else
            {
                reader.SkipValue();
            }
        }

        if (ids is null) throw reader.MissingField("", "ids");
        if (!embeddingsSeen && !isUpdate) throw reader.MissingField("", "embeddings");
        reader.EnsureEnd();

        var batch = new RecordBatch(ids, embeddings, documents, uris, metadatas);
        RecordValidator.ValidateWrite(batch, shape);
        return batch;
    }

    private static Dictionary<string, MetadataValue>?[]? ReadMetadatas(ref PayloadReader reader, MetadataMode mode)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartArray) throw reader.InvalidType("metadatas", "a sequence");

        var items = new PooledList<Dictionary<string, MetadataValue>?>();
        try
        {
            while (true)
            {
                var map = reader.ReadMetadataOrEndOfArray("metadatas", items.Count, mode, out bool ended);
                if (ended) break;

                // Chroma stores {} as no metadata at all (observed).
                items.Add(map is { Count: 0 } ? null : map);
            }

            return items.ToArrayAndDispose();
        }
        finally
        {
            items.Dispose();
        }
    }
}
