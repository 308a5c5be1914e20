using Chroma.Core.Model;

namespace Chroma.Core.Catalog;

// Collection configuration: resolution at create (request, SPANN, legacy hnsw:* metadata) and updates.
public sealed partial class CatalogService
{
    private const string LegacyPrefix = "hnsw:";

    /// <summary>
    /// Chroma's rules (API.md §6): hnsw and spann together are an error; a SPANN request becomes
    /// HNSW defaults keeping only its space (single node always builds HNSW); with no explicit
    /// HNSW settings (the resolved HNSW equals the defaults), legacy <c>hnsw:*</c> metadata keys
    /// configure the index, as Chroma's get_hnsw_config_from_legacy_metadata does. The legacy
    /// keys stay in the metadata.
    /// </summary>
    internal static CollectionConfiguration ResolveConfiguration(CollectionConfigurationRequest? request, Dictionary<string, MetadataValue>? metadata)
    {
        bool hasSpann = request is not null && (request.HasSpann || request.SpannSpace is not null);
        if (request?.Hnsw is not null && hasSpann) ThrowHelper.InvalidArgument("Multiple vector index configurations provided");

        HnswConfiguration hnsw = HnswConfiguration.Default;
        if (request?.Hnsw is { } given)
        {
            hnsw = new HnswConfiguration
            {
                Space = given.Space ?? hnsw.Space,
                EfConstruction = given.EfConstruction ?? hnsw.EfConstruction,
                EfSearch = given.EfSearch ?? hnsw.EfSearch,
                MaxNeighbors = given.MaxNeighbors ?? hnsw.MaxNeighbors,
                NumThreads = given.NumThreads ?? hnsw.NumThreads,
                ResizeFactor = given.ResizeFactor ?? hnsw.ResizeFactor,
                SyncThreshold = given.SyncThreshold ?? hnsw.SyncThreshold,
                BatchSize = given.BatchSize ?? hnsw.BatchSize,
            };
            ValidateHnsw(hnsw, "configuration.hnsw");
        }
        else if (hasSpann)
        {
            hnsw = hnsw with { Space = request!.SpannSpace ?? DistanceSpace.L2 };
        }

        if (hnsw == HnswConfiguration.Default && metadata is not null && HasLegacyKeys(metadata))
        {
            hnsw = FromLegacyMetadata(metadata);
        }

        return new CollectionConfiguration { Hnsw = hnsw, EmbeddingFunctionJson = request?.EmbeddingFunctionJson };
    }

    /// <summary>Only ef_search, max_neighbors, num_threads, resize_factor, sync_threshold and batch_size may change.</summary>
    private static void ValidateHnswUpdate(HnswConfigurationUpdate update)
    {
        if (update.Space is not null)
        {
            ThrowHelper.InvalidArgument("The distance space (hnsw.space) of an existing collection cannot be changed");
        }

        if (update.EfConstruction is not null)
        {
            ThrowHelper.InvalidArgument("hnsw.ef_construction of an existing collection cannot be changed");
        }

        ValidateHnsw(ApplyHnswUpdate(HnswConfiguration.Default, update), "new_configuration.hnsw");
    }

    private static HnswConfiguration ApplyHnswUpdate(HnswConfiguration current, HnswConfigurationUpdate update) => current with
    {
        EfSearch = update.EfSearch ?? current.EfSearch,
        MaxNeighbors = update.MaxNeighbors ?? current.MaxNeighbors,
        NumThreads = update.NumThreads ?? current.NumThreads,
        ResizeFactor = update.ResizeFactor ?? current.ResizeFactor,
        SyncThreshold = update.SyncThreshold ?? current.SyncThreshold,
        BatchSize = update.BatchSize ?? current.BatchSize,
    };

