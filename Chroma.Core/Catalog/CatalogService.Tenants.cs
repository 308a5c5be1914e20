using Chroma.Core.Model;

namespace Chroma.Core.Catalog;

// Tenants and databases.
public sealed partial class CatalogService
{
    public async ValueTask CreateTenantAsync(string name, CancellationToken ct = default)
    {
        CatalogValidation.ValidateTenantName(name);
        if (await _store.CreateTenantAsync(name, ct).ConfigureAwait(false) == CatalogStoreStatus.AlreadyExists)
        {
            ThrowHelper.AlreadyExists($"Tenant [{name}] already exists");
        }
    }

    public async ValueTask<TenantInfo> GetTenantAsync(string name, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        TenantInfo? tenant = await _store.GetTenantAsync(name, ct).ConfigureAwait(false);
        if (tenant is null) ThrowHelper.NotFound(TenantNotFound(name));
        return tenant;
    }

    public async ValueTask UpdateTenantAsync(string name, string? resourceName, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        // Real single-node Chroma answers 200 for an unknown tenant and stores nothing (API.md §12).
        if (await _store.UpdateTenantAsync(name, resourceName, ct).ConfigureAwait(false) == CatalogStoreStatus.NotFound)
        {
            ThrowHelper.NotFound(TenantNotFound(name));
        }
    }

    public async ValueTask CreateDatabaseAsync(string tenant, string name, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (CatalogValidation.NameError(name) is { } error) ThrowHelper.InvalidArgument(error);
        var database = new DatabaseInfo(Guid.NewGuid(), name, tenant);
        switch (await _store.CreateDatabaseAsync(database, ct).ConfigureAwait(false))
        {
            case CatalogStoreStatus.AlreadyExists:
                ThrowHelper.AlreadyExists($"Database [{name}] already exists");
                break;
            case CatalogStoreStatus.ParentNotFound:
                // Real single-node Chroma creates the database anyway (API.md §12).
                ThrowHelper.NotFound(TenantNotFound(tenant));
                break;
        }
    }

    public async ValueTask<DatabaseInfo> GetDatabaseAsync(string tenant, string name, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(name);
        DatabaseInfo? database = await _store.GetDatabaseAsync(tenant, name, ct).ConfigureAwait(false);
        if (database is null) ThrowHelper.NotFound($"Database [{name}] not found. Are you sure it exists?");
        return database;
    }

    /// <summary>Ordered by name. An unknown tenant has no databases (not an error, as in Chroma).</summary>
    public ValueTask<IReadOnlyList<DatabaseInfo>> ListDatabasesAsync(string tenant, int? limit, int offset, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ValidatePage(limit, offset);
        return _store.ListDatabasesAsync(tenant, limit, offset, ct);
    }

    /// <summary>Deletes the database and every collection in it.</summary>
    public async ValueTask DeleteDatabaseAsync(string tenant, string name, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(name);
        CatalogStoreStatus status = await _store.DeleteDatabaseAsync(tenant, name, ct).ConfigureAwait(false);
        _collections.InvalidateAll(); // its collections went with it
        if (status == CatalogStoreStatus.NotFound)
        {
            ThrowHelper.NotFound($"Database [{name}] not found");
        }
    }

    private static string TenantNotFound(string name) => $"Tenant [{name}] not found";
}
