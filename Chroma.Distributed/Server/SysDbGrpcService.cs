using Chroma.Core.Catalog;
using Chroma.Core.Model;
using Chroma.Distributed.Conversion;
using Grpc.Core;
using P = Chroma.Distributed.Protos;

namespace Chroma.Distributed.Server;

/// <summary>
/// The SysDb service over the host's <see cref="ICatalog"/>: each RPC converts, calls the one
/// catalog method, converts back. Chroma's rules live in the catalog, not here; its
/// ChromaExceptions become gRPC errors in <see cref="Errors.ChromaExceptionInterceptor"/>.
/// </summary>
public sealed class SysDbGrpcService : P.SysDb.SysDbBase
{
    private static readonly P.CreateTenantResponse s_createTenant = new();
    private static readonly P.UpdateTenantResponse s_updateTenant = new();
    private static readonly P.CreateDatabaseResponse s_createDatabase = new();
    private static readonly P.DeleteDatabaseResponse s_deleteDatabase = new();
    private static readonly P.UpdateCollectionResponse s_updateCollection = new();
    private static readonly P.ResetResponse s_reset = new();

    private readonly ICatalog _catalog;

    public SysDbGrpcService(ICatalog catalog) => _catalog = catalog;

    public override async Task<P.CreateTenantResponse> CreateTenant(P.CreateTenantRequest request, ServerCallContext context)
    {
        await _catalog.CreateTenantAsync(request.Name, context.CancellationToken).ConfigureAwait(false);
        return s_createTenant;
    }

    public override async Task<P.TenantInfo> GetTenant(P.GetTenantRequest request, ServerCallContext context) =>
        CatalogConversions.ToProto(await _catalog.GetTenantAsync(request.Name, context.CancellationToken).ConfigureAwait(false));

    public override async Task<P.UpdateTenantResponse> UpdateTenant(P.UpdateTenantRequest request, ServerCallContext context)
    {
        string? resourceName = request.HasResourceName ? request.ResourceName : null;
        await _catalog.UpdateTenantAsync(request.Name, resourceName, context.CancellationToken).ConfigureAwait(false);
        return s_updateTenant;
    }

    public override async Task<P.CreateDatabaseResponse> CreateDatabase(P.CreateDatabaseRequest request, ServerCallContext context)
    {
        await _catalog.CreateDatabaseAsync(request.Tenant, request.Name, context.CancellationToken).ConfigureAwait(false);
        return s_createDatabase;
    }

    public override async Task<P.DatabaseInfo> GetDatabase(P.GetDatabaseRequest request, ServerCallContext context) =>
        CatalogConversions.ToProto(await _catalog.GetDatabaseAsync(request.Tenant, request.Name, context.CancellationToken).ConfigureAwait(false));

    public override async Task<P.ListDatabasesResponse> ListDatabases(P.ListDatabasesRequest request, ServerCallContext context)
    {
        int? limit = request.HasLimit ? request.Limit : null;
        IReadOnlyList<DatabaseInfo> databases = await _catalog.ListDatabasesAsync(request.Tenant, limit, request.Offset, context.CancellationToken).ConfigureAwait(false);
        var response = new P.ListDatabasesResponse();
        foreach (DatabaseInfo database in databases) response.Databases.Add(CatalogConversions.ToProto(database));
        return response;
    }

    public override async Task<P.DeleteDatabaseResponse> DeleteDatabase(P.DeleteDatabaseRequest request, ServerCallContext context)
    {
        await _catalog.DeleteDatabaseAsync(request.Tenant, request.Name, context.CancellationToken).ConfigureAwait(false);
        return s_deleteDatabase;
    }

    public override async Task<P.CollectionInfo> CreateCollection(P.CreateCollectionRequest request, ServerCallContext context) =>
        CatalogConversions.ToProto(await _catalog.CreateCollectionAsync(CatalogConversions.FromProto(request), context.CancellationToken).ConfigureAwait(false));

    public override async Task<P.CollectionInfo> GetCollection(P.GetCollectionRequest request, ServerCallContext context) =>
        CatalogConversions.ToProto(await _catalog.GetCollectionAsync(request.Tenant, request.Database, request.Name, context.CancellationToken).ConfigureAwait(false));

    public override async Task<P.CollectionInfo> GetCollectionById(P.GetCollectionByIdRequest request, ServerCallContext context)
    {
        Guid id = IdConversions.FromProto(request.Id);
        string? tenant = request.HasTenant ? request.Tenant : null;
        string? database = request.HasDatabase ? request.Database : null;
        return CatalogConversions.ToProto(await _catalog.GetCollectionByIdAsync(id, tenant, database, context.CancellationToken).ConfigureAwait(false));
    }

    public override async Task<P.ListCollectionsResponse> ListCollections(P.ListCollectionsRequest request, ServerCallContext context)
    {
        int? limit = request.HasLimit ? request.Limit : null;
        IReadOnlyList<CollectionInfo> collections = await _catalog.ListCollectionsAsync(request.Tenant, request.Database, limit, request.Offset, context.CancellationToken).ConfigureAwait(false);
        var response = new P.ListCollectionsResponse();
        foreach (CollectionInfo collection in collections) response.Collections.Add(CatalogConversions.ToProto(collection));
        return response;
    }

    public override async Task<P.CountCollectionsResponse> CountCollections(P.CountCollectionsRequest request, ServerCallContext context) =>
        new() { Count = await _catalog.CountCollectionsAsync(request.Tenant, request.Database, context.CancellationToken).ConfigureAwait(false) };

    public override async Task<P.UpdateCollectionResponse> UpdateCollection(P.UpdateCollectionRequest request, ServerCallContext context)
    {
        await _catalog.UpdateCollectionAsync(CatalogConversions.FromProto(request), context.CancellationToken).ConfigureAwait(false);
        return s_updateCollection;
    }

    public override async Task<P.DeleteCollectionResponse> DeleteCollection(P.DeleteCollectionRequest request, ServerCallContext context)
    {
        Guid id = await _catalog.DeleteCollectionAsync(request.Tenant, request.Database, request.Name, context.CancellationToken).ConfigureAwait(false);
        return new P.DeleteCollectionResponse { Id = IdConversions.ToProto(id) };
    }

    public override async Task<P.EnsureDimensionResponse> EnsureDimension(P.EnsureDimensionRequest request, ServerCallContext context)
    {
        Guid id = IdConversions.FromProto(request.CollectionId);
        int dimension = await _catalog.EnsureDimensionAsync(id, request.Dimension, context.CancellationToken).ConfigureAwait(false);
        return new P.EnsureDimensionResponse { Dimension = dimension };
    }

    public override async Task<P.RegisterVersionResponse> RegisterVersion(P.RegisterVersionRequest request, ServerCallContext context)
    {
        Guid id = IdConversions.FromProto(request.CollectionId);
        bool registered = await _catalog.RegisterVersionAsync(id, request.ExpectedVersion, request.NewVersion, request.LogPosition, context.CancellationToken).ConfigureAwait(false);
        return new P.RegisterVersionResponse { Registered = registered };
    }

    public override async Task<P.ResetResponse> Reset(P.ResetRequest request, ServerCallContext context)
    {
        await _catalog.ResetAsync(context.CancellationToken).ConfigureAwait(false);
        return s_reset;
    }
}
