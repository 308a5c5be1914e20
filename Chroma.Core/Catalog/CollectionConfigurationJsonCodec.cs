using System.Buffers;
using System.Text;
using System.Text.Json;
using Chroma.Core.Model;

namespace Chroma.Core.Catalog;

/// <summary>
/// Persists a <see cref="CollectionConfiguration"/> as JSON, shared by every catalog store:
/// <c>{"hnsw":{space, ef_construction, ef_search, max_neighbors, num_threads, resize_factor,
/// sync_threshold, batch_size}, "embedding_function": &lt;raw JSON&gt; | null}</c>.
/// </summary>
/// <remarks>
/// Every HNSW field is stored (num_threads and batch_size too, though the API does not echo
/// them), so a catalog read never depends on this build's defaults. Unknown properties are
/// skipped and missing ones take the defaults, so a later field can be added without a
/// migration. The embedding function is kept as the exact JSON text the client sent.
/// </remarks>
public static class CollectionConfigurationJsonCodec
{
    public static string Serialize(CollectionConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            HnswConfiguration h = configuration.Hnsw;
            writer.WriteStartObject();
            writer.WriteStartObject("hnsw");
            writer.WriteString("space", h.Space.ToWire());
            writer.WriteNumber("ef_construction", h.EfConstruction);
            writer.WriteNumber("ef_search", h.EfSearch);
            writer.WriteNumber("max_neighbors", h.MaxNeighbors);
            writer.WriteNumber("num_threads", h.NumThreads);
            writer.WriteNumber("resize_factor", h.ResizeFactor);
            writer.WriteNumber("sync_threshold", h.SyncThreshold);
            writer.WriteNumber("batch_size", h.BatchSize);
            writer.WriteEndObject();
            writer.WritePropertyName("embedding_function");
            if (configuration.EmbeddingFunctionJson is null) writer.WriteNullValue();
            else writer.WriteRawValue(configuration.EmbeddingFunctionJson); // validates it is JSON
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static CollectionConfiguration Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        byte[] utf8 = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(utf8);
        try
        {
            reader.Read();
            Expect(ref reader, JsonTokenType.StartObject);
            HnswConfiguration hnsw = HnswConfiguration.Default;
            string? embeddingFunction = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                string property = reader.GetString()!;
                reader.Read();
                switch (property)
                {
                    case "hnsw":
                        hnsw = ReadHnsw(ref reader);
                        break;
                    case "embedding_function":
                        embeddingFunction = ReadRaw(ref reader, utf8);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            return new CollectionConfiguration { Hnsw = hnsw, EmbeddingFunctionJson = embeddingFunction };
        }
        catch (JsonException e)
        {
            throw Corrupt(e.Message);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader's Get* throw this on a token of the wrong type.
            throw Corrupt(e.Message);
        }
    }

    private static HnswConfiguration ReadHnsw(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        HnswConfiguration h = HnswConfiguration.Default;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string property = reader.GetString()!;
            reader.Read();
            switch (property)
            {
                case "space":
                    if (!DistanceSpaceNames.TryParse(reader.GetString(), out DistanceSpace space))
                        throw Corrupt($"unknown space '{reader.GetString()}'");
                    h = h with { Space = space };
                    break;
                case "ef_construction": h = h with { EfConstruction = reader.GetInt32() }; break;
                case "ef_search": h = h with { EfSearch = reader.GetInt32() }; break;
                case "max_neighbors": h = h with { MaxNeighbors = reader.GetInt32() }; break;
                case "num_threads": h = h with { NumThreads = reader.GetInt32() }; break;
                case "resize_factor": h = h with { ResizeFactor = reader.GetDouble() }; break;
                case "sync_threshold": h = h with { SyncThreshold = reader.GetInt32() }; break;
                case "batch_size": h = h with { BatchSize = reader.GetInt32() }; break;
                default: reader.Skip(); break;
            }
        }

        return h;
    }

    /// <summary>The exact JSON text of the value at the reader (null for a JSON null).</summary>
    private static string? ReadRaw(ref Utf8JsonReader reader, byte[] utf8)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        int start = (int)reader.TokenStartIndex;
        reader.Skip();
        int end = (int)reader.BytesConsumed;
        return Encoding.UTF8.GetString(utf8, start, end - start);
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type) throw Corrupt($"expected {type}, got {reader.TokenType}");
    }

    private static ChromaException Corrupt(string detail) =>
        new(ChromaErrorCode.DataLoss, $"Stored collection configuration is not valid: {detail}");
}
