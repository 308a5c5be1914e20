using Chroma.Api.Json;
using Chroma.Core.Model;
using static Chroma.Api.Tests.Json.ParseAssert;

namespace Chroma.Api.Tests.Json;

public class CollectionPayloadParserTests
{
    private const string Shape = "Failed to deserialize the JSON body into the target type: ";

    private static Chroma.Core.Catalog.CreateCollectionRequest Create(string json) =>
        CollectionPayloadParser.ParseCreate(Utf8(json), "default_tenant", "default_database");

    [Fact]
    public void Create_reads_name_metadata_configuration_schema_and_get_or_create()
    {
        var request = Create("""
            {"name":"c_cos","metadata":{"s":"x","i":1,"f":1.5,"b":true},"get_or_create":true,
             "configuration":{"hnsw":{"space":"cosine","ef_construction":128,"ef_search":64,"max_neighbors":32,"resize_factor":1.5},
                              "embedding_function":{"type":"known","name":"default","config":{}}},
             "schema":{"defaults":{},"keys":{}}}
            """);
        Assert.Equal("c_cos", request.Name);
        Assert.Equal("default_tenant", request.Tenant);
        Assert.True(request.GetOrCreate);
        Assert.Equal(MetadataValueKind.Float, request.Metadata!["f"].Kind);
        var hnsw = request.Configuration!.Hnsw!;
        Assert.Equal(DistanceSpace.Cosine, hnsw.Space);
        Assert.Equal(128, hnsw.EfConstruction);
        Assert.Equal(64, hnsw.EfSearch);
        Assert.Equal(32, hnsw.MaxNeighbors);
        Assert.Equal(1.5, hnsw.ResizeFactor);
        Assert.Null(hnsw.SyncThreshold);
        Assert.Equal("""{"type":"known","name":"default","config":{}}""", request.Configuration.EmbeddingFunctionJson);
        Assert.Equal("""{"defaults":{},"keys":{}}""", request.SchemaJson);
    }

    [Fact]
    public void Spann_keeps_only_its_space()
    {
        var configuration = Create("""{"name":"c_spann","configuration":{"spann":{"space":"cosine","search_nprobe":64}}}""").Configuration!;
        Assert.True(configuration.HasSpann);
        Assert.Equal(DistanceSpace.Cosine, configuration.SpannSpace);
        Assert.Null(configuration.Hnsw);
    }

    [Fact]
    public void Missing_name_is_a_422() =>
        Fails(() => Create("{}"), ChromaErrorCode.UnprocessableEntity, Shape + "missing field `name` at line 1 column 2");

    [Fact]
    public void Hnsw_and_spann_together_are_rejected() =>
        Fails(() => Create("""{"name":"c_both","configuration":{"hnsw":{},"spann":{}}}"""), ChromaErrorCode.InvalidArgument,
            "Multiple vector index configurations provided");

    [Fact]
    public void Unknown_space_is_a_422() =>
        Fails(() => Create("""{"name":"c_badspace","configuration":{"hnsw":{"space":"manhattan"}}}"""), ChromaErrorCode.UnprocessableEntity,
            Shape + "configuration.hnsw.space: unknown variant `manhattan`, expected one of `l2`, `cosine`, `ip` at line 1 column 65");

    [Fact]
    public void Unknown_hnsw_field_is_a_422() =>
        Fails(() => Create("""{"name":"c_unknown","configuration":{"hnsw":{"foo":1}}}"""), ChromaErrorCode.UnprocessableEntity,
            Shape + "configuration.hnsw.foo: unknown field `foo`, expected one of `space`, `ef_construction`, `ef_search`, `max_neighbors`, `num_threads`, `resize_factor`, `sync_threshold`, `batch_size` at line 1 column 50");

    [Fact]
    public void Spann_limits_are_enforced() =>
        FailsStartingWith(() => Create("""{"name":"c_sp","configuration":{"spann":{"write_nprobe":500}}}"""), ChromaErrorCode.InvalidArgument,
            "Validation error: spann.write_nprobe:");

