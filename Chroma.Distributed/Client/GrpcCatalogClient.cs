using Chroma.Core.Catalog;
using Chroma.Core.Model;
using Chroma.Distributed.Conversion;
using P = Chroma.Distributed.Protos;

namespace Chroma.Distributed.Client;

/// <summary>
/// <see cref="ICatalog"/> over the SysDb service. Same answers and same errors (code and
/// message) as the catalog the server wraps. Reads and writes go through two clients so the
/// host may add retries to reads while writes are never retried: a create or a
/// compare-and-swap whose answer was lost must not be replayed blindly.
/// </summary>
public sealed class GrpcCatalogClient : ICatalog
{
    private readonly P.SysDb.SysDbClient _reads;
    private readonly P.SysDb.SysDbClient _writes;

    public GrpcCatalogClient(P.SysDb.SysDbClient reads, P.SysDb.SysDbClient writes)
    {
        _reads = reads;
        _writes = writes;
    }

    public async ValueTask CreateTenantAsync(string name, CancellationToken ct = default) =>
        await GrpcCalls.UnaryAsync(_writes.CreateTenantAsync(new P.CreateTenantRequest { Name = name }, cancellationToken: ct)).ConfigureAwait(false);

    public async ValueTask<TenantInfo> GetTenantAsync(string name, CancellationToken ct = default) =>
        CatalogConversions.FromProto(await GrpcCalls.UnaryAsync(_reads.GetTenantAsync(new P.GetTenantRequest { Name = name }, cancellationToken: ct)).ConfigureAwait(false));

