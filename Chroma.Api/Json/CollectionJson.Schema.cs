using System.Text.Json;
using Chroma.Core.Model;

namespace Chroma.Api.Json;

/// <summary>
/// The default schema real Chroma fills in from the configuration (golden <c>coll.create</c>):
/// inverted indexes on for every scalar type, full-text search only on <c>#document</c>, the
/// vector index only on <c>#embedding</c>, sparse vectors off.
/// </summary>
internal static partial class CollectionJson
{
    public static void WriteDefaultSchema(Utf8JsonWriter writer, CollectionConfiguration configuration)
    {
        writer.WriteStartObject();

        writer.WriteStartObject("defaults");
        writer.WriteStartObject("string");
        WriteIndex(writer, "fts_index", enabled: false);
        WriteIndex(writer, "string_inverted_index", enabled: true);
        writer.WriteEndObject();
        writer.WriteStartObject("float_list");
        WriteVectorIndex(writer, configuration, enabled: false, sourceKey: null);
        writer.WriteEndObject();
        writer.WriteStartObject("sparse_vector");
        writer.WriteStartObject("sparse_vector_index");
        writer.WriteBoolean("enabled", false);
        writer.WriteStartObject("config");
        writer.WriteStartObject("embedding_function");
        writer.WriteString("type", "unknown");
        writer.WriteEndObject();
        writer.WriteBoolean("bm25", false);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartObject("int");
        WriteIndex(writer, "int_inverted_index", enabled: true);
        writer.WriteEndObject();
        writer.WriteStartObject("float");
        WriteIndex(writer, "float_inverted_index", enabled: true);
        writer.WriteEndObject();
        writer.WriteStartObject("bool");
        WriteIndex(writer, "bool_inverted_index", enabled: true);
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartObject("keys");
        writer.WriteStartObject("#document");
        writer.WriteStartObject("string");
        WriteIndex(writer, "fts_index", enabled: true);
        WriteIndex(writer, "string_inverted_index", enabled: false);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteStartObject("#embedding");
        writer.WriteStartObject("float_list");
        WriteVectorIndex(writer, configuration, enabled: true, sourceKey: "#document");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteEndObject();
    }

    private static void WriteIndex(Utf8JsonWriter writer, string name, bool enabled)
    {
        writer.WriteStartObject(name);
        writer.WriteBoolean("enabled", enabled);
        writer.WriteStartObject("config");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteVectorIndex(Utf8JsonWriter writer, CollectionConfiguration configuration, bool enabled, string? sourceKey)
    {
        var hnsw = configuration.Hnsw;
        writer.WriteStartObject("vector_index");
        writer.WriteBoolean("enabled", enabled);
        writer.WriteStartObject("config");
        writer.WriteString("space", hnsw.Space.ToWire());
        WriteEmbeddingFunction(writer, configuration.EmbeddingFunctionJson, writeNull: false);
        if (sourceKey is not null) writer.WriteString("source_key", sourceKey);
        writer.WriteStartObject("hnsw");
        writer.WriteNumber("ef_construction", hnsw.EfConstruction);
        writer.WriteNumber("max_neighbors", hnsw.MaxNeighbors);
        writer.WriteNumber("ef_search", hnsw.EfSearch);
        writer.WriteNumber("num_threads", hnsw.NumThreads);
        writer.WriteNumber("batch_size", hnsw.BatchSize);
        writer.WriteNumber("sync_threshold", hnsw.SyncThreshold);
        JsonNumbers.WriteDouble(writer, "resize_factor", hnsw.ResizeFactor);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