    [Fact]
    public void Empty_metadata_is_rejected() =>
        Fails(() => Create("""{"name":"c_meta_empty","metadata":{}}"""), ChromaErrorCode.InvalidArgument,
            "Validation error: metadata: Metadata cannot be empty");

    [Fact]
    public void Null_metadata_value_is_a_422() =>
        Fails(() => Create("""{"name":"c_meta_null","metadata":{"a":null}}"""), ChromaErrorCode.UnprocessableEntity,
            Shape + "metadata.a: data did not match any variant of untagged enum MetadataValue at line 1 column 43");

    [Fact]
    public void Nested_metadata_is_a_422() =>
        Fails(() => Create("""{"name":"c_meta_nested","metadata":{"o":{"x":1}}}"""), ChromaErrorCode.UnprocessableEntity,
            Shape + "metadata.o: data did not match any variant of untagged enum MetadataValue at line 1 column 48");

    [Fact]
    public void Array_in_collection_metadata_is_a_400_not_a_crash() =>
        FailsStartingWith(() => Create("""{"name":"c_meta_arr","metadata":{"tags":["a","b"]}}"""), ChromaErrorCode.InvalidArgument,
            "Validation error: metadata:");

    [Fact]
    public void Dollar_key_is_rejected() =>
        Fails(() => Create("""{"name":"c_meta_dollar","metadata":{"$x":1}}"""), ChromaErrorCode.InvalidArgument,
            "Validation error: metadata: Metadata key cannot start with '#' or '$': $x");

    [Theory]
    [InlineData("ab", "Validation error: name: Expected a name containing 3-512 characters from [a-zA-Z0-9._-], starting and ending with a character in [a-zA-Z0-9]. Got: ab")]
    [InlineData("bad name", "Validation error: name: Expected a name containing 3-512 characters from [a-zA-Z0-9._-], starting and ending with a character in [a-zA-Z0-9]. Got: bad name")]
    [InlineData("10.0.0.1", "Validation error: name: Expected a name that is not a valid ip address. Got 10.0.0.1")]
    [InlineData("a..b", "Validation error: name: Expected a name that does not contains two consecutive periods (..). Got a..b")]
    public void Bad_collection_names_are_rejected(string name, string message) =>
        Fails(() => Create($$"""{"name":"{{name}}"}"""), ChromaErrorCode.InvalidArgument, message);

    [Theory]
    [InlineData("abc")]
    [InlineData("my-coll_1.x")]
    [InlineData("123")]
    [InlineData("10.0.0.1.5")]
    [InlineData("one+two")]
    public void Good_collection_names_are_accepted(string name) =>
        Assert.Equal(name, Create($$"""{"name":"{{name}}"}""").Name);

    [Fact]
    public void Update_reads_name_metadata_and_configuration_and_keeps_nulls_for_the_catalog()
    {
        var payload = CollectionPayloadParser.ParseUpdate(Utf8("""
            {"new_name":"renamed","new_metadata":{"drop":null,"added":2},"new_configuration":{"hnsw":{"ef_search":77},"spann":{"search_nprobe":8}}}
            """));
        Assert.Equal("renamed", payload.NewName);
        Assert.Equal(["drop", "added"], payload.NewMetadata!.Keys);
        Assert.True(payload.NewMetadata["drop"].IsNull);
        Assert.Equal(77, payload.NewHnsw!.EfSearch);
    }

    [Fact]
    public void Update_may_not_change_space() =>
        Fails(() => CollectionPayloadParser.ParseUpdate(Utf8("""{"new_configuration":{"hnsw":{"space":"ip"}}}""")), ChromaErrorCode.UnprocessableEntity,
            Shape + "new_configuration.hnsw.space: unknown field `space`, expected one of `ef_search`, `max_neighbors`, `num_threads`, `resize_factor`, `sync_threshold`, `batch_size` at line 1 column 37");

    [Fact]
    public void Update_with_empty_metadata_is_rejected() =>
        Fails(() => CollectionPayloadParser.ParseUpdate(Utf8("""{"new_metadata":{}}""")), ChromaErrorCode.InvalidArgument,
            "Validation error: new_metadata: Metadata cannot be empty");
}
