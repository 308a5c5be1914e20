using Chroma.Core.Catalog;
using Chroma.Core.Model;

namespace Chroma.Core;

/// <summary>Collection handles for embedded use.</summary>
public sealed partial class ChromaEngine
{
    public const string DefaultTenant = "default_tenant";
    public const string DefaultDatabase = "default_database";

    public async ValueTask<ChromaCollection> CreateCollectionAsync(string name, Dictionary<string, MetadataValue>? metadata = null,
        HnswConfigurationUpdate? hnsw = null, bool getOrCreate = false, string tenant = DefaultTenant, string database = DefaultDatabase,
        CancellationToken ct = default)
    {
        CollectionInfo info = await Catalog.CreateCollectionAsync(new CreateCollectionRequest
        {
            Tenant = tenant,
            Database = database,
            Name = name,
            Metadata = metadata,
            Configuration = hnsw is null ? null : new CollectionConfigurationRequest { Hnsw = hnsw },
            GetOrCreate = getOrCreate,
        }, ct).ConfigureAwait(false);
        return new ChromaCollection(this, info);
    }

    public ValueTask<ChromaCollection> GetOrCreateCollectionAsync(string name, Dictionary<string, MetadataValue>? metadata = null,
        HnswConfigurationUpdate? hnsw = null, string tenant = DefaultTenant, string database = DefaultDatabase, CancellationToken ct = default) =>
        CreateCollectionAsync(name, metadata, hnsw, getOrCreate: true, tenant, database, ct);

    public async ValueTask<ChromaCollection> GetCollectionAsync(string name, string tenant = DefaultTenant, string database = DefaultDatabase, CancellationToken ct = default) =>
        new(this, await Catalog.GetCollectionAsync(tenant, database, name, ct).ConfigureAwait(false));

    public async ValueTask DeleteCollectionAsync(string name, string tenant = DefaultTenant, string database = DefaultDatabase, CancellationToken ct = default) =>
        await Catalog.DeleteCollectionAsync(tenant, database, name, ct).ConfigureAwait(false);
}
