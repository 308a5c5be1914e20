using System.Text.Json;
using Chroma.Api.Tests.Infrastructure;

namespace Chroma.Api.Tests.Suite;

// §3, §5, §6 collections: create, configuration, metadata, get, list, count, modify, delete.
public abstract partial class ChromaApiSuite
{
    [Fact]
    public async Task Collection_Create_ReturnsFullCollectionWithDefaults()
    {
        TestCollection collection = await CreateCollectionAsync();
        JsonElement json = collection.Created.Json;
        Assert.True(Guid.TryParse(collection.Id, out _));
        Assert.Equal(collection.Name, json.GetProperty("name").GetString());
        Assert.Equal("default_tenant", json.GetProperty("tenant").GetString());
        Assert.Equal("default_database", json.GetProperty("database").GetString());
        AssertNull(json, "metadata");
        AssertNull(json, "dimension");
        Assert.Equal(0, json.GetProperty("log_position").GetInt64());
        Assert.Equal(0, json.GetProperty("version").GetInt64());
        Assert.Equal(JsonValueKind.Object, json.GetProperty("schema").ValueKind);

        JsonElement configuration = json.GetProperty("configuration_json");
        AssertNull(configuration, "spann");
        AssertNull(configuration, "embedding_function");
        JsonElement hnsw = configuration.GetProperty("hnsw");
        Assert.Equal("l2", hnsw.GetProperty("space").GetString());
        Assert.Equal(100, hnsw.GetProperty("ef_construction").GetInt32());
        Assert.Equal(100, hnsw.GetProperty("ef_search").GetInt32());
        Assert.Equal(16, hnsw.GetProperty("max_neighbors").GetInt32());
        Assert.Equal(1.2, hnsw.GetProperty("resize_factor").GetDouble(), 6);
        Assert.Equal(1000, hnsw.GetProperty("sync_threshold").GetInt32());
        Assert.False(hnsw.TryGetProperty("num_threads", out _), "num_threads is not serialized in configuration_json");
        Assert.False(hnsw.TryGetProperty("batch_size", out _), "batch_size is not serialized in configuration_json");
    }

    [Fact]
    public async Task Collection_CreateDuplicate_Returns409()
    {
        TestCollection collection = await CreateCollectionAsync();
        (await Http.PostAsync(ChromaHttp.Collections(), $$"""{"name":"{{collection.Name}}"}"""))
            .ExpectError(409, "ChromaError", $"Collection [{collection.Name}] already exists");
    }

    [Fact]
    public async Task Collection_GetOrCreateExisting_ReturnsItUnchanged()
    {
        TestCollection collection = await CreateCollectionAsync("\"metadata\":{\"keep\":\"me\"}");
        ApiResponse response = (await Http.PostAsync(
            ChromaHttp.Collections(),
            "{\"name\":\"" + collection.Name + "\",\"get_or_create\":true,\"metadata\":{\"added\":1},\"configuration\":{\"hnsw\":{\"space\":\"ip\"}}}")).Expect(200);
        Assert.Equal(collection.Id, response.Json.GetProperty("id").GetString());
        Assert.Equal("me", response.Json.GetProperty("metadata").GetProperty("keep").GetString());
        Assert.False(response.Json.GetProperty("metadata").TryGetProperty("added", out _));
        Assert.Equal("l2", response.Json.GetProperty("configuration_json").GetProperty("hnsw").GetProperty("space").GetString());
    }

