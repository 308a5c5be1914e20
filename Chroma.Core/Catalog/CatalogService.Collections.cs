using Chroma.Core.Model;

namespace Chroma.Core.Catalog;

// Collections.
public sealed partial class CatalogService
{
    private const int CreateAttempts = 8;

    public async ValueTask<CollectionInfo> CreateCollectionAsync(CreateCollectionRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (CatalogValidation.NameError(request.Name) is { } nameError)
        {
            ThrowHelper.InvalidArgument($"Validation error: name: {nameError}");
        }

        Dictionary<string, MetadataValue>? metadata = null;
        if (request.Metadata is not null)
        {
            CatalogValidation.ValidateCollectionMetadata(request.Metadata, "metadata", allowNull: false);
            metadata = new Dictionary<string, MetadataValue>(request.Metadata, StringComparer.Ordinal);
        }

        var candidate = new CollectionInfo
        {
            Id = Guid.NewGuid(),
            Name = request.Name,
            Tenant = request.Tenant,
            Database = request.Database,
            Metadata = metadata,
            Configuration = ResolveConfiguration(request.Configuration, metadata),
            SchemaJson = request.SchemaJson,
        };

        // The one place this race is retried, for every store: the name's holder was deleted between
        // the insert and the read, so the create may now succeed. Each retry needs another concurrent
        // create-then-delete of the same name, so a few always suffice. A plain create answers
        // "already exists", which was true when its insert ran.
        CollectionCreateResult result = await _store.CreateCollectionAsync(candidate, ct).ConfigureAwait(false);
        for (int attempt = 1; result.Status == CatalogStoreStatus.AlreadyExists && request.GetOrCreate && result.Collection is null && attempt < CreateAttempts; attempt++)
        {
            result = await _store.CreateCollectionAsync(candidate, ct).ConfigureAwait(false);
        }

        switch (result.Status)
        {
            case CatalogStoreStatus.Ok:
                return result.Collection!;
            case CatalogStoreStatus.AlreadyExists when request.GetOrCreate && result.Collection is not null:
                // get_or_create returns the existing collection unchanged: the request's
                // metadata and configuration are ignored, as in Chroma.
                return result.Collection;
            case CatalogStoreStatus.AlreadyExists:
                throw new ChromaException(ChromaErrorCode.AlreadyExists, $"Collection [{request.Name}] already exists");
            case CatalogStoreStatus.ParentNotFound:
                // 400, not 404: this is what Chroma answers for a create in a missing database.
                return ThrowHelper.InvalidArgument<CollectionInfo>($"Database [{request.Database}] does not exist");
            default:
                throw new InvalidOperationException($"Unexpected store status {result.Status}.");
        }
    }

    public async ValueTask<CollectionInfo> GetCollectionAsync(string tenant, string database, string name, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(name);
        CollectionInfo? collection = await _store.GetCollectionAsync(tenant, database, name, ct).ConfigureAwait(false);
        if (collection is null) ThrowHelper.NotFound(CollectionNameNotFound(name));
        return collection;
    }

    public async ValueTask<CollectionInfo> GetCollectionByIdAsync(Guid id, string? tenant = null, string? database = null, CancellationToken ct = default)
    {
        if (!_collections.TryGet(id, out CollectionInfo? collection))
        {
            long generation = _collections.Generation;
            collection = await _store.GetCollectionByIdAsync(id, ct).ConfigureAwait(false);
            if (collection is not null) _collections.Add(collection, generation);
        }

        if (collection is null || !BelongsTo(collection, tenant, database))
        {
            ThrowHelper.NotFound($"Collection [{id}] does not exist");
        }

        return collection;
    }

    /// <summary>In creation order. An unknown database has no collections (not an error, as in Chroma).</summary>
    public ValueTask<IReadOnlyList<CollectionInfo>> ListCollectionsAsync(string tenant, string database, int? limit, int offset, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(database);
        ValidatePage(limit, offset);
        return _store.ListCollectionsAsync(tenant, database, limit, offset, ct);
    }

    public ValueTask<int> CountCollectionsAsync(string tenant, string database, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(database);
        return _store.CountCollectionsAsync(tenant, database, ct);
    }

    /// <remarks>
    /// Read-modify-write of name, metadata and configuration: two concurrent updates of one
    /// collection resolve last-writer-wins, as in Chroma. Dimension and version are not written
    /// here, so an update never undoes a concurrent first write or compaction.
    /// </remarks>
    public async ValueTask UpdateCollectionAsync(UpdateCollectionRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.NewName is not null && CatalogValidation.NameError(request.NewName) is { } nameError)
        {
            ThrowHelper.InvalidArgument($"Validation error: new_name: {nameError}");
        }

