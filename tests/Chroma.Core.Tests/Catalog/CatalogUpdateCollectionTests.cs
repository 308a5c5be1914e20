using Chroma.Core.Catalog;
using Chroma.Core.Model;

namespace Chroma.Core.Tests.Catalog;

public sealed class CatalogUpdateCollectionTests : IDisposable
{
    private const string T = CatalogDefaults.Tenant;
    private const string D = CatalogDefaults.Database;

    private readonly TempCatalog _catalog = new();

    private CatalogService Catalog => _catalog.Service;

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task New_metadata_replaces_the_whole_map_and_null_values_are_dropped()
    {
        CollectionInfo c = await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_tmp", new() { ["keep"] = "k", ["drop"] = "d" }));

        await Catalog.UpdateCollectionAsync(new UpdateCollectionRequest { Id = c.Id, NewMetadata = new() { ["drop"] = MetadataValue.Null, ["added"] = 2 } });

        CollectionInfo after = await Catalog.GetCollectionAsync(T, D, "c_tmp");
        Assert.Equal(new Dictionary<string, MetadataValue> { ["added"] = 2 }, after.Metadata);
    }

    [Fact]
    public async Task New_metadata_of_only_nulls_clears_the_metadata()
    {
        CollectionInfo c = await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_tmp", new() { ["a"] = 1 }));

        await Catalog.UpdateCollectionAsync(new UpdateCollectionRequest { Id = c.Id, NewMetadata = new() { ["a"] = MetadataValue.Null } });

        Assert.Null((await Catalog.GetCollectionByIdAsync(c.Id)).Metadata);
    }

