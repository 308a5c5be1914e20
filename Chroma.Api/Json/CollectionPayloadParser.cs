using System.Text.Json;
using Chroma.Api.Validation;
using Chroma.Core.Catalog;
using Chroma.Core.Model;

namespace Chroma.Api.Json;

/// <summary>
/// Bodies of collection create and modify. Configuration blocks deny unknown fields (serde
/// <c>deny_unknown_fields</c>), the payloads themselves do not.
/// </summary>
internal static partial class CollectionPayloadParser
{
    private const string HnswFields = "`space`, `ef_construction`, `ef_search`, `max_neighbors`, `num_threads`, `resize_factor`, `sync_threshold`, `batch_size`";
    private const string HnswUpdateFields = "`ef_search`, `max_neighbors`, `num_threads`, `resize_factor`, `sync_threshold`, `batch_size`";
    private const string SpannFields = "`space`, `search_nprobe`, `write_nprobe`, `ef_construction`, `ef_search`, `max_neighbors`, `reassign_neighbor_count`, `split_threshold`, `merge_threshold`";
    private const string SpannUpdateFields = "`search_nprobe`, `ef_search`";
    private const string ConfigurationFields = "`hnsw`, `spann`, `embedding_function`";
    private const string SpaceVariants = "`l2`, `cosine`, `ip`";
    private const long UsizeMax = int.MaxValue;

    public static CreateCollectionRequest ParseCreate(ReadOnlySpan<byte> body, string tenant, string database) =>
        ParseGuard.Run(body, (tenant, database), static (b, route) => ParseCreateCore(b, route.tenant, route.database));

    public static UpdateCollectionPayload ParseUpdate(ReadOnlySpan<byte> body) =>
        ParseGuard.Run(body, 0, static (b, _) => ParseUpdateCore(b));

    private static CreateCollectionRequest ParseCreateCore(ReadOnlySpan<byte> body, string tenant, string database)
    {
        var reader = new PayloadReader(body);
        reader.ReadRootObject("struct CreateCollectionPayload");
        string? name = null;
        Dictionary<string, MetadataValue>? metadata = null;
        CollectionConfigurationRequest? configuration = null;
        string? schema = null;
        bool getOrCreate = false;
        while (reader.NextProperty())
        {
            if (reader.PropertyIs("name"u8)) name = reader.ReadString("name");
            else if (reader.PropertyIs("metadata"u8)) metadata = reader.ReadMetadata("metadata", -1, MetadataMode.CollectionCreate);
            else if (reader.PropertyIs("configuration"u8)) configuration = ReadConfiguration(ref reader, "configuration");
            else if (reader.PropertyIs("schema"u8)) schema = reader.ReadNullableRawObject("schema", "struct Schema");
            else if (reader.PropertyIs("get_or_create"u8)) getOrCreate = reader.ReadNullableBool("get_or_create") ?? false;
            else reader.SkipValue();
        }

        if (name is null) throw reader.MissingField("", "name");
        reader.EnsureEnd();

        NameValidator.ValidateCollectionName(name);
        if (metadata is not null) CatalogValidation.ValidateCollectionMetadata(metadata, "metadata", allowNull: false);
        if (configuration is { Hnsw: not null, HasSpann: true })
            ThrowHelper.InvalidArgument("Multiple vector index configurations provided");

        return new CreateCollectionRequest
        {
            Tenant = tenant,
            Database = database,
            Name = name,
            Metadata = metadata,
            Configuration = configuration,
            SchemaJson = schema,
            GetOrCreate = getOrCreate,
        };
    }

    private static UpdateCollectionPayload ParseUpdateCore(ReadOnlySpan<byte> body)
    {
        var reader = new PayloadReader(body);
        reader.ReadRootObject("struct UpdateCollectionPayload");
        string? newName = null;
        Dictionary<string, MetadataValue>? newMetadata = null;
        HnswConfigurationUpdate? newHnsw = null;
        string? newEmbeddingFunction = null;
        while (reader.NextProperty())
        {
            if (reader.PropertyIs("new_name"u8)) newName = reader.ReadNullableString("new_name");
            else if (reader.PropertyIs("new_metadata"u8)) newMetadata = reader.ReadMetadata("new_metadata", -1, MetadataMode.CollectionUpdate);
            else if (reader.PropertyIs("new_configuration"u8)) ReadUpdateConfiguration(ref reader, "new_configuration", ref newHnsw, ref newEmbeddingFunction);
            else reader.SkipValue();
        }

        reader.EnsureEnd();

        if (newName is not null) NameValidator.ValidateCollectionName(newName);
        // Null values stay: the catalog drops them, and a map of nulls only clears the metadata
        // (real Chroma answers 200 and then lists the collection's metadata as null).
        if (newMetadata is not null) CatalogValidation.ValidateCollectionMetadata(newMetadata, "new_metadata", allowNull: true);

        return new UpdateCollectionPayload(newName, newMetadata, newHnsw, newEmbeddingFunction);
    }

    private static CollectionConfigurationRequest? ReadConfiguration(ref PayloadReader reader, string path)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartObject) throw reader.InvalidType(path, "struct CollectionConfiguration");
        HnswConfigurationUpdate? hnsw = null;
        DistanceSpace? spannSpace = null;
        bool hasSpann = false;
        string? embeddingFunction = null;
        while (reader.NextProperty())
        {
            if (reader.PropertyIs("hnsw"u8))
            {
                hnsw = ReadHnsw(ref reader, path + ".hnsw", update: false);
            }
            else if (reader.PropertyIs("spann"u8))
            {
                hasSpann = ReadSpann(ref reader, path + ".spann", update: false, out spannSpace);
            }
            else if (reader.PropertyIs("embedding_function"u8))
            {
                embeddingFunction = reader.ReadNullableRawObject(path + ".embedding_function", "internally tagged enum EmbeddingFunctionConfiguration");
            }
            else
            {
                throw reader.UnknownField(path, ConfigurationFields);
            }
        }

        return new CollectionConfigurationRequest
        {
            Hnsw = hnsw,
            HasSpann = hasSpann,
            SpannSpace = spannSpace,
            EmbeddingFunctionJson = embeddingFunction,
        };
    }

    private static void ReadUpdateConfiguration(ref PayloadReader reader, string path, ref HnswConfigurationUpdate? hnsw, ref string? embeddingFunction)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return;
        if (reader.TokenType != JsonTokenType.StartObject) throw reader.InvalidType(path, "struct UpdateCollectionConfiguration");
        while (reader.NextProperty())
        {
            if (reader.PropertyIs("hnsw"u8)) hnsw = ReadHnsw(ref reader, path + ".hnsw", update: true);
            else if (reader.PropertyIs("spann"u8)) ReadSpann(ref reader, path + ".spann", update: true, out _); // single node builds HNSW only
            else if (reader.PropertyIs("embedding_function"u8)) embeddingFunction = reader.ReadNullableRawObject(path + ".embedding_function", "internally tagged enum EmbeddingFunctionConfiguration");
            else throw reader.UnknownField(path, ConfigurationFields);
        }
    }
}