        Dictionary<string, MetadataValue>? newMetadata = null;
        if (request.NewMetadata is not null)
        {
            CatalogValidation.ValidateCollectionMetadata(request.NewMetadata, "new_metadata", allowNull: true);
            // The new map replaces the old one; a null value just leaves its key out.
            newMetadata = new Dictionary<string, MetadataValue>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, MetadataValue> entry in request.NewMetadata)
            {
                if (!entry.Value.IsNull) newMetadata[entry.Key] = entry.Value;
            }
        }

        if (request.NewHnsw is not null) ValidateHnswUpdate(request.NewHnsw);

        CollectionInfo? existing = await _store.GetCollectionByIdAsync(request.Id, ct).ConfigureAwait(false);
        if (existing is null || !BelongsTo(existing, request.Tenant, request.Database)) ThrowHelper.CollectionNotFound(request.Id);

        CollectionConfiguration configuration = existing.Configuration;
        if (request.NewHnsw is not null) configuration = configuration with { Hnsw = ApplyHnswUpdate(configuration.Hnsw, request.NewHnsw) };
        if (request.NewEmbeddingFunctionJson is not null) configuration = configuration with { EmbeddingFunctionJson = request.NewEmbeddingFunctionJson };

        CollectionInfo updated = existing with
        {
            Name = request.NewName ?? existing.Name,
            Metadata = request.NewMetadata is null ? existing.Metadata : (newMetadata!.Count == 0 ? null : newMetadata),
            Configuration = configuration,
        };

        CatalogStoreStatus status = await _store.UpdateCollectionAsync(updated, ct).ConfigureAwait(false);
        _collections.Invalidate(request.Id);
        switch (status)
        {
            case CatalogStoreStatus.NotFound:
                ThrowHelper.CollectionNotFound(request.Id); // deleted since we read it
                break;
            case CatalogStoreStatus.AlreadyExists:
                // Real Chroma leaks a 500 with SQLite's UNIQUE error here (API.md §12).
                ThrowHelper.AlreadyExists($"Collection [{updated.Name}] already exists");
                break;
        }
    }

    public async ValueTask<Guid> DeleteCollectionAsync(string tenant, string database, string name, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(name);
        Guid? id = await _store.DeleteCollectionAsync(tenant, database, name, ct).ConfigureAwait(false);
        if (id is not null) _collections.Invalidate(id.Value);
        if (id is null) ThrowHelper.NotFound(CollectionNameNotFound(name));
        return id.Value;
    }

    public async ValueTask<int> EnsureDimensionAsync(Guid collectionId, int dimension, CancellationToken ct = default)
    {
        if (dimension < 1) ThrowHelper.InvalidArgument($"Embedding dimension must be at least 1, got {dimension}");
        int? inForce = await _store.SetDimensionIfUnsetAsync(collectionId, dimension, ct).ConfigureAwait(false);
        _collections.Invalidate(collectionId);
        if (inForce is null) ThrowHelper.CollectionNotFound(collectionId);
        return inForce.Value;
    }

    public async ValueTask<bool> RegisterVersionAsync(Guid collectionId, long expectedVersion, long newVersion, long logPosition, CancellationToken ct = default)
    {
        // Internal callers only (the compactor): a bad argument is a bug, not a client error.
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(newVersion, expectedVersion);
        ArgumentOutOfRangeException.ThrowIfNegative(logPosition);
        CatalogStoreStatus status = await _store.CompareAndSetVersionAsync(collectionId, expectedVersion, newVersion, logPosition, ct).ConfigureAwait(false);
        _collections.Invalidate(collectionId);
        switch (status)
        {
            case CatalogStoreStatus.Ok:
                return true;
            case CatalogStoreStatus.Conflict:
                return false;
            default:
                ThrowHelper.CollectionNotFound(collectionId);
                return false;
        }
    }

    private static bool BelongsTo(CollectionInfo collection, string? tenant, string? database) =>
        (tenant is null || string.Equals(collection.Tenant, tenant, StringComparison.Ordinal))
        && (database is null || string.Equals(collection.Database, database, StringComparison.Ordinal));

    private static string CollectionNameNotFound(string name) => $"Collection [{name}] does not exist";
}