    [Fact]
    public async Task Invalid_new_metadata_is_refused()
    {
        CollectionInfo c = await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_tmp"));

        await CatalogAssert.ThrowsAsync(ChromaErrorCode.InvalidArgument, "Validation error: new_metadata: Metadata cannot be empty",
            () => Catalog.UpdateCollectionAsync(new UpdateCollectionRequest { Id = c.Id, NewMetadata = [] }));
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.InvalidArgument, "Validation error: new_metadata: Metadata key cannot start with '#' or '$': $k",
            () => Catalog.UpdateCollectionAsync(new UpdateCollectionRequest { Id = c.Id, NewMetadata = new() { ["$k"] = 1 } }));
        await Assert.ThrowsAsync<ChromaException>(async () =>
            await Catalog.UpdateCollectionAsync(new UpdateCollectionRequest { Id = c.Id, NewMetadata = new() { ["a"] = MetadataValue.FromInts([1]) } }));
    }

    [Fact]
    public async Task Rename_moves_the_name_and_a_taken_name_is_already_exists()
    {
        await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_l2"));
        CollectionInfo c = await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_tmp", new() { ["m"] = 1 }));

        await Catalog.UpdateCollectionAsync(new UpdateCollectionRequest { Id = c.Id, NewName = "c_tmp_renamed" });

        await CatalogAssert.ThrowsAsync(ChromaErrorCode.NotFound, "Collection [c_tmp] does not exist", () => Catalog.GetCollectionAsync(T, D, "c_tmp"));
        CollectionInfo renamed = await Catalog.GetCollectionAsync(T, D, "c_tmp_renamed");
        Assert.Equal(c.Id, renamed.Id);
        Assert.Equal(1, renamed.Metadata!["m"].AsInt);

        await CatalogAssert.ThrowsAsync(ChromaErrorCode.AlreadyExists, "Collection [c_l2] already exists",
            () => Catalog.UpdateCollectionAsync(new UpdateCollectionRequest { Id = c.Id, NewName = "c_l2" }));
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.InvalidArgument,
            "Validation error: new_name: Expected a name containing 3-512 characters from [a-zA-Z0-9._-], starting and ending with a character in [a-zA-Z0-9]. Got: x",
            () => Catalog.UpdateCollectionAsync(new UpdateCollectionRequest { Id = c.Id, NewName = "x" }));
    }

    [Fact]
    public async Task Hnsw_update_changes_only_the_mutable_fields()
    {
        var cosine = new CollectionConfigurationRequest { Hnsw = new HnswConfigurationUpdate { Space = DistanceSpace.Cosine, EfConstruction = 128 } };
        CollectionInfo c = await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_cfg", configuration: cosine));

        await Catalog.UpdateCollectionAsync(new UpdateCollectionRequest
        {
            Id = c.Id,
            NewHnsw = new HnswConfigurationUpdate { EfSearch = 77, MaxNeighbors = 24, NumThreads = 3, ResizeFactor = 1.5, SyncThreshold = 500, BatchSize = 50 },
        });

        HnswConfiguration h = (await Catalog.GetCollectionByIdAsync(c.Id)).Configuration.Hnsw;
        Assert.Equal(new HnswConfiguration
        {
            Space = DistanceSpace.Cosine, EfConstruction = 128, EfSearch = 77, MaxNeighbors = 24,
            NumThreads = 3, ResizeFactor = 1.5, SyncThreshold = 500, BatchSize = 50,
        }, h);
    }

    [Fact]
    public async Task Hnsw_update_of_space_or_ef_construction_is_refused()
    {
        CollectionInfo c = await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_cfg"));

        ChromaException space = await Assert.ThrowsAsync<ChromaException>(async () =>
            await Catalog.UpdateCollectionAsync(new UpdateCollectionRequest { Id = c.Id, NewHnsw = new HnswConfigurationUpdate { Space = DistanceSpace.InnerProduct } }));
        ChromaException ef = await Assert.ThrowsAsync<ChromaException>(async () =>
            await Catalog.UpdateCollectionAsync(new UpdateCollectionRequest { Id = c.Id, NewHnsw = new HnswConfigurationUpdate { EfConstruction = 10 } }));
        ChromaException zero = await Assert.ThrowsAsync<ChromaException>(async () =>
            await Catalog.UpdateCollectionAsync(new UpdateCollectionRequest { Id = c.Id, NewHnsw = new HnswConfigurationUpdate { EfSearch = 0 } }));

        Assert.Equal(ChromaErrorCode.InvalidArgument, space.Code);
        Assert.Equal(ChromaErrorCode.InvalidArgument, ef.Code);
        Assert.Equal(ChromaErrorCode.InvalidArgument, zero.Code);
        Assert.Equal(HnswConfiguration.Default, (await Catalog.GetCollectionByIdAsync(c.Id)).Configuration.Hnsw);
    }

    [Fact]
    public async Task Embedding_function_is_replaced()
    {
        var ef = new CollectionConfigurationRequest { EmbeddingFunctionJson = """{"type":"legacy"}""" };
        CollectionInfo c = await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_ef", configuration: ef));

        await Catalog.UpdateCollectionAsync(new UpdateCollectionRequest { Id = c.Id, NewEmbeddingFunctionJson = """{"type":"known","name":"default","config":{}}""" });

        Assert.Equal("""{"type":"known","name":"default","config":{}}""", (await Catalog.GetCollectionByIdAsync(c.Id)).Configuration.EmbeddingFunctionJson);
    }

    [Fact]
    public async Task Update_of_a_missing_or_foreign_collection_is_not_found()
    {
        CollectionInfo c = await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_tmp"));
        Guid missing = Guid.NewGuid();

        await CatalogAssert.ThrowsAsync(ChromaErrorCode.NotFound, $"Collection [{missing}] does not exist.",
            () => Catalog.UpdateCollectionAsync(new UpdateCollectionRequest { Id = missing, NewName = "zzz_new" }));
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.NotFound, $"Collection [{c.Id}] does not exist.",
            () => Catalog.UpdateCollectionAsync(new UpdateCollectionRequest { Id = c.Id, Tenant = T, Database = "elsewhere", NewName = "zzz_new" }));
        Assert.Equal("c_tmp", (await Catalog.GetCollectionByIdAsync(c.Id)).Name);
    }

    [Fact]
    public async Task Update_does_not_touch_dimension_or_version()
    {
        CollectionInfo c = await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_tmp"));
        await Catalog.EnsureDimensionAsync(c.Id, 3);
        Assert.True(await Catalog.RegisterVersionAsync(c.Id, 0, 1, 42));

        await Catalog.UpdateCollectionAsync(new UpdateCollectionRequest { Id = c.Id, NewName = "c_tmp2", NewMetadata = new() { ["x"] = 1.5 } });

        CollectionInfo after = await Catalog.GetCollectionByIdAsync(c.Id);
        Assert.Equal(((int?)3, 1L, 42L), (after.Dimension, after.Version, after.LogPosition));
    }
}
