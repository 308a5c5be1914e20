using Chroma.Core.Catalog;
using Chroma.Core.Model;

namespace Chroma.Api.Policies;

/// <summary>
/// Enforces collections-per-tenant where collections are created: wraps the catalog of the
/// process that owns the catalog routes (single node; SysDb in distributed mode).
/// </summary>
/// <remarks>
/// Precision: the count and the create run under one lock per tenant, so a burst of creates in
/// one process stops exactly at the limit. Several SysDb replicas each hold their own lock, so
/// with R replicas a burst can overshoot by at most R-1. A create of a name that already exists
/// is let through (get_or_create returns it; a plain create answers 409 as usual).
/// </remarks>
public sealed class QuotaEnforcingCatalog(ICatalog inner, ChromaQuotaOptions quotas) : ICatalog
{
    private readonly StripedLocks _locks = new(64);

    public async ValueTask<CollectionInfo> CreateCollectionAsync(CreateCollectionRequest request, CancellationToken ct = default)
    {
        int limit = quotas.For(request.Tenant).MaxCollectionsPerTenant;
        if (limit <= 0) return await inner.CreateCollectionAsync(request, ct).ConfigureAwait(false);

        SemaphoreSlim gate = _locks.For(request.Tenant);
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            long count = await CountTenantCollectionsAsync(request.Tenant, ct).ConfigureAwait(false);
            if (count >= limit && !await ExistsAsync(request, ct).ConfigureAwait(false))
                QuotaExceeded.Throw($"collections per tenant is {limit} for tenant '{request.Tenant}', which has {count}");
            return await inner.CreateCollectionAsync(request, ct).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async ValueTask<long> CountTenantCollectionsAsync(string tenant, CancellationToken ct)
    {
        long count = 0;
        foreach (DatabaseInfo database in await inner.ListDatabasesAsync(tenant, null, 0, ct).ConfigureAwait(false))
            count += await inner.CountCollectionsAsync(tenant, database.Name, ct).ConfigureAwait(false);
        return count;
    }

    private async ValueTask<bool> ExistsAsync(CreateCollectionRequest request, CancellationToken ct)
    {
        try
        {
            await inner.GetCollectionAsync(request.Tenant, request.Database, request.Name, ct).ConfigureAwait(false);
            return true;
        }
        catch (ChromaException e) when (e.Code == ChromaErrorCode.NotFound)
        {
            return false;
        }
    }

    public ValueTask CreateTenantAsync(string name, CancellationToken ct = default) => inner.CreateTenantAsync(name, ct);
    public ValueTask<TenantInfo> GetTenantAsync(string name, CancellationToken ct = default) => inner.GetTenantAsync(name, ct);
    public ValueTask UpdateTenantAsync(string name, string? resourceName, CancellationToken ct = default) => inner.UpdateTenantAsync(name, resourceName, ct);
    public ValueTask CreateDatabaseAsync(string tenant, string name, CancellationToken ct = default) => inner.CreateDatabaseAsync(tenant, name, ct);
    public ValueTask<DatabaseInfo> GetDatabaseAsync(string tenant, string name, CancellationToken ct = default) => inner.GetDatabaseAsync(tenant, name, ct);
    public ValueTask<IReadOnlyList<DatabaseInfo>> ListDatabasesAsync(string tenant, int? limit, int offset, CancellationToken ct = default) => inner.ListDatabasesAsync(tenant, limit, offset, ct);
    public ValueTask DeleteDatabaseAsync(string tenant, string name, CancellationToken ct = default) => inner.DeleteDatabaseAsync(tenant, name, ct);
    public ValueTask<CollectionInfo> GetCollectionAsync(string tenant, string database, string name, CancellationToken ct = default) => inner.GetCollectionAsync(tenant, database, name, ct);
    public ValueTask<CollectionInfo> GetCollectionByIdAsync(Guid id, string? tenant = null, string? database = null, CancellationToken ct = default) => inner.GetCollectionByIdAsync(id, tenant, database, ct);
    public ValueTask<IReadOnlyList<CollectionInfo>> ListCollectionsAsync(string tenant, string database, int? limit, int offset, CancellationToken ct = default) => inner.ListCollectionsAsync(tenant, database, limit, offset, ct);
    public ValueTask<int> CountCollectionsAsync(string tenant, string database, CancellationToken ct = default) => inner.CountCollectionsAsync(tenant, database, ct);
    public ValueTask UpdateCollectionAsync(UpdateCollectionRequest request, CancellationToken ct = default) => inner.UpdateCollectionAsync(request, ct);
    public ValueTask<Guid> DeleteCollectionAsync(string tenant, string database, string name, CancellationToken ct = default) => inner.DeleteCollectionAsync(tenant, database, name, ct);
    public ValueTask<int> EnsureDimensionAsync(Guid collectionId, int dimension, CancellationToken ct = default) => inner.EnsureDimensionAsync(collectionId, dimension, ct);
    public ValueTask<bool> RegisterVersionAsync(Guid collectionId, long expectedVersion, long newVersion, long logPosition, CancellationToken ct = default) => inner.RegisterVersionAsync(collectionId, expectedVersion, newVersion, logPosition, ct);
    public ValueTask ResetAsync(CancellationToken ct = default) => inner.ResetAsync(ct);
}
