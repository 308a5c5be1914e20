using System.Text.Json;
using Chroma.Core.Model;

namespace Chroma.Api.Json;

/// <summary>
/// GetResponse and QueryResponse (API.md §8): a column is null unless included, and
/// <c>include</c> echoes the request. Embeddings and distances are f32 written with a decimal point.
/// </summary>
internal static class RecordJson
{
    public static void WriteGet(Utf8JsonWriter writer, GetResult result, IncludeList include)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("ids");
        WriteStrings(writer, result.Ids);
        writer.WriteEndArray();

        writer.WritePropertyName("embeddings");
        if (include.Has(Include.Embeddings)) WriteEmbeddings(writer, result.Embeddings, result.Ids.Length);
        else writer.WriteNullValue();

        writer.WritePropertyName("documents");
        if (include.Has(Include.Documents)) WriteOptionalStrings(writer, result.Documents, result.Ids.Length);
        else writer.WriteNullValue();

        writer.WritePropertyName("uris");
        if (include.Has(Include.Uris)) WriteOptionalStrings(writer, result.Uris, result.Ids.Length);
        else writer.WriteNullValue();

        writer.WritePropertyName("metadatas");
        if (include.Has(Include.Metadatas)) WriteMetadatas(writer, result.Metadatas, result.Ids.Length);
        else writer.WriteNullValue();

        WriteInclude(writer, include);
        writer.WriteEndObject();
    }

    public static void WriteQuery(Utf8JsonWriter writer, QueryResult result, IncludeList include)
    {
        var results = result.Results;
        writer.WriteStartObject();
        writer.WriteStartArray("ids");
        foreach (var one in results)
        {
            writer.WriteStartArray();
            WriteStrings(writer, one.Ids);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();

        writer.WritePropertyName("embeddings");
        if (include.Has(Include.Embeddings))
        {
            writer.WriteStartArray();
            foreach (var one in results) WriteEmbeddings(writer, one.Embeddings, one.Ids.Length);
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteNullValue();
        }

        WriteQueryStrings(writer, "documents", include.Has(Include.Documents), results, uris: false);
        WriteQueryStrings(writer, "uris", include.Has(Include.Uris), results, uris: true);

        writer.WritePropertyName("metadatas");
        if (include.Has(Include.Metadatas))
        {
            writer.WriteStartArray();
            foreach (var one in results) WriteMetadatas(writer, one.Metadatas, one.Ids.Length);
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WritePropertyName("distances");
        if (include.Has(Include.Distances))
        {
            writer.WriteStartArray();
            for (int q = 0; q < results.Length; q++)
            {
                JsonNumbers.WriteFloatArray(writer, result.Distances is { } distances && q < distances.Length ? distances[q] : []);
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WriteNullValue();
        }

        WriteInclude(writer, include);
        writer.WriteEndObject();
    }

    public static void WriteIndexingStatus(Utf8JsonWriter writer, IndexingStatus status)
    {
        writer.WriteStartObject();
        JsonNumbers.WriteDouble(writer, "op_indexing_progress", status.OpIndexingProgress);
        writer.WriteNumber("num_unindexed_ops", status.NumUnindexedOps);
        writer.WriteNumber("num_indexed_ops", status.NumIndexedOps);
        writer.WriteNumber("total_ops", status.TotalOps);
        writer.WriteEndObject();
    }

    private static void WriteQueryStrings(Utf8JsonWriter writer, string name, bool included, GetResult[] results, bool uris)
    {
        writer.WritePropertyName(name);
        if (!included)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartArray();
        foreach (var one in results) WriteOptionalStrings(writer, uris ? one.Uris : one.Documents, one.Ids.Length);
        writer.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string[] values)
    {
        foreach (var value in values) writer.WriteStringValue(value);
    }

    /// <summary>An included column the engine left null is written as one null per row.</summary>
    private static void WriteOptionalStrings(Utf8JsonWriter writer, string?[]? values, int count)
    {
        writer.WriteStartArray();
        for (int i = 0; i < count; i++)
        {
            string? value = values is not null && i < values.Length ? values[i] : null;
            if (value is null) writer.WriteNullValue();
            else writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteEmbeddings(Utf8JsonWriter writer, float[]?[]? embeddings, int count)
    {
        writer.WriteStartArray();
        for (int i = 0; i < count; i++)
        {
            float[]? vector = embeddings is not null && i < embeddings.Length ? embeddings[i] : null;
            if (vector is null)
            {
                writer.WriteNullValue();
                continue;
            }

            JsonNumbers.WriteFloatArray(writer, vector);
        }

        writer.WriteEndArray();
    }

    private static void WriteMetadatas(Utf8JsonWriter writer, IReadOnlyDictionary<string, MetadataValue>?[]? metadatas, int count)
    {
        writer.WriteStartArray();
        for (int i = 0; i < count; i++)
        {
            MetadataJson.WriteMap(writer, metadatas is not null && i < metadatas.Length ? metadatas[i] : null);
        }

        writer.WriteEndArray();
    }

    private static void WriteInclude(Utf8JsonWriter writer, IncludeList include)
    {
        writer.WriteStartArray("include");
        foreach (var item in include.Items) writer.WriteStringValue(IncludeList.ToWire(item));
        writer.WriteEndArray();
    }
}
