using Chroma.Core.Catalog;
using Chroma.Core.Model;
using P = Chroma.Distributed.Protos;

namespace Chroma.Distributed.Conversion;

/// <summary>Catalog models (tenants, databases, collections, configurations), proto &lt;-&gt; engine.</summary>
public static class CatalogConversions
{
    public static P.TenantInfo ToProto(TenantInfo tenant)
    {
        var proto = new P.TenantInfo { Name = tenant.Name };
        if (tenant.ResourceName is not null) proto.ResourceName = tenant.ResourceName;
        return proto;
    }

    public static TenantInfo FromProto(P.TenantInfo proto) =>
        new(proto.Name, proto.HasResourceName ? proto.ResourceName : null);

    public static P.DatabaseInfo ToProto(DatabaseInfo database) =>
        new() { Id = IdConversions.ToProto(database.Id), Name = database.Name, Tenant = database.Tenant };

    public static DatabaseInfo FromProto(P.DatabaseInfo proto) =>
        new(IdConversions.FromProto(proto.Id, "database id"), proto.Name, proto.Tenant);

    public static P.CollectionInfo ToProto(CollectionInfo collection)
    {
        var proto = new P.CollectionInfo
        {
            Id = IdConversions.ToProto(collection.Id),
            Name = collection.Name,
            Tenant = collection.Tenant,
            Database = collection.Database,
            Metadata = MetadataConversions.ToProtoOrNull(collection.Metadata),
            Configuration = ToProto(collection.Configuration),
            LogPosition = collection.LogPosition,
            Version = collection.Version,
        };
        if (collection.Dimension is int dimension) proto.Dimension = dimension;
        if (collection.SchemaJson is not null) proto.SchemaJson = collection.SchemaJson;
        return proto;
    }

    public static CollectionInfo FromProto(P.CollectionInfo proto) => new()
    {
        Id = IdConversions.FromProto(proto.Id),
        Name = proto.Name,
        Tenant = proto.Tenant,
        Database = proto.Database,
        Dimension = proto.HasDimension ? proto.Dimension : null,
        Metadata = MetadataConversions.FromProtoOrNull(proto.Metadata),
        Configuration = proto.Configuration is null ? CollectionConfiguration.Default : FromProto(proto.Configuration),
        SchemaJson = proto.HasSchemaJson ? proto.SchemaJson : null,
        LogPosition = proto.LogPosition,
        Version = proto.Version,
    };

    public static P.CollectionConfiguration ToProto(CollectionConfiguration configuration)
    {
        var proto = new P.CollectionConfiguration { Hnsw = ToProto(configuration.Hnsw) };
        if (configuration.EmbeddingFunctionJson is not null) proto.EmbeddingFunctionJson = configuration.EmbeddingFunctionJson;
        return proto;
    }

    public static CollectionConfiguration FromProto(P.CollectionConfiguration proto) => new()
    {
        Hnsw = proto.Hnsw is null ? HnswConfiguration.Default : FromProto(proto.Hnsw),
        EmbeddingFunctionJson = proto.HasEmbeddingFunctionJson ? proto.EmbeddingFunctionJson : null,
    };

    public static P.HnswConfiguration ToProto(HnswConfiguration hnsw) => new()
    {
        Space = ToProto(hnsw.Space),
        EfConstruction = hnsw.EfConstruction,
        EfSearch = hnsw.EfSearch,
        MaxNeighbors = hnsw.MaxNeighbors,
        NumThreads = hnsw.NumThreads,
        ResizeFactor = hnsw.ResizeFactor,
        SyncThreshold = hnsw.SyncThreshold,
        BatchSize = hnsw.BatchSize,
    };

    public static HnswConfiguration FromProto(P.HnswConfiguration proto) => new()
    {
        Space = FromProto(proto.Space),
        EfConstruction = proto.EfConstruction,
        EfSearch = proto.EfSearch,
        MaxNeighbors = proto.MaxNeighbors,
        NumThreads = proto.NumThreads,
        ResizeFactor = proto.ResizeFactor,
        SyncThreshold = proto.SyncThreshold,
        BatchSize = proto.BatchSize,
    };

    public static P.HnswConfigurationUpdate ToProto(HnswConfigurationUpdate update)
    {
        var proto = new P.HnswConfigurationUpdate();
        if (update.Space is DistanceSpace space) proto.Space = ToProto(space);
        if (update.EfConstruction is int efConstruction) proto.EfConstruction = efConstruction;
        if (update.EfSearch is int efSearch) proto.EfSearch = efSearch;
        if (update.MaxNeighbors is int maxNeighbors) proto.MaxNeighbors = maxNeighbors;
        if (update.NumThreads is int numThreads) proto.NumThreads = numThreads;
        if (update.ResizeFactor is double resizeFactor) proto.ResizeFactor = resizeFactor;
        if (update.SyncThreshold is int syncThreshold) proto.SyncThreshold = syncThreshold;
        if (update.BatchSize is int batchSize) proto.BatchSize = batchSize;
        return proto;
    }

