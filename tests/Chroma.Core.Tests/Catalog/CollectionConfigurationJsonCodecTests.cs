using Chroma.Core.Catalog;
using Chroma.Core.Model;

namespace Chroma.Core.Tests.Catalog;

public sealed class CollectionConfigurationJsonCodecTests
{
    [Fact]
    public void Every_field_round_trips()
    {
        var configuration = new CollectionConfiguration
        {
            Hnsw = new HnswConfiguration
            {
                Space = DistanceSpace.InnerProduct,
                EfConstruction = 128,
                EfSearch = 64,
                MaxNeighbors = 32,
                NumThreads = 3,
                ResizeFactor = 1.5,
                SyncThreshold = 7,
                BatchSize = 9,
            },
            EmbeddingFunctionJson = """{"type":"known","name":"default","config":{"a":[1,2.0]}}""",
        };

        CollectionConfiguration back = CollectionConfigurationJsonCodec.Deserialize(CollectionConfigurationJsonCodec.Serialize(configuration));

        Assert.Equal(configuration, back);
    }

    [Fact]
    public void Missing_fields_take_defaults_and_unknown_fields_are_skipped()
    {
        CollectionConfiguration back = CollectionConfigurationJsonCodec.Deserialize(
            """{"hnsw":{"space":"cosine","future":{"x":1}},"later":[1,2]}""");

        Assert.Equal(HnswConfiguration.Default with { Space = DistanceSpace.Cosine }, back.Hnsw);
        Assert.Null(back.EmbeddingFunctionJson);
    }

    [Fact]
    public void Invalid_embedding_function_json_is_refused_on_write()
    {
        var configuration = new CollectionConfiguration { EmbeddingFunctionJson = "{not json" };

        Assert.ThrowsAny<System.Text.Json.JsonException>(() => CollectionConfigurationJsonCodec.Serialize(configuration));
    }

    [Fact]
    public void Corrupt_text_is_reported_as_data_loss()
    {
        ChromaException e = Assert.Throws<ChromaException>(() => CollectionConfigurationJsonCodec.Deserialize("""{"hnsw":{"space":"manhattan"}}"""));
        Assert.Equal(ChromaErrorCode.DataLoss, e.Code);
    }
}
