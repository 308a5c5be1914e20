using Chroma.Core.Model;

namespace Chroma.Core.Catalog;

/// <summary>
/// Persistence of the catalog: SQLite locally (<see cref="SqliteCatalogStore"/>), PostgreSQL in
/// distributed mode. Rows only: no validation, no messages; <see cref="CatalogService"/> owns
/// Chroma's rules and turns these statuses into errors.
/// </summary>
/// <remarks>
/// Each method is atomic on its own (a rule that spans statements runs in one transaction), and
/// implementations are safe to call from many threads at once. Metadata and configuration are
/// stored with <see cref="MetadataJsonCodec"/> and <see cref="CollectionConfigurationJsonCodec"/>
/// so every backend reads the same text.
/// </remarks>
public interface ICatalogStore : IAsyncDisposable
{
    /// <summary>Runs pending schema migrations, then creates the default tenant and database if absent.</summary>
    ValueTask InitializeAsync(CancellationToken ct = default);

    /// <returns><see cref="CatalogStoreStatus.Ok"/> or <see cref="CatalogStoreStatus.AlreadyExists"/>.</returns>
    ValueTask<CatalogStoreStatus> CreateTenantAsync(string name, CancellationToken ct = default);

    ValueTask<TenantInfo?> GetTenantAsync(string name, CancellationToken ct = default);

    /// <returns><see cref="CatalogStoreStatus.Ok"/> or <see cref="CatalogStoreStatus.NotFound"/>.</returns>
    ValueTask<CatalogStoreStatus> UpdateTenantAsync(string name, string? resourceName, CancellationToken ct = default);

    /// <returns>Ok, AlreadyExists (same tenant and name), or ParentNotFound (no such tenant).</returns>
    ValueTask<CatalogStoreStatus> CreateDatabaseAsync(DatabaseInfo database, CancellationToken ct = default);

    ValueTask<DatabaseInfo?> GetDatabaseAsync(string tenant, string name, CancellationToken ct = default);

    /// <summary>Databases of a tenant ordered by name (ordinal); <paramref name="limit"/> null means all.</summary>
    ValueTask<IReadOnlyList<DatabaseInfo>> ListDatabasesAsync(string tenant, int? limit, int offset, CancellationToken ct = default);

    /// <summary>Deletes the database and every collection in it.</summary>
    /// <returns><see cref="CatalogStoreStatus.Ok"/> or <see cref="CatalogStoreStatus.NotFound"/>.</returns>
    ValueTask<CatalogStoreStatus> DeleteDatabaseAsync(string tenant, string name, CancellationToken ct = default);

    /// <summary>
    /// Inserts the collection unless its name is taken in its database. On a taken name the
    /// existing collection is returned with AlreadyExists, read in the same transaction, so
    /// get_or_create cannot race a concurrent create.
    /// </summary>
    ValueTask<CollectionCreateResult> CreateCollectionAsync(CollectionInfo collection, CancellationToken ct = default);

    ValueTask<CollectionInfo?> GetCollectionAsync(string tenant, string database, string name, CancellationToken ct = default);

    ValueTask<CollectionInfo?> GetCollectionByIdAsync(Guid id, CancellationToken ct = default);

    /// <summary>Collections of a database in creation order; an unknown database has none.</summary>
    ValueTask<IReadOnlyList<CollectionInfo>> ListCollectionsAsync(string tenant, string database, int? limit, int offset, CancellationToken ct = default);

    ValueTask<int> CountCollectionsAsync(string tenant, string database, CancellationToken ct = default);

    /// <summary>
    /// Writes the collection's name, metadata, configuration and schema (not its dimension,
    /// version or log position, which have their own compare-and-set methods).
    /// </summary>
    /// <returns>Ok, NotFound, or AlreadyExists when the new name is taken in the database.</returns>
    ValueTask<CatalogStoreStatus> UpdateCollectionAsync(CollectionInfo collection, CancellationToken ct = default);

    /// <returns>The deleted collection's id, or null when there is no such collection.</returns>
    ValueTask<Guid?> DeleteCollectionAsync(string tenant, string database, string name, CancellationToken ct = default);

    /// <summary>
    /// Sets the dimension only if it is still unset (compare-and-set against null).
    /// </summary>
    /// <returns>The dimension in force afterwards, or null when there is no such collection.</returns>
    ValueTask<int?> SetDimensionIfUnsetAsync(Guid collectionId, int dimension, CancellationToken ct = default);

    /// <summary>Sets version and log position only if the current version is <paramref name="expectedVersion"/>.</summary>
    /// <returns>Ok, Conflict (another version is registered), or NotFound.</returns>
    ValueTask<CatalogStoreStatus> CompareAndSetVersionAsync(Guid collectionId, long expectedVersion, long newVersion, long logPosition, CancellationToken ct = default);

    /// <summary>Deletes every row, then recreates the default tenant and database, in one transaction.</summary>
    ValueTask ResetAsync(CancellationToken ct = default);
}