    [Fact]
    public async Task Collection_GetOrCreateNew_Creates()
    {
        string name = UniqueName("goc");
        ApiResponse response = (await Http.PostAsync(ChromaHttp.Collections(), $$"""{"name":"{{name}}","get_or_create":true}""")).Expect(200);
        ApiResponse get = (await Http.GetAsync($"{ChromaHttp.Collections()}/{name}")).Expect(200);
        Assert.Equal(response.Json.GetProperty("id").GetString(), get.Json.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Collection_Metadata_RoundTripsTypes()
    {
        TestCollection collection = await CreateCollectionAsync("\"metadata\":{\"s\":\"x\",\"i\":1,\"f\":1.5,\"whole\":2.0,\"b\":true}");
        ApiResponse get = (await Http.GetAsync($"{ChromaHttp.Collections()}/{collection.Name}")).Expect(200);
        JsonElement metadata = get.Json.GetProperty("metadata");
        Assert.Equal("x", metadata.GetProperty("s").GetString());
        Assert.Equal(1, metadata.GetProperty("i").GetInt64());
        Assert.Equal(1.5, metadata.GetProperty("f").GetDouble());
        Assert.True(metadata.GetProperty("b").GetBoolean());
        AssertRaw(get, "\"i\"\\s*:\\s*1\\s*[,}]");
        AssertRaw(get, "\"whole\"\\s*:\\s*2\\.0\\s*[,}]");
    }

    [Theory]
    [InlineData("{}", 400, "InvalidArgumentError", "Metadata cannot be empty")]
    [InlineData("{\"a\":null}", 422, "ChromaError", null)]
    [InlineData("{\"o\":{\"x\":1}}", 422, "ChromaError", null)]
    [InlineData("{\"$x\":1}", 400, "InvalidArgumentError", "$x")]
    [InlineData("{\"#x\":1}", 400, "InvalidArgumentError", "#x")]
    [InlineData("{\"\":1}", 400, "InvalidArgumentError", null)]
    [InlineData("{\"tags\":[\"a\",\"b\"]}", 400, "InvalidArgumentError", null)]
    public async Task Collection_InvalidMetadata_IsRejectedAndNotCreated(string metadata, int status, string error, string? message)
    {
        string name = UniqueName("badmeta");
        (await Http.PostAsync(ChromaHttp.Collections(), $$"""{"name":"{{name}}","metadata":{{metadata}}}""")).ExpectError(status, error, message);
        (await Http.GetAsync($"{ChromaHttp.Collections()}/{name}")).ExpectError(404, "NotFoundError");
    }

    [Theory]
    [InlineData("ab", "3-512 characters")]
    [InlineData("bad name", "3-512 characters")]
    [InlineData("-leading", "3-512 characters")]
    [InlineData("trailing_", "3-512 characters")]
    [InlineData("10.0.0.1", "ip address")]
    [InlineData("a..b", "two consecutive periods")]
    public async Task Collection_InvalidName_Returns400(string name, string messageFragment)
    {
        (await Http.PostAsync(ChromaHttp.Collections(), JsonSerializer.Serialize(new { name })))
            .ExpectError(400, "InvalidArgumentError", messageFragment);
    }

    [Fact]
    public async Task Collection_NameLengthLimitIs512()
    {
        string longest = "n" + new string('x', 505) + Guid.NewGuid().ToString("N")[..5] + "n";
        Assert.Equal(512, longest.Length);
        (await Http.PostAsync(ChromaHttp.Collections(), $$"""{"name":"{{longest}}"}""")).Expect(200);
        (await Http.PostAsync(ChromaHttp.Collections(), $$"""{"name":"{{longest}}x"}""")).ExpectError(400, "InvalidArgumentError");
    }

    [Fact]
    public async Task Collection_MissingName_Returns422()
    {
        (await Http.PostAsync(ChromaHttp.Collections(), "{}")).ExpectError(422, "ChromaError", "name");
    }

    [Fact]
    public async Task Collection_HnswConfiguration_IsEchoed()
    {
        TestCollection collection = await CreateCollectionAsync(
            "\"configuration\":{\"hnsw\":{\"space\":\"cosine\",\"ef_construction\":128,\"ef_search\":64,\"max_neighbors\":32,\"resize_factor\":1.5,\"sync_threshold\":500}}");
        ApiResponse get = (await Http.GetAsync($"{ChromaHttp.Collections()}/by-id/{collection.Id}")).Expect(200);
        JsonElement hnsw = get.Json.GetProperty("configuration_json").GetProperty("hnsw");
        Assert.Equal("cosine", hnsw.GetProperty("space").GetString());
        Assert.Equal(128, hnsw.GetProperty("ef_construction").GetInt32());
        Assert.Equal(64, hnsw.GetProperty("ef_search").GetInt32());
        Assert.Equal(32, hnsw.GetProperty("max_neighbors").GetInt32());
        Assert.Equal(1.5, hnsw.GetProperty("resize_factor").GetDouble());
        Assert.Equal(500, hnsw.GetProperty("sync_threshold").GetInt32());
    }

    [Fact]
    public async Task Collection_LegacyHnswMetadata_ConfiguresIndexAndIsKept()
    {
        TestCollection collection = await CreateCollectionAsync("\"metadata\":{\"hnsw:space\":\"ip\",\"hnsw:M\":8,\"hnsw:construction_ef\":50,\"hnsw:search_ef\":20}");
        JsonElement json = collection.Created.Json;
        JsonElement hnsw = json.GetProperty("configuration_json").GetProperty("hnsw");
        Assert.Equal("ip", hnsw.GetProperty("space").GetString());
        Assert.Equal(8, hnsw.GetProperty("max_neighbors").GetInt32());
        Assert.Equal(50, hnsw.GetProperty("ef_construction").GetInt32());
        Assert.Equal(20, hnsw.GetProperty("ef_search").GetInt32());
        Assert.Equal("ip", json.GetProperty("metadata").GetProperty("hnsw:space").GetString());
        Assert.Equal(8, json.GetProperty("metadata").GetProperty("hnsw:M").GetInt32());

        // The legacy space is really used: ip distance is 1 - dot.
        (await Http.PostAsync(RecordsPath(collection.Id, "add"), """{"ids":["r"],"embeddings":[[3,3,3]]}""")).Expect(201);
        ApiResponse query = (await QueryAsync(collection.Id, """{"query_embeddings":[[1,1,1]],"n_results":1,"include":["distances"]}""")).Expect(200);
        AssertClose([-8], Doubles(query.Json.GetProperty("distances")[0]));
    }

    [Fact]
    public async Task Collection_SpannOnSingleNode_BecomesHnswKeepingSpace()
    {
        TestCollection collection = await CreateCollectionAsync("\"configuration\":{\"spann\":{\"space\":\"cosine\"}}");
        JsonElement configuration = collection.Created.Json.GetProperty("configuration_json");
        if (configuration.GetProperty("hnsw").ValueKind == JsonValueKind.Object)
        {
            Assert.Equal("cosine", configuration.GetProperty("hnsw").GetProperty("space").GetString());
        }
        else
        {
            // Distributed deployments keep SPANN.
            Assert.Equal("cosine", configuration.GetProperty("spann").GetProperty("space").GetString());
        }
    }

    [Fact]
    public async Task Collection_HnswAndSpann_Returns400()
    {
        string name = UniqueName("both");
        (await Http.PostAsync(ChromaHttp.Collections(), "{\"name\":\"" + name + "\",\"configuration\":{\"hnsw\":{},\"spann\":{}}}"))
            .ExpectError(400, "InvalidArgumentError", "Multiple vector index configurations provided");
    }

    [Theory]
    [InlineData("{\"hnsw\":{\"space\":\"manhattan\"}}")]
    [InlineData("{\"hnsw\":{\"foo\":1}}")]
    public async Task Collection_BadConfigurationShape_Returns422(string configuration)
    {
        string name = UniqueName("badcfg");
        (await Http.PostAsync(ChromaHttp.Collections(), $$"""{"name":"{{name}}","configuration":{{configuration}}}""")).ExpectError(422, "ChromaError");
        (await Http.GetAsync($"{ChromaHttp.Collections()}/{name}")).ExpectError(404, "NotFoundError");
    }

    [Fact]
    public async Task Collection_EmbeddingFunction_IsStoredVerbatim()
    {
        TestCollection collection = await CreateCollectionAsync(
            "\"configuration\":{\"embedding_function\":{\"type\":\"known\",\"name\":\"openai\",\"config\":{\"model_name\":\"m\",\"dims\":3}}}");
        ApiResponse get = (await Http.GetAsync($"{ChromaHttp.Collections()}/{collection.Name}")).Expect(200);
        JsonElement function = get.Json.GetProperty("configuration_json").GetProperty("embedding_function");
        Assert.Equal("known", function.GetProperty("type").GetString());
        Assert.Equal("openai", function.GetProperty("name").GetString());
        Assert.Equal("m", function.GetProperty("config").GetProperty("model_name").GetString());
        Assert.Equal(3, function.GetProperty("config").GetProperty("dims").GetInt32());
    }

    [Fact]
    public async Task Collection_GetByNameAndById()
    {
        TestCollection collection = await CreateCollectionAsync();
        ApiResponse byName = (await Http.GetAsync($"{ChromaHttp.Collections()}/{collection.Name}")).Expect(200);
        ApiResponse byId = (await Http.GetAsync($"{ChromaHttp.Collections()}/by-id/{collection.Id}")).Expect(200);
        Assert.Equal(collection.Id, byName.Json.GetProperty("id").GetString());
        Assert.Equal(collection.Name, byId.Json.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Collection_GetMissing_Returns404()
    {
        (await Http.GetAsync($"{ChromaHttp.Collections()}/nope_coll")).ExpectError(404, "NotFoundError", "Collection [nope_coll] does not exist");
        string unknown = Guid.NewGuid().ToString();
        (await Http.GetAsync($"{ChromaHttp.Collections()}/by-id/{unknown}")).ExpectError(404, "NotFoundError", unknown);
    }

    [Fact]
    public async Task Collection_GetByInvalidId_Returns400()
    {
        (await Http.GetAsync($"{ChromaHttp.Collections()}/by-id/not-a-uuid")).ExpectError(400, "InvalidArgumentError");
    }

    /// <summary>§12: real single-node Chroma drops the connection; we answer with an error body.</summary>
    [Fact]
    public async Task Collection_GetByCrn_AnswersWithAnErrorOrTheCollection()
    {
        TestCollection collection = await CreateCollectionAsync();
        ApiResponse response = await Http.GetAsync($"/api/v2/collections/default_tenant:default_database:{collection.Name}");
        Assert.True(response.Status is 200 or 404 or 501, response.Describe("expected 200, 404 or 501"));
        Assert.Equal(JsonValueKind.Object, response.Json.ValueKind);
        (await Http.GetAsync("/api/v2/collections/justone")).ExpectError(400, "InvalidArgumentError", "CRN");
    }

    [Fact]
    public async Task Collection_ListAndCount_WithLimitAndOffset()
    {
        string tenant = await CreateTenantAsync();
        (await Http.PostAsync($"/api/v2/tenants/{tenant}/databases", """{"name":"listdb"}""")).Expect(200);
        string collections = ChromaHttp.Collections("listdb", tenant);
        foreach (string name in new[] { "c_one", "c_two", "c_three" })
        {
            (await Http.PostAsync(collections, $$"""{"name":"{{name}}"}""")).Expect(200);
        }

        ApiResponse all = (await Http.GetAsync(collections)).Expect(200);
        var names = new List<string>();
        foreach (JsonElement item in all.Json.EnumerateArray())
        {
            names.Add(item.GetProperty("name").GetString()!);
            Assert.Equal(JsonValueKind.Object, item.GetProperty("configuration_json").ValueKind);
        }

        names.Sort(StringComparer.Ordinal);
        Assert.Equal(["c_one", "c_three", "c_two"], names);
        Assert.Equal(2, (await Http.GetAsync(collections + "?limit=2")).Expect(200).Json.GetArrayLength());
        Assert.Equal(1, (await Http.GetAsync(collections + "?offset=2")).Expect(200).Json.GetArrayLength());
        Assert.Equal(1, (await Http.GetAsync(collections + "?limit=5&offset=2")).Expect(200).Json.GetArrayLength());

        ApiResponse count = (await Http.GetAsync($"/api/v2/tenants/{tenant}/databases/listdb/collections_count")).Expect(200);
        Assert.Equal(JsonValueKind.Number, count.Json.ValueKind);
        Assert.Equal(3, count.Json.GetInt32());
    }

    [Fact]
    public async Task Collection_ModifyMetadata_ReplacesTheWholeMap()
    {
        TestCollection collection = await CreateCollectionAsync("\"metadata\":{\"keep\":\"k\",\"drop\":\"d\"}");
        ApiResponse put = (await Http.PutAsync(CollectionPath(collection.Id), """{"new_metadata":{"drop":null,"added":2}}""")).Expect(200);
        Assert.Equal(JsonValueKind.Object, put.Json.ValueKind);
        ApiResponse get = (await Http.GetAsync($"{ChromaHttp.Collections()}/{collection.Name}")).Expect(200);
        JsonElement metadata = get.Json.GetProperty("metadata");
        Assert.Equal(2, metadata.GetProperty("added").GetInt32());
        Assert.False(metadata.TryGetProperty("keep", out _), get.Describe("keys not sent must be dropped"));
        Assert.False(metadata.TryGetProperty("drop", out _), get.Describe("null values must be dropped"));
    }

    /// <summary>Observed on real Chroma 1.3.4: 200, and the collection then lists its metadata as null.</summary>
    [Fact]
    public async Task Collection_ModifyMetadata_WithOnlyNulls_ClearsIt()
    {
        TestCollection collection = await CreateCollectionAsync("\"metadata\":{\"a\":1,\"b\":\"x\"}");
        (await Http.PutAsync(CollectionPath(collection.Id), """{"new_metadata":{"a":null,"b":null}}""")).Expect(200);
        ApiResponse get = (await Http.GetAsync($"{ChromaHttp.Collections()}/{collection.Name}")).Expect(200);
        Assert.Equal(JsonValueKind.Null, get.Json.GetProperty("metadata").ValueKind);
    }

    [Fact]
    public async Task Collection_Rename_MovesTheName()
    {
        TestCollection collection = await CreateCollectionAsync();
        string newName = UniqueName("renamed");
        (await Http.PutAsync(CollectionPath(collection.Id), $$"""{"new_name":"{{newName}}"}""")).Expect(200);
        (await Http.GetAsync($"{ChromaHttp.Collections()}/{collection.Name}")).ExpectError(404, "NotFoundError");
        ApiResponse get = (await Http.GetAsync($"{ChromaHttp.Collections()}/{newName}")).Expect(200);
        Assert.Equal(collection.Id, get.Json.GetProperty("id").GetString());
    }

    /// <summary>§12: real Chroma answers 500 with SQLite text; the right answer is 409.</summary>
    [Fact]
    public async Task Collection_RenameOntoExistingName_Returns409()
    {
        TestCollection first = await CreateCollectionAsync();
        TestCollection second = await CreateCollectionAsync();
        (await Http.PutAsync(CollectionPath(second.Id), $$"""{"new_name":"{{first.Name}}"}""")).Expect(409);
        ApiResponse get = (await Http.GetAsync($"{ChromaHttp.Collections()}/{second.Name}")).Expect(200);
        Assert.Equal(second.Id, get.Json.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Collection_ModifyConfiguration_ChangesEfSearchOnly()
    {
        TestCollection collection = await CreateCollectionAsync();
        (await Http.PutAsync(CollectionPath(collection.Id), """{"new_configuration":{"hnsw":{"ef_search":77}}}""")).Expect(200);
        (await Http.PutAsync(CollectionPath(collection.Id), """{"new_configuration":{"hnsw":{"space":"ip"}}}""")).ExpectError(422, "ChromaError");
        (await Http.PutAsync(CollectionPath(collection.Id), """{"new_configuration":{"hnsw":{"ef_construction":5}}}""")).ExpectError(422, "ChromaError");
        ApiResponse get = (await Http.GetAsync($"{ChromaHttp.Collections()}/{collection.Name}")).Expect(200);
        JsonElement hnsw = get.Json.GetProperty("configuration_json").GetProperty("hnsw");
        Assert.Equal(77, hnsw.GetProperty("ef_search").GetInt32());
        Assert.Equal("l2", hnsw.GetProperty("space").GetString());
        Assert.Equal(100, hnsw.GetProperty("ef_construction").GetInt32());
    }

    [Fact]
    public async Task Collection_ModifyErrors()
    {
        TestCollection collection = await CreateCollectionAsync();
        string unknown = Guid.NewGuid().ToString();
        (await Http.PutAsync(CollectionPath(unknown), """{"new_name":"zzz_new"}""")).ExpectError(404, "NotFoundError", unknown);
        (await Http.PutAsync(CollectionPath(collection.Name), """{"new_name":"zzz_new"}"""))
            .ExpectError(400, "InvalidArgumentError", "not a valid UUID");
        (await Http.PutAsync(CollectionPath(collection.Id), """{"new_metadata":{}}"""))
            .ExpectError(400, "InvalidArgumentError", "Metadata cannot be empty");
        (await Http.PutAsync(CollectionPath(collection.Id), """{"new_name":"bad name"}""")).ExpectError(400, "InvalidArgumentError");
        (await Http.GetAsync($"{ChromaHttp.Collections()}/{collection.Name}")).Expect(200);
    }

    [Fact]
    public async Task Collection_Delete_ByNameRemovesItAndItsRecords()
    {
        TestCollection collection = await CreateCollectionAsync();
        (await Http.PostAsync(RecordsPath(collection.Id, "add"), """{"ids":["a"],"embeddings":[[1,2,3]]}""")).Expect(201);

        // DELETE takes a name: a UUID is looked up as a name and not found.
        (await Http.DeleteAsync(CollectionPath(collection.Id))).ExpectError(404, "NotFoundError");
        ApiResponse deleted = (await Http.DeleteAsync(CollectionPath(collection.Name))).Expect(200);
        Assert.Equal(JsonValueKind.Object, deleted.Json.ValueKind);
        (await Http.DeleteAsync(CollectionPath(collection.Name))).ExpectError(404, "NotFoundError");

        (await Http.GetAsync($"{ChromaHttp.Collections()}/{collection.Name}")).ExpectError(404, "NotFoundError");
        (await GetAsync(collection.Id, "{}")).ExpectError(404, "NotFoundError");
        (await Http.GetAsync(RecordsPath(collection.Id, "count"))).ExpectError(404, "NotFoundError");
        (await Http.PostAsync(RecordsPath(collection.Id, "add"), """{"ids":["b"],"embeddings":[[1,2,3]]}""")).ExpectError(404, "NotFoundError");

        // The name is free again and the new collection starts empty.
        ApiResponse recreated = (await Http.PostAsync(ChromaHttp.Collections(), $$"""{"name":"{{collection.Name}}"}""")).Expect(200);
        Assert.Equal(0, await CountAsync(recreated.Json.GetProperty("id").GetString()!));
    }
}