    /// <summary>
    /// Bounds that keep the index buildable. Real Chroma declares sync_threshold/batch_size >= 2
    /// but accepts 1 in practice (golden), so 1 is the floor here; max_neighbors below 2 breaks
    /// HNSW's level distribution (1/ln M).
    /// </summary>
    private static void ValidateHnsw(HnswConfiguration h, string field)
    {
        AtLeast(field, "ef_construction", h.EfConstruction, 1);
        AtLeast(field, "ef_search", h.EfSearch, 1);
        AtLeast(field, "max_neighbors", h.MaxNeighbors, 2);
        AtLeast(field, "num_threads", h.NumThreads, 1);
        AtLeast(field, "sync_threshold", h.SyncThreshold, 1);
        AtLeast(field, "batch_size", h.BatchSize, 1);
        if (!double.IsFinite(h.ResizeFactor) || h.ResizeFactor <= 0)
        {
            ThrowHelper.InvalidArgument($"Validation error: {field}.resize_factor: must be a positive number, got {h.ResizeFactor}");
        }
    }

    private static void AtLeast(string field, string name, int value, int min)
    {
        if (value < min) ThrowHelper.InvalidArgument($"Validation error: {field}.{name}: must be at least {min}, got {value}");
    }

    private static bool HasLegacyKeys(Dictionary<string, MetadataValue> metadata)
    {
        foreach (string key in metadata.Keys)
        {
            if (key.StartsWith(LegacyPrefix, StringComparison.Ordinal)) return true;
        }

        return false;
    }

    private static HnswConfiguration FromLegacyMetadata(Dictionary<string, MetadataValue> metadata)
    {
        HnswConfiguration h = HnswConfiguration.Default;
        foreach (KeyValuePair<string, MetadataValue> entry in metadata)
        {
            if (!entry.Key.StartsWith(LegacyPrefix, StringComparison.Ordinal)) continue;
            MetadataValue value = entry.Value;
            switch (entry.Key)
            {
                case "hnsw:space":
                    DistanceSpace space = default;
                    if (value.Kind != MetadataValueKind.String || !DistanceSpaceNames.TryParse(value.AsString, out space))
                    {
                        ThrowHelper.InvalidArgument($"Invalid HNSW parameter in metadata: hnsw:space must be one of l2, cosine, ip. Got {value}");
                    }

                    h = h with { Space = space };
                    break;
                case "hnsw:construction_ef": h = h with { EfConstruction = LegacyInt(entry.Key, value) }; break;
                case "hnsw:search_ef": h = h with { EfSearch = LegacyInt(entry.Key, value) }; break;
                case "hnsw:M": h = h with { MaxNeighbors = LegacyInt(entry.Key, value) }; break;
                case "hnsw:num_threads": h = h with { NumThreads = LegacyInt(entry.Key, value) }; break;
                case "hnsw:sync_threshold": h = h with { SyncThreshold = LegacyInt(entry.Key, value) }; break;
                case "hnsw:batch_size": h = h with { BatchSize = LegacyInt(entry.Key, value) }; break;
                case "hnsw:resize_factor":
                    if (!value.IsNumber) ThrowHelper.InvalidArgument($"Invalid HNSW parameter in metadata: hnsw:resize_factor must be a number. Got {value}");
                    h = h with { ResizeFactor = value.AsNumber };
                    break;
                default:
                    // Chroma parses the hnsw:* keys with deny_unknown_fields.
                    ThrowHelper.InvalidArgument(
                        $"Invalid HNSW parameter in metadata: unknown key {entry.Key}, expected one of hnsw:space, hnsw:construction_ef, hnsw:search_ef, hnsw:M, hnsw:num_threads, hnsw:resize_factor, hnsw:sync_threshold, hnsw:batch_size");
                    break;
            }
        }

        ValidateHnsw(h, "metadata");
        return h;
    }

    private static int LegacyInt(string key, MetadataValue value)
    {
        if (value.Kind != MetadataValueKind.Int || value.AsInt is < 0 or > int.MaxValue)
        {
            ThrowHelper.InvalidArgument($"Invalid HNSW parameter in metadata: {key} must be a non-negative integer. Got {value}");
        }

        return (int)value.AsInt;
    }
}