    public async ValueTask UpdateTenantAsync(string name, string? resourceName, CancellationToken ct = default)
    {
        var request = new P.UpdateTenantRequest { Name = name };
        if (resourceName is not null) request.ResourceName = resourceName;
        await GrpcCalls.UnaryAsync(_writes.UpdateTenantAsync(request, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async ValueTask CreateDatabaseAsync(string tenant, string name, CancellationToken ct = default) =>
        await GrpcCalls.UnaryAsync(_writes.CreateDatabaseAsync(new P.CreateDatabaseRequest { Tenant = tenant, Name = name }, cancellationToken: ct)).ConfigureAwait(false);

    public async ValueTask<DatabaseInfo> GetDatabaseAsync(string tenant, string name, CancellationToken ct = default) =>
        CatalogConversions.FromProto(await GrpcCalls.UnaryAsync(_reads.GetDatabaseAsync(new P.GetDatabaseRequest { Tenant = tenant, Name = name }, cancellationToken: ct)).ConfigureAwait(false));

    public async ValueTask<IReadOnlyList<DatabaseInfo>> ListDatabasesAsync(string tenant, int? limit, int offset, CancellationToken ct = default)
    {
        var request = new P.ListDatabasesRequest { Tenant = tenant, Offset = offset };
        if (limit is int value) request.Limit = value;
        P.ListDatabasesResponse response = await GrpcCalls.UnaryAsync(_reads.ListDatabasesAsync(request, cancellationToken: ct)).ConfigureAwait(false);
        var databases = new DatabaseInfo[response.Databases.Count];
        for (int i = 0; i < databases.Length; i++) databases[i] = CatalogConversions.FromProto(response.Databases[i]);
        return databases;
    }

    public async ValueTask DeleteDatabaseAsync(string tenant, string name, CancellationToken ct = default) =>
        await GrpcCalls.UnaryAsync(_writes.DeleteDatabaseAsync(new P.DeleteDatabaseRequest { Tenant = tenant, Name = name }, cancellationToken: ct)).ConfigureAwait(false);

    public async ValueTask<CollectionInfo> CreateCollectionAsync(CreateCollectionRequest request, CancellationToken ct = default) =>
        CatalogConversions.FromProto(await GrpcCalls.UnaryAsync(_writes.CreateCollectionAsync(CatalogConversions.ToProto(request), cancellationToken: ct)).ConfigureAwait(false));

    public async ValueTask<CollectionInfo> GetCollectionAsync(string tenant, string database, string name, CancellationToken ct = default)
    {
        var request = new P.GetCollectionRequest { Tenant = tenant, Database = database, Name = name };
        return CatalogConversions.FromProto(await GrpcCalls.UnaryAsync(_reads.GetCollectionAsync(request, cancellationToken: ct)).ConfigureAwait(false));
    }

    public async ValueTask<CollectionInfo> GetCollectionByIdAsync(Guid id, string? tenant = null, string? database = null, CancellationToken ct = default)
    {
        var request = new P.GetCollectionByIdRequest { Id = IdConversions.ToProto(id) };
        if (tenant is not null) request.Tenant = tenant;
        if (database is not null) request.Database = database;
        return CatalogConversions.FromProto(await GrpcCalls.UnaryAsync(_reads.GetCollectionByIdAsync(request, cancellationToken: ct)).ConfigureAwait(false));
    }

    public async ValueTask<IReadOnlyList<CollectionInfo>> ListCollectionsAsync(string tenant, string database, int? limit, int offset, CancellationToken ct = default)
    {
        var request = new P.ListCollectionsRequest { Tenant = tenant, Database = database, Offset = offset };
        if (limit is int value) request.Limit = value;
        P.ListCollectionsResponse response = await GrpcCalls.UnaryAsync(_reads.ListCollectionsAsync(request, cancellationToken: ct)).ConfigureAwait(false);
        var collections = new CollectionInfo[response.Collections.Count];
        for (int i = 0; i < collections.Length; i++) collections[i] = CatalogConversions.FromProto(response.Collections[i]);
        return collections;
    }

    public async ValueTask<int> CountCollectionsAsync(string tenant, string database, CancellationToken ct = default)
    {
        var request = new P.CountCollectionsRequest { Tenant = tenant, Database = database };
        return (await GrpcCalls.UnaryAsync(_reads.CountCollectionsAsync(request, cancellationToken: ct)).ConfigureAwait(false)).Count;
    }

    public async ValueTask UpdateCollectionAsync(UpdateCollectionRequest request, CancellationToken ct = default) =>
        await GrpcCalls.UnaryAsync(_writes.UpdateCollectionAsync(CatalogConversions.ToProto(request), cancellationToken: ct)).ConfigureAwait(false);

    public async ValueTask<Guid> DeleteCollectionAsync(string tenant, string database, string name, CancellationToken ct = default)
    {
        var request = new P.DeleteCollectionRequest { Tenant = tenant, Database = database, Name = name };
        P.DeleteCollectionResponse response = await GrpcCalls.UnaryAsync(_writes.DeleteCollectionAsync(request, cancellationToken: ct)).ConfigureAwait(false);
        return IdConversions.FromProto(response.Id);
    }

    public async ValueTask<int> EnsureDimensionAsync(Guid collectionId, int dimension, CancellationToken ct = default)
    {
        var request = new P.EnsureDimensionRequest { CollectionId = IdConversions.ToProto(collectionId), Dimension = dimension };
        return (await GrpcCalls.UnaryAsync(_writes.EnsureDimensionAsync(request, cancellationToken: ct)).ConfigureAwait(false)).Dimension;
    }

    public async ValueTask<bool> RegisterVersionAsync(Guid collectionId, long expectedVersion, long newVersion, long logPosition, CancellationToken ct = default)
    {
        var request = new P.RegisterVersionRequest
        {
            CollectionId = IdConversions.ToProto(collectionId),
            ExpectedVersion = expectedVersion,
            NewVersion = newVersion,
            LogPosition = logPosition,
        };
        return (await GrpcCalls.UnaryAsync(_writes.RegisterVersionAsync(request, cancellationToken: ct)).ConfigureAwait(false)).Registered;
    }

    public async ValueTask ResetAsync(CancellationToken ct = default) =>
        await GrpcCalls.UnaryAsync(_writes.ResetAsync(new P.ResetRequest(), cancellationToken: ct)).ConfigureAwait(false);
}
