using Chroma.Core.Model;

namespace Chroma.Core.Catalog;

/// <summary>
/// The catalog as the local engine exposes it: deleting a collection or resetting also drops
/// the record data (log, index versions, cached views), so the API only talks to the catalog.
/// Data goes after the catalog entry, so a crash in between leaves orphaned files, never a
/// collection without its data.
/// </summary>
public sealed class DataDroppingCatalog : ICatalog
{
    private readonly ICatalog _inner;
    private readonly Func<Guid, CancellationToken, ValueTask> _dropCollection;
    private readonly Func<CancellationToken, ValueTask> _dropAll;
    private readonly bool _allowReset;

    public DataDroppingCatalog(ICatalog inner, Func<Guid, CancellationToken, ValueTask> dropCollection, Func<CancellationToken, ValueTask> dropAll, bool allowReset)
    {
        _inner = inner;
        _dropCollection = dropCollection;
        _dropAll = dropAll;
        _allowReset = allowReset;
    }

    public ValueTask CreateTenantAsync(string name, CancellationToken ct = default) => _inner.CreateTenantAsync(name, ct);
    public ValueTask<TenantInfo> GetTenantAsync(string name, CancellationToken ct = default) => _inner.GetTenantAsync(name, ct);
    public ValueTask UpdateTenantAsync(string name, string? resourceName, CancellationToken ct = default) => _inner.UpdateTenantAsync(name, resourceName, ct);
    public ValueTask CreateDatabaseAsync(string tenant, string name, CancellationToken ct = default) => _inner.CreateDatabaseAsync(tenant, name, ct);
    public ValueTask<DatabaseInfo> GetDatabaseAsync(string tenant, string name, CancellationToken ct = default) => _inner.GetDatabaseAsync(tenant, name, ct);
    public ValueTask<IReadOnlyList<DatabaseInfo>> ListDatabasesAsync(string tenant, int? limit, int offset, CancellationToken ct = default) => _inner.ListDatabasesAsync(tenant, limit, offset, ct);
    public ValueTask<CollectionInfo> CreateCollectionAsync(CreateCollectionRequest request, CancellationToken ct = default) => _inner.CreateCollectionAsync(request, ct);
    public ValueTask<CollectionInfo> GetCollectionAsync(string tenant, string database, string name, CancellationToken ct = default) => _inner.GetCollectionAsync(tenant, database, name, ct);
    public ValueTask<CollectionInfo> GetCollectionByIdAsync(Guid id, string? tenant = null, string? database = null, CancellationToken ct = default) => _inner.GetCollectionByIdAsync(id, tenant, database, ct);
    public ValueTask<IReadOnlyList<CollectionInfo>> ListCollectionsAsync(string tenant, string database, int? limit, int offset, CancellationToken ct = default) => _inner.ListCollectionsAsync(tenant, database, limit, offset, ct);
    public ValueTask<int> CountCollectionsAsync(string tenant, string database, CancellationToken ct = default) => _inner.CountCollectionsAsync(tenant, database, ct);
    public ValueTask UpdateCollectionAsync(UpdateCollectionRequest request, CancellationToken ct = default) => _inner.UpdateCollectionAsync(request, ct);
    public ValueTask<int> EnsureDimensionAsync(Guid collectionId, int dimension, CancellationToken ct = default) => _inner.EnsureDimensionAsync(collectionId, dimension, ct);
    public ValueTask<bool> RegisterVersionAsync(Guid collectionId, long expectedVersion, long newVersion, long logPosition, CancellationToken ct = default) =>
        _inner.RegisterVersionAsync(collectionId, expectedVersion, newVersion, logPosition, ct);

    public async ValueTask DeleteDatabaseAsync(string tenant, string name, CancellationToken ct = default)
    {
        // Collect the database's collections first: their data goes with the database.
        var ids = new List<Guid>();
        foreach (CollectionInfo collection in await _inner.ListCollectionsAsync(tenant, name, null, 0, ct).ConfigureAwait(false))
        {
            ids.Add(collection.Id);
        }

        await _inner.DeleteDatabaseAsync(tenant, name, ct).ConfigureAwait(false);
        foreach (Guid id in ids)
        {
            await _dropCollection(id, ct).ConfigureAwait(false);
        }
    }

    public async ValueTask<Guid> DeleteCollectionAsync(string tenant, string database, string name, CancellationToken ct = default)
    {
        Guid id = await _inner.DeleteCollectionAsync(tenant, database, name, ct).ConfigureAwait(false);
        await _dropCollection(id, ct).ConfigureAwait(false);
        return id;
    }

    public async ValueTask ResetAsync(CancellationToken ct = default)
    {
        if (!_allowReset)
            throw new ChromaException(ChromaErrorCode.PermissionDenied, "Reset is disabled by config");
        await _inner.ResetAsync(ct).ConfigureAwait(false);
        await _dropAll(ct).ConfigureAwait(false);
    }
}