    public static HnswConfigurationUpdate FromProto(P.HnswConfigurationUpdate proto) => new()
    {
        Space = proto.HasSpace ? FromProto(proto.Space) : null,
        EfConstruction = proto.HasEfConstruction ? proto.EfConstruction : null,
        EfSearch = proto.HasEfSearch ? proto.EfSearch : null,
        MaxNeighbors = proto.HasMaxNeighbors ? proto.MaxNeighbors : null,
        NumThreads = proto.HasNumThreads ? proto.NumThreads : null,
        ResizeFactor = proto.HasResizeFactor ? proto.ResizeFactor : null,
        SyncThreshold = proto.HasSyncThreshold ? proto.SyncThreshold : null,
        BatchSize = proto.HasBatchSize ? proto.BatchSize : null,
    };

    public static P.CollectionConfigurationRequest ToProto(CollectionConfigurationRequest request)
    {
        var proto = new P.CollectionConfigurationRequest { HasSpann = request.HasSpann };
        if (request.Hnsw is not null) proto.Hnsw = ToProto(request.Hnsw);
        if (request.SpannSpace is DistanceSpace spannSpace) proto.SpannSpace = ToProto(spannSpace);
        if (request.EmbeddingFunctionJson is not null) proto.EmbeddingFunctionJson = request.EmbeddingFunctionJson;
        return proto;
    }

    public static CollectionConfigurationRequest FromProto(P.CollectionConfigurationRequest proto) => new()
    {
        Hnsw = proto.Hnsw is null ? null : FromProto(proto.Hnsw),
        SpannSpace = proto.HasSpannSpace ? FromProto(proto.SpannSpace) : null,
        HasSpann = proto.HasSpann,
        EmbeddingFunctionJson = proto.HasEmbeddingFunctionJson ? proto.EmbeddingFunctionJson : null,
    };

    public static P.CreateCollectionRequest ToProto(CreateCollectionRequest request)
    {
        var proto = new P.CreateCollectionRequest
        {
            Tenant = request.Tenant,
            Database = request.Database,
            Name = request.Name,
            Metadata = MetadataConversions.ToProtoOrNull(request.Metadata),
            Configuration = request.Configuration is null ? null : ToProto(request.Configuration),
            GetOrCreate = request.GetOrCreate,
        };
        if (request.SchemaJson is not null) proto.SchemaJson = request.SchemaJson;
        return proto;
    }

    public static CreateCollectionRequest FromProto(P.CreateCollectionRequest proto) => new()
    {
        Tenant = proto.Tenant,
        Database = proto.Database,
        Name = proto.Name,
        Metadata = MetadataConversions.FromProtoOrNull(proto.Metadata),
        Configuration = proto.Configuration is null ? null : FromProto(proto.Configuration),
        SchemaJson = proto.HasSchemaJson ? proto.SchemaJson : null,
        GetOrCreate = proto.GetOrCreate,
    };

    public static P.UpdateCollectionRequest ToProto(UpdateCollectionRequest request)
    {
        var proto = new P.UpdateCollectionRequest
        {
            Id = IdConversions.ToProto(request.Id),
            NewMetadata = MetadataConversions.ToProtoOrNull(request.NewMetadata),
            NewHnsw = request.NewHnsw is null ? null : ToProto(request.NewHnsw),
        };
        if (request.Tenant is not null) proto.Tenant = request.Tenant;
        if (request.Database is not null) proto.Database = request.Database;
        if (request.NewName is not null) proto.NewName = request.NewName;
        if (request.NewEmbeddingFunctionJson is not null) proto.NewEmbeddingFunctionJson = request.NewEmbeddingFunctionJson;
        return proto;
    }

    public static UpdateCollectionRequest FromProto(P.UpdateCollectionRequest proto) => new()
    {
        Id = IdConversions.FromProto(proto.Id),
        Tenant = proto.HasTenant ? proto.Tenant : null,
        Database = proto.HasDatabase ? proto.Database : null,
        NewName = proto.HasNewName ? proto.NewName : null,
        NewMetadata = MetadataConversions.FromProtoOrNull(proto.NewMetadata),
        NewHnsw = proto.NewHnsw is null ? null : FromProto(proto.NewHnsw),
        NewEmbeddingFunctionJson = proto.HasNewEmbeddingFunctionJson ? proto.NewEmbeddingFunctionJson : null,
    };

    public static P.DistanceSpace ToProto(DistanceSpace space) => space switch
    {
        DistanceSpace.L2 => P.DistanceSpace.L2,
        DistanceSpace.Cosine => P.DistanceSpace.Cosine,
        DistanceSpace.InnerProduct => P.DistanceSpace.InnerProduct,
        _ => throw new ArgumentOutOfRangeException(nameof(space), space, "Unknown distance space."),
    };

    public static DistanceSpace FromProto(P.DistanceSpace space) => space switch
    {
        P.DistanceSpace.L2 => DistanceSpace.L2,
        P.DistanceSpace.Cosine => DistanceSpace.Cosine,
        P.DistanceSpace.InnerProduct => DistanceSpace.InnerProduct,
        _ => ThrowHelper.InvalidArgument<DistanceSpace>($"Unknown distance space {(int)space}."),
    };
}
