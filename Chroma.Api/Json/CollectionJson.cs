using System.Text.Json;
using Chroma.Core.Model;

namespace Chroma.Api.Json;

/// <summary>
/// The collection object every collection route returns (API.md §3, golden <c>coll.create</c>).
/// <c>configuration_json</c> is required by the JS client; it omits num_threads and batch_size,
/// which the schema's HNSW block carries.
/// </summary>
internal static partial class CollectionJson
{
    public static void Write(Utf8JsonWriter writer, CollectionInfo collection)
    {
        writer.WriteStartObject();
        writer.WriteString("id", collection.Id);
        writer.WriteString("name", collection.Name);
        writer.WritePropertyName("configuration_json");
        WriteConfiguration(writer, collection.Configuration);
        writer.WritePropertyName("schema");
        if (collection.SchemaJson is { } schema) writer.WriteRawValue(schema, skipInputValidation: true);
        else WriteDefaultSchema(writer, collection.Configuration);
        writer.WritePropertyName("metadata");
        MetadataJson.WriteMap(writer, collection.Metadata);
        if (collection.Dimension is int dimension) writer.WriteNumber("dimension", dimension);
        else writer.WriteNull("dimension");
        writer.WriteString("tenant", collection.Tenant);
        writer.WriteString("database", collection.Database);
        writer.WriteNumber("log_position", collection.LogPosition);
        writer.WriteNumber("version", collection.Version);
        writer.WriteEndObject();
    }

    public static void WriteList(Utf8JsonWriter writer, IReadOnlyList<CollectionInfo> collections)
    {
        writer.WriteStartArray();
        for (int i = 0; i < collections.Count; i++) Write(writer, collections[i]);
        writer.WriteEndArray();
    }

    public static void WriteConfiguration(Utf8JsonWriter writer, CollectionConfiguration configuration)
    {
        var hnsw = configuration.Hnsw;
        writer.WriteStartObject();
        writer.WriteStartObject("hnsw");
        writer.WriteString("space", hnsw.Space.ToWire());
        writer.WriteNumber("ef_construction", hnsw.EfConstruction);
        writer.WriteNumber("ef_search", hnsw.EfSearch);
        writer.WriteNumber("max_neighbors", hnsw.MaxNeighbors);
        JsonNumbers.WriteDouble(writer, "resize_factor", hnsw.ResizeFactor);
        writer.WriteNumber("sync_threshold", hnsw.SyncThreshold);
        writer.WriteEndObject();
        writer.WriteNull("spann");
        WriteEmbeddingFunction(writer, configuration.EmbeddingFunctionJson, writeNull: true);
        writer.WriteEndObject();
    }

    private static void WriteEmbeddingFunction(Utf8JsonWriter writer, string? json, bool writeNull)
    {
        if (json is not null)
        {
            writer.WritePropertyName("embedding_function");
            writer.WriteRawValue(json, skipInputValidation: true);
        }
        else if (writeNull)
        {
            writer.WriteNull("embedding_function");
        }
    }
}
