using Chroma.Core.Catalog;
using Chroma.Core.Model;

namespace Chroma.Core.Tests.Catalog;

public sealed class CatalogConfigurationTests : IDisposable
{
    private readonly TempCatalog _catalog = new();

    private CatalogService Catalog => _catalog.Service;

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task Hnsw_request_fields_override_the_defaults()
    {
        var request = new CollectionConfigurationRequest
        {
            Hnsw = new HnswConfigurationUpdate { Space = DistanceSpace.Cosine, EfConstruction = 128, EfSearch = 64, MaxNeighbors = 32, SyncThreshold = 1 },
        };

        CollectionInfo c = await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_cos", configuration: request));

        Assert.Equal(HnswConfiguration.Default with
        {
            Space = DistanceSpace.Cosine, EfConstruction = 128, EfSearch = 64, MaxNeighbors = 32, SyncThreshold = 1,
        }, c.Configuration.Hnsw);
        Assert.Equal(c.Configuration, (await Catalog.GetCollectionByIdAsync(c.Id)).Configuration);
    }

    [Fact]
    public async Task Spann_becomes_hnsw_defaults_keeping_only_the_space()
    {
        var request = new CollectionConfigurationRequest { HasSpann = true, SpannSpace = DistanceSpace.Cosine };

        CollectionInfo c = await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_spann", configuration: request));

        Assert.Equal(HnswConfiguration.Default with { Space = DistanceSpace.Cosine }, c.Configuration.Hnsw);
    }

    [Fact]
    public async Task Spann_without_space_is_l2()
    {
        CollectionInfo c = await Catalog.CreateCollectionAsync(
            CatalogAssert.Create("c_spann", configuration: new CollectionConfigurationRequest { HasSpann = true }));

        Assert.Equal(HnswConfiguration.Default, c.Configuration.Hnsw);
    }

    [Fact]
    public async Task Hnsw_and_spann_together_are_refused()
    {
        var request = new CollectionConfigurationRequest { Hnsw = new HnswConfigurationUpdate(), HasSpann = true };

        await CatalogAssert.ThrowsAsync(ChromaErrorCode.InvalidArgument, "Multiple vector index configurations provided",
            () => Catalog.CreateCollectionAsync(CatalogAssert.Create("c_both", configuration: request)));
    }

    [Theory]
    [InlineData(0, null, null)]
    [InlineData(null, 1, null)]
    [InlineData(null, null, 0)]
    public async Task Out_of_range_hnsw_values_are_refused(int? efSearch, int? maxNeighbors, int? batchSize)
    {
        var request = new CollectionConfigurationRequest
        {
            Hnsw = new HnswConfigurationUpdate { EfSearch = efSearch, MaxNeighbors = maxNeighbors, BatchSize = batchSize },
        };

        ChromaException e = await Assert.ThrowsAsync<ChromaException>(async () =>
            await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_bad", configuration: request)));

        Assert.Equal(ChromaErrorCode.InvalidArgument, e.Code);
        Assert.StartsWith("Validation error: configuration.hnsw.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Legacy_metadata_keys_configure_hnsw_and_stay_in_metadata()
    {
        var metadata = new Dictionary<string, MetadataValue> { ["hnsw:space"] = "ip", ["hnsw:M"] = 8 };

        CollectionInfo c = await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_ip", metadata));

        Assert.Equal(HnswConfiguration.Default with { Space = DistanceSpace.InnerProduct, MaxNeighbors = 8 }, c.Configuration.Hnsw);
        Assert.Equal(metadata, (await Catalog.GetCollectionByIdAsync(c.Id)).Metadata);
    }

    [Fact]
    public async Task Every_legacy_key_is_read()
    {
        var metadata = new Dictionary<string, MetadataValue>
        {
            ["hnsw:space"] = "cosine", ["hnsw:construction_ef"] = 150, ["hnsw:search_ef"] = 70, ["hnsw:M"] = 12,
            ["hnsw:num_threads"] = 2, ["hnsw:resize_factor"] = 2, ["hnsw:sync_threshold"] = 300, ["hnsw:batch_size"] = 30,
        };

        CollectionInfo c = await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_legacy", metadata));

        Assert.Equal(new HnswConfiguration
        {
            Space = DistanceSpace.Cosine, EfConstruction = 150, EfSearch = 70, MaxNeighbors = 12,
            NumThreads = 2, ResizeFactor = 2.0, SyncThreshold = 300, BatchSize = 30,
        }, c.Configuration.Hnsw);
    }

    [Fact]
    public async Task Legacy_keys_apply_alongside_an_embedding_function_but_not_over_explicit_hnsw()
    {
        var metadata = new Dictionary<string, MetadataValue> { ["hnsw:space"] = "cosine" };
        var efOnly = new CollectionConfigurationRequest { EmbeddingFunctionJson = """{"type":"legacy"}""" };
        var explicitHnsw = new CollectionConfigurationRequest { Hnsw = new HnswConfigurationUpdate { Space = DistanceSpace.InnerProduct } };

        CollectionInfo withEf = await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_ef", metadata, efOnly));
        CollectionInfo withHnsw = await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_hnsw", metadata, explicitHnsw));

        Assert.Equal(DistanceSpace.Cosine, withEf.Configuration.Hnsw.Space);
        Assert.Equal("""{"type":"legacy"}""", withEf.Configuration.EmbeddingFunctionJson);
        Assert.Equal(DistanceSpace.InnerProduct, withHnsw.Configuration.Hnsw.Space);
    }

    [Theory]
    [InlineData("hnsw:space", "manhattan")]
    [InlineData("hnsw:M", "eight")]
    [InlineData("hnsw:M", 8.5)]
    [InlineData("hnsw:M", -1)]
    [InlineData("hnsw:resize_factor", "big")]
    [InlineData("hnsw:unknown", 1)]
    public async Task Bad_legacy_values_are_refused(string key, object value)
    {
        MetadataValue metadataValue = value switch
        {
            string s => s,
            int i => i,
            double d => d,
            _ => throw new ArgumentOutOfRangeException(nameof(value)),
        };

        ChromaException e = await Assert.ThrowsAsync<ChromaException>(async () =>
            await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_bad", new() { [key] = metadataValue })));

        Assert.Equal(ChromaErrorCode.InvalidArgument, e.Code);
        Assert.Contains(key, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embedding_function_json_is_kept_verbatim()
    {
        const string ef = """{"type": "known", "name": "default", "config": {}}""";

        CollectionInfo c = await Catalog.CreateCollectionAsync(
            CatalogAssert.Create("c_ef", configuration: new CollectionConfigurationRequest { EmbeddingFunctionJson = ef }));

        Assert.Equal(ef, (await Catalog.GetCollectionByIdAsync(c.Id)).Configuration.EmbeddingFunctionJson);
    }
}
