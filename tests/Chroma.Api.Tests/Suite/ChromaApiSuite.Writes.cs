using System.Text.Json;
using Chroma.Api.Tests.Infrastructure;

namespace Chroma.Api.Tests.Suite;

// §7 add / update / upsert / delete, values and validation.
public abstract partial class ChromaApiSuite
{
    [Fact]
    public async Task Add_Returns201AndFixesTheDimension()
    {
        TestCollection collection = await CreateCollectionAsync();
        ApiResponse add = (await Http.PostAsync(RecordsPath(collection.Id, "add"), FiveRecords)).Expect(201);
        Assert.Equal(JsonValueKind.Object, add.Json.ValueKind);
        Assert.Equal(5, await CountAsync(collection.Id));

        ApiResponse get = (await Http.GetAsync($"{ChromaHttp.Collections()}/{collection.Name}")).Expect(200);
        Assert.Equal(3, get.Json.GetProperty("dimension").GetInt32());
    }

    [Fact]
    public async Task Add_ExistingId_IsIgnored()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        (await Http.PostAsync(RecordsPath(collection.Id, "add"), """{"ids":["a"],"embeddings":[[9,9,9]],"documents":["replaced?"]}""")).Expect(201);
        ApiResponse get = (await GetAsync(collection.Id, """{"ids":["a"],"include":["documents","embeddings"]}""")).Expect(200);
        Assert.Equal("apple pie", get.Json.GetProperty("documents")[0].GetString());
        AssertClose([1, 0, 0], Doubles(get.Json.GetProperty("embeddings")[0]));
        Assert.Equal(5, await CountAsync(collection.Id));
    }

    /// <summary>Real Chroma accepts duplicate ids in one batch; rejecting them (400) is allowed (§7, §11).</summary>
    [Fact]
    public async Task Add_DuplicateIdsInBatch_StoresOneRecordOrIsRejected()
    {
        TestCollection collection = await CreateCollectionAsync();
        ApiResponse response = await Http.PostAsync(RecordsPath(collection.Id, "add"), """{"ids":["x","x"],"embeddings":[[1,1,1],[2,2,2]]}""");
        if (response.Status == 400)
        {
            response.ExpectError(400, "InvalidArgumentError");
            Assert.Equal(0, await CountAsync(collection.Id));
        }
        else
        {
            response.Expect(201);
            Assert.Equal(1, await CountAsync(collection.Id));
        }
    }

    [Theory]
    [InlineData("""{"ids":["y"],"embeddings":[[1,2]]}""", "Collection expecting embedding with dimension of 3, got 2")]
    [InlineData("""{"ids":["y","z"],"embeddings":[[1,2,3],[1,2]]}""", "Inconsistent dimensions")]
    [InlineData("""{"ids":["y","z"],"embeddings":[[1,2,3]]}""", "Inconsistent number of IDs")]
    [InlineData("""{"ids":["y"],"embeddings":[[1,2,3]],"documents":["a","b"]}""", "Inconsistent number of IDs")]
    [InlineData("""{"ids":["y"],"embeddings":[[1,2,3]],"metadatas":[{"a":1},{"b":2}]}""", "Inconsistent number of IDs")]
    [InlineData("""{"ids":["y"],"embeddings":[[1,2,3]],"uris":["u","v"]}""", "Inconsistent number of IDs")]
    [InlineData("""{"ids":[""],"embeddings":[[1,2,3]]}""", "Empty ID")]
    [InlineData("""{"ids":["y"],"embeddings":[[]]}""", null)]
    [InlineData("""{"ids":["y"],"embeddings":[[1,2,3]],"metadatas":[{"$bad":1}]}""", "Invalid metadata at index 0")]
    [InlineData("""{"ids":["y"],"embeddings":[[1,2,3]],"metadatas":[{"#bad":1}]}""", "Invalid metadata at index 0")]
    [InlineData("""{"ids":["y"],"embeddings":[[1,2,3]],"metadatas":[{"":1}]}""", "Invalid metadata at index 0")]
    [InlineData("""{"ids":["y"],"embeddings":["YWJj"]}""", "Invalid byte length")]
    public async Task Add_InvalidBatch_Returns400AndWritesNothing(string body, string? message)
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        (await Http.PostAsync(RecordsPath(collection.Id, "add"), body)).ExpectError(400, "InvalidArgumentError", message);
        Assert.Equal(5, await CountAsync(collection.Id));
        Assert.Equal(["a", "b", "c", "d", "e"], await GetIdsAsync(collection.Id, """{"include":[]}"""));
    }

    [Theory]
    [InlineData("""{"ids":["y"],"documents":["no emb"]}""")]
    [InlineData("""{"ids":["y"],"embeddings":null,"documents":["no emb"]}""")]
    [InlineData("""{"ids":"y","embeddings":[[1,2,3]]}""")]
    [InlineData("""{"ids":["y"],"embeddings":[[1,2,3]],"metadatas":[{"o":{"a":1}}]}""")]
    [InlineData("""{"ids":["y"],"embeddings":[[1,2,3]],"metadatas":[{"k":null}]}""")]
    [InlineData("""{"ids":["y"],"embeddings":[[1,2,3]],"metadatas":[{"arr":[1,"a"]}]}""")]
    [InlineData("""{"ids":["y"],"embeddings":[["x",2,3]]}""")]
    public async Task Add_WrongShape_Returns422AndWritesNothing(string body)
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        (await Http.PostAsync(RecordsPath(collection.Id, "add"), body)).ExpectError(422, "ChromaError", "Failed to deserialize");
        Assert.Equal(5, await CountAsync(collection.Id));
    }

    [Fact]
    public async Task Add_MalformedJson_Returns400AndWritesNothing()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        (await Http.PostAsync(RecordsPath(collection.Id, "add"), "{not json")).ExpectError(400, "InvalidArgumentError", "Failed to parse");
        (await Http.PostAsync(RecordsPath(collection.Id, "add"), """{"ids":["y"],"embeddings":[[1,2,3]]""")).ExpectError(400, "InvalidArgumentError");
        Assert.Equal(5, await CountAsync(collection.Id));
    }

    [Fact]
    public async Task Add_EmptyBatch_Returns201()
    {
        TestCollection collection = await CreateCollectionAsync();
        (await Http.PostAsync(RecordsPath(collection.Id, "add"), """{"ids":[],"embeddings":[]}""")).Expect(201);
        Assert.Equal(0, await CountAsync(collection.Id));
    }

    [Fact]
    public async Task Records_UnknownOrInvalidCollection()
    {
        string body = """{"ids":["y"],"embeddings":[[1,2,3]]}""";
        string unknown = Guid.NewGuid().ToString();
        (await Http.PostAsync(RecordsPath(unknown, "add"), body)).ExpectError(404, "NotFoundError", $"Collection [{unknown}] does not exist");
        (await Http.PostAsync(RecordsPath("c_l2", "add"), body)).ExpectError(400, "InvalidArgumentError", "not a valid UUID");
        foreach (string operation in new[] { "get", "query", "update", "upsert", "delete" })
        {
            string payload = operation == "query" ? """{"query_embeddings":[[1,2,3]]}""" : operation == "get" || operation == "delete" ? "{}" : body;
            (await Http.PostAsync(RecordsPath(unknown, operation), payload)).ExpectError(404, "NotFoundError");
            (await Http.PostAsync(RecordsPath("not-a-uuid", operation), payload)).ExpectError(400, "InvalidArgumentError");
        }

        (await Http.GetAsync(RecordsPath(unknown, "count"))).ExpectError(404, "NotFoundError");
    }

    [Fact]
    public async Task Metadata_EmptyObjectIsStoredAsNull()
    {
        TestCollection collection = await CreateCollectionAsync();
        (await Http.PostAsync(RecordsPath(collection.Id, "add"), """{"ids":["m0"],"embeddings":[[1,2,3]],"metadatas":[{}]}""")).Expect(201);
        ApiResponse get = (await GetAsync(collection.Id, """{"include":["metadatas"]}""")).Expect(200);
        Assert.Equal(JsonValueKind.Null, get.Json.GetProperty("metadatas")[0].ValueKind);
    }

    /// <summary>§7: int vs float is part of the value and must be visible in the raw JSON.</summary>
    [Fact]
    public async Task Metadata_IntAndFloatRoundTripExactly()
    {
        TestCollection collection = await CreateCollectionAsync();
        (await Http.PostAsync(
            RecordsPath(collection.Id, "add"),
            """{"ids":["v"],"embeddings":[[1,2,3]],"metadatas":[{"big":9007199254740993,"one":1,"onef":1.0,"thousand":1000.0,"neg":-7,"frac":0.25,"mixed":[1,2.5],"ints":[1,2,3],"strs":["a","b"],"bools":[true,false],"t":true}]}""")).Expect(201);
        ApiResponse get = (await GetAsync(collection.Id, """{"include":["metadatas"]}""")).Expect(200);
        AssertRaw(get, "\"big\"\\s*:\\s*9007199254740993\\s*[,}]");
        AssertRaw(get, "\"one\"\\s*:\\s*1\\s*[,}]");
        AssertRaw(get, "\"onef\"\\s*:\\s*1\\.0\\s*[,}]");
        AssertRaw(get, "\"thousand\"\\s*:\\s*1000\\.0\\s*[,}]");
        AssertRaw(get, "\"neg\"\\s*:\\s*-7\\s*[,}]");
        AssertRaw(get, "\"mixed\"\\s*:\\s*\\[\\s*1\\.0\\s*,\\s*2\\.5\\s*\\]");
        AssertRaw(get, "\"ints\"\\s*:\\s*\\[\\s*1\\s*,\\s*2\\s*,\\s*3\\s*\\]");
        JsonElement metadata = get.Json.GetProperty("metadatas")[0];
        Assert.Equal(0.25, metadata.GetProperty("frac").GetDouble());
        Assert.Equal(["a", "b"], Strings(metadata.GetProperty("strs")));
        Assert.True(metadata.GetProperty("bools")[0].GetBoolean());
        Assert.False(metadata.GetProperty("bools")[1].GetBoolean());
        Assert.True(metadata.GetProperty("t").GetBoolean());
    }

    [Fact]
    public async Task Embeddings_AreWrittenAsFloats()
    {
        TestCollection collection = await CreateCollectionAsync();
        (await Http.PostAsync(RecordsPath(collection.Id, "add"), """{"ids":["a"],"embeddings":[[1,0,1000]]}""")).Expect(201);
        ApiResponse get = (await GetAsync(collection.Id, """{"include":["embeddings"]}""")).Expect(200);
        AssertRaw(get, "\\[\\s*\\[\\s*1\\.0\\s*,\\s*0\\.0\\s*,\\s*1000\\.0\\s*\\]\\s*\\]");
    }

    [Fact]
    public async Task Embeddings_Base64RoundTrip()
    {
        TestCollection collection = await CreateCollectionAsync();
        string base64 = Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes<float>([0.5f, 0.25f, 0.125f]));
        (await Http.PostAsync(RecordsPath(collection.Id, "add"), $$"""{"ids":["b64"],"embeddings":["{{base64}}"]}""")).Expect(201);
        ApiResponse get = (await GetAsync(collection.Id, """{"include":["embeddings"]}""")).Expect(200);
        AssertClose([0.5, 0.25, 0.125], Doubles(get.Json.GetProperty("embeddings")[0]), 0);
        ApiResponse query = (await QueryAsync(collection.Id, """{"query_embeddings":[[0.5,0.25,0.125]],"n_results":1,"include":["distances"]}""")).Expect(200);
        AssertClose([0], Doubles(query.Json.GetProperty("distances")[0]));
    }

    [Fact]
    public async Task Update_MergesMetadataAndKeepsWhatIsNotSent()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        string update = RecordsPath(collection.Id, "update");
        (await Http.PostAsync(update, """{"ids":["c"],"documents":["cherry pie"],"metadatas":[{"n":30,"extra":"new"}]}""")).Expect(200);
        ApiResponse get = (await GetAsync(collection.Id, """{"ids":["c"],"include":["documents","metadatas","embeddings"]}""")).Expect(200);
        Assert.Equal("cherry pie", get.Json.GetProperty("documents")[0].GetString());
        JsonElement metadata = get.Json.GetProperty("metadatas")[0];
        Assert.Equal("red", metadata.GetProperty("color").GetString());
        Assert.Equal(30, metadata.GetProperty("n").GetInt32());
        Assert.Equal("new", metadata.GetProperty("extra").GetString());
        Assert.Equal(2.5, metadata.GetProperty("f").GetDouble());
        AssertClose([0, 0, 1], Doubles(get.Json.GetProperty("embeddings")[0]));

        // A null value deletes the key.
        (await Http.PostAsync(update, """{"ids":["c"],"metadatas":[{"extra":null}]}""")).Expect(200);
        get = (await GetAsync(collection.Id, """{"ids":["c"],"include":["metadatas","documents"]}""")).Expect(200);
        Assert.False(get.Json.GetProperty("metadatas")[0].TryGetProperty("extra", out _), get.Describe("null must delete the key"));
        Assert.Equal(30, get.Json.GetProperty("metadatas")[0].GetProperty("n").GetInt32());
        Assert.Equal("cherry pie", get.Json.GetProperty("documents")[0].GetString());
    }

    [Fact]
    public async Task Update_EmbeddingOnlyOrNullDocument_KeepsTheRest()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        string update = RecordsPath(collection.Id, "update");
        (await Http.PostAsync(update, """{"ids":["b"],"embeddings":[[0,2,0]]}""")).Expect(200);
        (await Http.PostAsync(update, """{"ids":["b"],"documents":[null]}""")).Expect(200);
        (await Http.PostAsync(update, """{"ids":["a","b"],"embeddings":[null,[0,3,0]]}""")).Expect(200);
        ApiResponse get = (await GetAsync(collection.Id, """{"ids":["a","b"],"include":["documents","metadatas","embeddings","uris"]}""")).Expect(200);
        Assert.Equal("banana split", get.Json.GetProperty("documents")[1].GetString());
        Assert.Equal("yellow", get.Json.GetProperty("metadatas")[1].GetProperty("color").GetString());
        AssertClose([1, 0, 0], Doubles(get.Json.GetProperty("embeddings")[0]));
        AssertClose([0, 3, 0], Doubles(get.Json.GetProperty("embeddings")[1]));
        Assert.Equal("u-a", get.Json.GetProperty("uris")[0].GetString());
    }

    [Fact]
    public async Task Update_MissingId_IsIgnored()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        (await Http.PostAsync(RecordsPath(collection.Id, "update"), """{"ids":["nope"],"documents":["ghost"]}""")).Expect(200);
        Assert.Empty(await GetIdsAsync(collection.Id, """{"ids":["nope"]}"""));
        Assert.Equal(5, await CountAsync(collection.Id));
    }

    [Fact]
    public async Task Update_DimensionMismatch_Returns400AndWritesNothing()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        (await Http.PostAsync(RecordsPath(collection.Id, "update"), """{"ids":["b"],"embeddings":[[1,2]],"documents":["changed"]}"""))
            .ExpectError(400, "InvalidArgumentError", "dimension of 3, got 2");
        ApiResponse get = (await GetAsync(collection.Id, """{"ids":["b"],"include":["documents","embeddings"]}""")).Expect(200);
        Assert.Equal("banana split", get.Json.GetProperty("documents")[0].GetString());
        AssertClose([0, 1, 0], Doubles(get.Json.GetProperty("embeddings")[0]));
    }

    [Fact]
    public async Task Upsert_AddsNewAndMergesExisting()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        string upsert = RecordsPath(collection.Id, "upsert");
        (await Http.PostAsync(upsert, """{"ids":["a","new1"],"embeddings":[[1,0,1],[5,5,5]],"metadatas":[{"color":"crimson"},{"color":"blue"}],"documents":["apple v2","brand new"]}""")).Expect(200);
        ApiResponse get = (await GetAsync(collection.Id, """{"ids":["a","new1"],"include":["documents","metadatas","embeddings","uris"]}""")).Expect(200);
        Assert.Equal(["a", "new1"], Strings(get.Json.GetProperty("ids")));
        Assert.Equal(["apple v2", "brand new"], Strings(get.Json.GetProperty("documents")));
        JsonElement merged = get.Json.GetProperty("metadatas")[0];
        Assert.Equal("crimson", merged.GetProperty("color").GetString());
        Assert.Equal(1, merged.GetProperty("n").GetInt32());
        Assert.Equal("blue", get.Json.GetProperty("metadatas")[1].GetProperty("color").GetString());
        AssertClose([1, 0, 1], Doubles(get.Json.GetProperty("embeddings")[0]));
        Assert.Equal("u-a", get.Json.GetProperty("uris")[0].GetString());
        Assert.Equal(JsonValueKind.Null, get.Json.GetProperty("uris")[1].ValueKind);
        Assert.Equal(6, await CountAsync(collection.Id));

        // Omitted metadatas/documents/uris keep the old values.
        (await Http.PostAsync(upsert, """{"ids":["e"],"embeddings":[[2,2,3]]}""")).Expect(200);
        get = (await GetAsync(collection.Id, """{"ids":["e"],"include":["documents","metadatas","uris","embeddings"]}""")).Expect(200);
        Assert.Equal("Apple Crumble", get.Json.GetProperty("documents")[0].GetString());
        Assert.Equal("green", get.Json.GetProperty("metadatas")[0].GetProperty("color").GetString());
        Assert.Equal("u-e", get.Json.GetProperty("uris")[0].GetString());
        AssertClose([2, 2, 3], Doubles(get.Json.GetProperty("embeddings")[0]));
    }

    [Fact]
    public async Task Upsert_WithoutEmbeddings_Returns422()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        (await Http.PostAsync(RecordsPath(collection.Id, "upsert"), """{"ids":["e"],"documents":["doc only"]}""")).ExpectError(422, "ChromaError");
        ApiResponse get = (await GetAsync(collection.Id, """{"ids":["e"]}""")).Expect(200);
        Assert.Equal("Apple Crumble", get.Json.GetProperty("documents")[0].GetString());
    }

    [Fact]
    public async Task Delete_ByIds_CountsIdsSent()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        ApiResponse response = (await Http.PostAsync(RecordsPath(collection.Id, "delete"), """{"ids":["d","never"]}""")).Expect(200);
        long deleted = response.Json.GetProperty("deleted").GetInt64();
        Assert.True(deleted is 1 or 2, response.Describe("deleted must count the existing id (real Chroma counts ids sent)"));
        Assert.Equal(["a", "b", "c", "e"], await GetIdsAsync(collection.Id, """{"include":[]}"""));
    }

    [Fact]
    public async Task Delete_ByWhereAndWhereDocument_CountsMatches()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        string delete = RecordsPath(collection.Id, "delete");
        Assert.Equal(1, (await Http.PostAsync(delete, """{"where":{"color":"yellow"}}""")).Expect(200).Json.GetProperty("deleted").GetInt64());
        Assert.Equal(1, (await Http.PostAsync(delete, """{"where_document":{"$contains":"Crumble"}}""")).Expect(200).Json.GetProperty("deleted").GetInt64());
        Assert.Equal(1, (await Http.PostAsync(delete, """{"ids":["a","d"],"where":{"color":"red"}}""")).Expect(200).Json.GetProperty("deleted").GetInt64());
        Assert.Equal(["c", "d"], await GetIdsAsync(collection.Id, """{"include":[]}"""));
    }

    [Fact]
    public async Task Delete_WithLimit_CapsMatchesAndNeedsAWhere()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        string delete = RecordsPath(collection.Id, "delete");
        (await Http.PostAsync(delete, """{"ids":["e"],"limit":1}""")).ExpectError(400, "InvalidArgumentError", "where");
        Assert.Equal(5, await CountAsync(collection.Id));
        Assert.Equal(1, (await Http.PostAsync(delete, """{"where":{"n":{"$gte":0}},"limit":1}""")).Expect(200).Json.GetProperty("deleted").GetInt64());
        Assert.Equal(4, await CountAsync(collection.Id));
    }

    [Fact]
    public async Task Delete_EmptyBodyDeletesNothing_EmptyIdsIs400()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        string delete = RecordsPath(collection.Id, "delete");
        Assert.Equal(0, (await Http.PostAsync(delete, "{}")).Expect(200).Json.GetProperty("deleted").GetInt64());
        (await Http.PostAsync(delete, """{"ids":[]}""")).ExpectError(400, "InvalidArgumentError", "Either ids or where must be specified");
        (await Http.PostAsync(delete, """{"where":{"a":1,"b":2}}""")).ExpectError(400, "InvalidArgumentError");
        Assert.Equal(5, await CountAsync(collection.Id));
    }

    [Fact]
    public async Task Delete_ThenReAdd_StoresTheNewRecord()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        (await Http.PostAsync(RecordsPath(collection.Id, "delete"), """{"ids":["a"]}""")).Expect(200);
        (await Http.PostAsync(RecordsPath(collection.Id, "add"), """{"ids":["a"],"embeddings":[[7,7,7]]}""")).Expect(201);
        ApiResponse get = (await GetAsync(collection.Id, """{"ids":["a"],"include":["embeddings","documents"]}""")).Expect(200);
        AssertClose([7, 7, 7], Doubles(get.Json.GetProperty("embeddings")[0]));
        Assert.Equal(JsonValueKind.Null, get.Json.GetProperty("documents")[0].ValueKind);
        Assert.Equal(5, await CountAsync(collection.Id));
    }
}
