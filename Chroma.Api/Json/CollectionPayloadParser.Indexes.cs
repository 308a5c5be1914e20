using System.Text.Json;
using Chroma.Core.Model;

namespace Chroma.Api.Json;

/// <summary>The <c>hnsw</c> and <c>spann</c> blocks of a collection configuration.</summary>
internal static partial class CollectionPayloadParser
{
    private static HnswConfigurationUpdate? ReadHnsw(ref PayloadReader reader, string path, bool update)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartObject) throw reader.InvalidType(path, update ? "struct UpdateHnswConfiguration" : "struct HnswConfiguration");
        var hnsw = new HnswConfigurationUpdate();
        while (reader.NextProperty())
        {
            if (!update && reader.PropertyIs("space"u8)) hnsw = hnsw with { Space = ReadSpace(ref reader, path + ".space") };
            else if (!update && reader.PropertyIs("ef_construction"u8)) hnsw = hnsw with { EfConstruction = ReadUsize(ref reader, path + ".ef_construction") };
            else if (reader.PropertyIs("ef_search"u8)) hnsw = hnsw with { EfSearch = ReadUsize(ref reader, path + ".ef_search") };
            else if (reader.PropertyIs("max_neighbors"u8)) hnsw = hnsw with { MaxNeighbors = ReadUsize(ref reader, path + ".max_neighbors") };
            else if (reader.PropertyIs("num_threads"u8)) hnsw = hnsw with { NumThreads = ReadUsize(ref reader, path + ".num_threads") };
            else if (reader.PropertyIs("resize_factor"u8)) hnsw = hnsw with { ResizeFactor = reader.ReadNullableDouble(path + ".resize_factor") };
            else if (reader.PropertyIs("sync_threshold"u8)) hnsw = hnsw with { SyncThreshold = ReadUsize(ref reader, path + ".sync_threshold") };
            else if (reader.PropertyIs("batch_size"u8)) hnsw = hnsw with { BatchSize = ReadUsize(ref reader, path + ".batch_size") };
            else throw reader.UnknownField(path, update ? HnswUpdateFields : HnswFields);
        }

        return hnsw;
    }

    /// <summary>
    /// Reads a spann block; true when one was given (not null). Single node builds HNSW, so only
    /// the space is kept, but SPANN's own limits are still enforced as Chroma's validators do.
    /// </summary>
    private static bool ReadSpann(ref PayloadReader reader, string path, bool update, out DistanceSpace? space)
    {
        space = null;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return false;
        if (reader.TokenType != JsonTokenType.StartObject) throw reader.InvalidType(path, update ? "struct UpdateSpannConfiguration" : "struct SpannConfiguration");
        while (reader.NextProperty())
        {
            if (!update && reader.PropertyIs("space"u8)) space = ReadSpace(ref reader, path + ".space");
            else if (reader.PropertyIs("search_nprobe"u8)) CheckMax(ReadUsize(ref reader, path + ".search_nprobe"), 128, "search_nprobe");
            else if (!update && reader.PropertyIs("write_nprobe"u8)) CheckMax(ReadUsize(ref reader, path + ".write_nprobe"), 128, "write_nprobe");
            else if (!update && reader.PropertyIs("ef_construction"u8)) CheckMax(ReadUsize(ref reader, path + ".ef_construction"), 200, "ef_construction");
            else if (reader.PropertyIs("ef_search"u8)) CheckMax(ReadUsize(ref reader, path + ".ef_search"), 200, "ef_search");
            else if (!update && reader.PropertyIs("max_neighbors"u8)) CheckMax(ReadUsize(ref reader, path + ".max_neighbors"), 64, "max_neighbors");
            else if (!update && reader.PropertyIs("reassign_neighbor_count"u8)) CheckMax(ReadUsize(ref reader, path + ".reassign_neighbor_count"), 64, "reassign_neighbor_count");
            else if (!update && reader.PropertyIs("split_threshold"u8)) CheckRange(ReadUsize(ref reader, path + ".split_threshold"), 25, 200, "split_threshold");
            else if (!update && reader.PropertyIs("merge_threshold"u8)) CheckRange(ReadUsize(ref reader, path + ".merge_threshold"), 12, 100, "merge_threshold");
            else throw reader.UnknownField(path, update ? SpannUpdateFields : SpannFields);
        }

        return true;
    }

    private static DistanceSpace? ReadSpace(ref PayloadReader reader, string path)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.String) throw reader.InvalidType(path, "enum Space");
        string value = reader.GetStringValue();
        if (!DistanceSpaceNames.TryParse(value, out var space)) throw reader.UnknownVariant(path, value, SpaceVariants);
        return space;
    }

    private static int? ReadUsize(ref PayloadReader reader, string path) =>
        (int?)reader.ReadNullableUnsigned(path, "usize", UsizeMax);

    private static void CheckMax(int? value, int max, string field)
    {
        if (value > max) ThrowHelper.InvalidArgument($"Validation error: spann.{field}: must be at most {max}, got {value}");
    }

    private static void CheckRange(int? value, int min, int max, string field)
    {
        if (value < min || value > max) ThrowHelper.InvalidArgument($"Validation error: spann.{field}: must be between {min} and {max}, got {value}");
    }
}
