using Chroma.Core.Model;

namespace Chroma.Core.Catalog;

/// <summary>
/// Chroma's catalog with its semantics (validation, defaults, get_or_create, legacy hnsw:*
/// keys). The API's tenant/database/collection routes call it; the writer and reader use it
/// to resolve collections. Backends: <see cref="CatalogService"/> over SQLite or PostgreSQL
/// in process, a gRPC client in distributed mode.
/// Errors are ChromaExceptions with Chroma's messages (API.md §4).
/// </summary>
public interface ICatalog
{
    ValueTask CreateTenantAsync(string name, CancellationToken ct = default);
    ValueTask<TenantInfo> GetTenantAsync(string name, CancellationToken ct = default);
    ValueTask UpdateTenantAsync(string name, string? resourceName, CancellationToken ct = default);

    ValueTask CreateDatabaseAsync(string tenant, string name, CancellationToken ct = default);
    ValueTask<DatabaseInfo> GetDatabaseAsync(string tenant, string name, CancellationToken ct = default);
    ValueTask<IReadOnlyList<DatabaseInfo>> ListDatabasesAsync(string tenant, int? limit, int offset, CancellationToken ct = default);
    ValueTask DeleteDatabaseAsync(string tenant, string name, CancellationToken ct = default);

    ValueTask<CollectionInfo> CreateCollectionAsync(CreateCollectionRequest request, CancellationToken ct = default);
    ValueTask<CollectionInfo> GetCollectionAsync(string tenant, string database, string name, CancellationToken ct = default);

    /// <summary>By id; when tenant/database are given the collection must belong to them (else NotFound).</summary>
    ValueTask<CollectionInfo> GetCollectionByIdAsync(Guid id, string? tenant = null, string? database = null, CancellationToken ct = default);
    ValueTask<IReadOnlyList<CollectionInfo>> ListCollectionsAsync(string tenant, string database, int? limit, int offset, CancellationToken ct = default);
    ValueTask<int> CountCollectionsAsync(string tenant, string database, CancellationToken ct = default);
    ValueTask UpdateCollectionAsync(UpdateCollectionRequest request, CancellationToken ct = default);

    /// <summary>Deletes by name; returns the id so the caller can drop its records.</summary>
    ValueTask<Guid> DeleteCollectionAsync(string tenant, string database, string name, CancellationToken ct = default);

    /// <summary>
    /// Fixes the collection's dimension if unset (compare-and-set) and returns the dimension in
    /// force afterwards, so two racing first writes agree on one dimension.
    /// </summary>
    ValueTask<int> EnsureDimensionAsync(Guid collectionId, int dimension, CancellationToken ct = default);

    /// <summary>
    /// Registers a new index version covering the log up to <paramref name="logPosition"/>,
    /// only if the current version is <paramref name="expectedVersion"/>. Returns false when
    /// another compaction won.
    /// </summary>
    ValueTask<bool> RegisterVersionAsync(Guid collectionId, long expectedVersion, long newVersion, long logPosition, CancellationToken ct = default);

    /// <summary>Removes every tenant, database and collection, then recreates the defaults.</summary>
    ValueTask ResetAsync(CancellationToken ct = default);
}

public sealed record CreateCollectionRequest
{
    public required string Tenant { get; init; }
    public required string Database { get; init; }
    public required string Name { get; init; }
    public Dictionary<string, MetadataValue>? Metadata { get; init; }
    public CollectionConfigurationRequest? Configuration { get; init; }
    public string? SchemaJson { get; init; }
    public bool GetOrCreate { get; init; }
}

public sealed record UpdateCollectionRequest
{
    public required Guid Id { get; init; }
    public string? Tenant { get; init; }
    public string? Database { get; init; }
    public string? NewName { get; init; }

    /// <summary>Replaces the whole metadata map when non-null.</summary>
    public Dictionary<string, MetadataValue>? NewMetadata { get; init; }
    public HnswConfigurationUpdate? NewHnsw { get; init; }
    public string? NewEmbeddingFunctionJson { get; init; }
}
