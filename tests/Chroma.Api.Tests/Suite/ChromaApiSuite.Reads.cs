using System.Text.Json;
using Chroma.Api.Tests.Infrastructure;

namespace Chroma.Api.Tests.Suite;

// §8 get / query / count / indexing status.
public abstract partial class ChromaApiSuite
{
    [Fact]
    public async Task Get_EmptyCollection_HasDefaultIncludeShape()
    {
        TestCollection collection = await CreateCollectionAsync();
        Assert.Equal(0, await CountAsync(collection.Id));
        ApiResponse get = (await GetAsync(collection.Id, "{}")).Expect(200);
        Assert.Equal(0, get.Json.GetProperty("ids").GetArrayLength());
        Assert.Equal(0, get.Json.GetProperty("documents").GetArrayLength());
        Assert.Equal(0, get.Json.GetProperty("metadatas").GetArrayLength());
        AssertNull(get.Json, "embeddings");
        AssertNull(get.Json, "uris");
        Assert.Equal(["documents", "metadatas"], Strings(get.Json.GetProperty("include")));
    }

    [Fact]
    public async Task Get_DefaultInclude_IsDocumentsAndMetadatasInInsertionOrder()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        ApiResponse get = (await GetAsync(collection.Id, "{}")).Expect(200);
        Assert.Equal(["a", "b", "c", "d", "e"], Strings(get.Json.GetProperty("ids")));
        JsonElement documents = get.Json.GetProperty("documents");
        Assert.Equal("apple pie", documents[0].GetString());
        Assert.Equal(JsonValueKind.Null, documents[3].ValueKind);
        JsonElement metadatas = get.Json.GetProperty("metadatas");
        Assert.Equal("red", metadatas[0].GetProperty("color").GetString());
        Assert.Equal(["x", "y"], Strings(metadatas[0].GetProperty("tags")));
        Assert.Equal(JsonValueKind.Null, metadatas[3].ValueKind);
        AssertNull(get.Json, "embeddings");
        AssertNull(get.Json, "uris");
    }

    [Fact]
    public async Task Get_IncludeEverything()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        ApiResponse get = (await GetAsync(collection.Id, """{"include":["embeddings","documents","metadatas","uris"]}""")).Expect(200);
        Assert.Equal(["embeddings", "documents", "metadatas", "uris"], Strings(get.Json.GetProperty("include")));
        AssertClose([2, 2, 2], Doubles(get.Json.GetProperty("embeddings")[4]));
        JsonElement uris = get.Json.GetProperty("uris");
        Assert.Equal("u-a", uris[0].GetString());
        Assert.Equal(JsonValueKind.Null, uris[1].ValueKind);
        Assert.Equal("u-e", uris[4].GetString());

        // Documents and uris live in reserved metadata keys internally; those never leak.
        Assert.DoesNotContain("chroma:", get.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_IncludeEmptyOrDistances_ReturnsOnlyIds()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        foreach (string include in new[] { "[]", "[\"distances\"]" })
        {
            ApiResponse get = (await GetAsync(collection.Id, $$"""{"include":{{include}}}""")).Expect(200);
            Assert.Equal(5, get.Json.GetProperty("ids").GetArrayLength());
            AssertNull(get.Json, "documents");
            AssertNull(get.Json, "metadatas");
            AssertNull(get.Json, "embeddings");
            AssertNull(get.Json, "uris");
        }
    }

    [Theory]
    [InlineData("data")]
    [InlineData("bogus")]
    public async Task Get_UnknownInclude_Returns422(string include)
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        (await GetAsync(collection.Id, $$"""{"include":["{{include}}"]}""")).ExpectError(422, "ChromaError", include);
    }

    [Fact]
    public async Task Get_ByIds_UsesInsertionOrderSkipsUnknownAndDeduplicates()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        Assert.Equal(["a", "b", "d"], await GetIdsAsync(collection.Id, """{"ids":["d","a","zzz","b"]}"""));
        Assert.Equal(["a"], await GetIdsAsync(collection.Id, """{"ids":["a","a"]}"""));
        Assert.Empty(await GetIdsAsync(collection.Id, """{"ids":[]}"""));
        Assert.Equal(["a", "c"], await GetIdsAsync(collection.Id, """{"ids":["e","c","a"],"limit":2,"include":[]}"""));
    }

    [Theory]
    [InlineData("""{"limit":2}""", new[] { "a", "b" })]
    [InlineData("""{"limit":2,"offset":2}""", new[] { "c", "d" })]
    [InlineData("""{"offset":3}""", new[] { "d", "e" })]
    [InlineData("""{"limit":0}""", new string[0])]
    [InlineData("""{"offset":50}""", new string[0])]
    [InlineData("""{"limit":100}""", new[] { "a", "b", "c", "d", "e" })]
    [InlineData("""{"where":{"color":"red"},"limit":1,"offset":1}""", new[] { "c" })]
    public async Task Get_LimitAndOffset_ApplyAfterFiltering(string body, string[] expected)
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        Assert.Equal(expected, await GetIdsAsync(collection.Id, body));
    }

    [Fact]
    public async Task Count_IsABareNumberAndAcceptsReadLevel()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        foreach (string level in new[] { "", "?read_level=index_and_wal", "?read_level=index_only" })
        {
            ApiResponse count = (await Http.GetAsync(RecordsPath(collection.Id, "count") + level)).Expect(200);
            Assert.Equal("5", count.Text.Trim());
        }
    }

    [Fact]
    public async Task Query_EmptyCollection_ReturnsOneEmptyRowPerQuery()
    {
        TestCollection collection = await CreateCollectionAsync();
        ApiResponse query = (await QueryAsync(collection.Id, """{"query_embeddings":[[1,0,0]],"n_results":3}""")).Expect(200);
        Assert.Equal(1, query.Json.GetProperty("ids").GetArrayLength());
        Assert.Equal(0, query.Json.GetProperty("ids")[0].GetArrayLength());
        Assert.Equal(0, query.Json.GetProperty("distances")[0].GetArrayLength());
        Assert.Equal(["documents", "metadatas", "distances"], Strings(query.Json.GetProperty("include")));
    }

    [Fact]
    public async Task Query_DefaultInclude_IsDocumentsMetadatasDistances()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        ApiResponse query = (await QueryAsync(collection.Id, """{"query_embeddings":[[1,0,0]],"n_results":3}""")).Expect(200);

        // l2 from [1,0,0]: a 0, d 1, b 2, c 2 (tie, either may come third), e 9.
        string[] ids = Strings(query.Json.GetProperty("ids")[0]);
        Assert.Equal(3, ids.Length);
        Assert.Equal("a", ids[0]);
        Assert.Equal("d", ids[1]);
        Assert.Contains(ids[2], new[] { "b", "c" });
        AssertClose([0, 1, 2], Doubles(query.Json.GetProperty("distances")[0]));
        Assert.Equal("apple pie", query.Json.GetProperty("documents")[0][0].GetString());
        Assert.Equal(JsonValueKind.Null, query.Json.GetProperty("documents")[0][1].ValueKind);
        Assert.Equal("red", query.Json.GetProperty("metadatas")[0][0].GetProperty("color").GetString());
        Assert.Equal(["documents", "metadatas", "distances"], Strings(query.Json.GetProperty("include")));
        AssertNull(query.Json, "embeddings");
        AssertNull(query.Json, "uris");
    }

    [Fact]
    public async Task Query_ManyEmbeddings_OneRowEach()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        ApiResponse query = (await QueryAsync(collection.Id, """{"query_embeddings":[[1,0,0],[0,0,1],[2,2,2]],"n_results":1,"include":["distances"]}""")).Expect(200);
        JsonElement ids = query.Json.GetProperty("ids");
        Assert.Equal(3, ids.GetArrayLength());
        Assert.Equal(["a"], Strings(ids[0]));
        Assert.Equal(["c"], Strings(ids[1]));
        Assert.Equal(["e"], Strings(ids[2]));
        AssertClose([0], Doubles(query.Json.GetProperty("distances")[2]));
        AssertNull(query.Json, "documents");
        AssertNull(query.Json, "metadatas");
    }

    [Fact]
    public async Task Query_IncludeEverything()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        ApiResponse query = (await QueryAsync(
            collection.Id,
            """{"query_embeddings":[[2,2,2]],"n_results":2,"include":["embeddings","documents","metadatas","uris","distances"]}""")).Expect(200);
        Assert.Equal(["e", "d"], Strings(query.Json.GetProperty("ids")[0]));
        AssertClose([2, 2, 2], Doubles(query.Json.GetProperty("embeddings")[0][0]));
        AssertClose([1, 1, 0], Doubles(query.Json.GetProperty("embeddings")[0][1]));
        Assert.Equal("Apple Crumble", query.Json.GetProperty("documents")[0][0].GetString());
        Assert.Equal("u-e", query.Json.GetProperty("uris")[0][0].GetString());
        Assert.Equal(JsonValueKind.Null, query.Json.GetProperty("uris")[0][1].ValueKind);
        Assert.Equal(10, query.Json.GetProperty("metadatas")[0][0].GetProperty("n").GetInt32());
        AssertClose([0, 6], Doubles(query.Json.GetProperty("distances")[0]));
    }

    [Fact]
    public async Task Query_NResults_DefaultsTo10AndCapsAtCollectionSize()
    {
        TestCollection collection = await CreateCollectionAsync();
        var ids = new List<string>();
        var embeddings = new List<string>();
        for (int i = 0; i < 12; i++)
        {
            ids.Add($"\"r{i}\"");
            embeddings.Add($"[{i},0]");
        }

        (await Http.PostAsync(RecordsPath(collection.Id, "add"), $$"""{"ids":[{{string.Join(',', ids)}}],"embeddings":[{{string.Join(',', embeddings)}}]}""")).Expect(201);
        ApiResponse byDefault = (await QueryAsync(collection.Id, """{"query_embeddings":[[0,0]],"include":[]}""")).Expect(200);
        Assert.Equal(10, byDefault.Json.GetProperty("ids")[0].GetArrayLength());
        AssertNull(byDefault.Json, "distances");

        ApiResponse all = (await QueryAsync(collection.Id, """{"query_embeddings":[[0,0]],"n_results":100,"include":["distances"]}""")).Expect(200);
        Assert.Equal(["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11"], Strings(all.Json.GetProperty("ids")[0]));
        AssertClose([0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121], Doubles(all.Json.GetProperty("distances")[0]));

        // The largest n_results the API accepts (u32) is still "all of them", not a buffer size.
        ApiResponse huge = (await QueryAsync(collection.Id, """{"query_embeddings":[[0,0]],"n_results":4294967295,"include":[]}""")).Expect(200);
        Assert.Equal(12, huge.Json.GetProperty("ids")[0].GetArrayLength());

        ApiResponse none = (await QueryAsync(collection.Id, """{"query_embeddings":[[0,0]],"n_results":0}""")).Expect(200);
        Assert.Equal(0, none.Json.GetProperty("ids")[0].GetArrayLength());
        Assert.Equal(0, none.Json.GetProperty("documents")[0].GetArrayLength());
    }

    [Fact]
    public async Task Query_NoQueryEmbeddings_ReturnsEmptyTopLevelLists()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        ApiResponse query = (await QueryAsync(collection.Id, """{"query_embeddings":[],"n_results":1}""")).Expect(200);
        Assert.Equal(0, query.Json.GetProperty("ids").GetArrayLength());
        Assert.Equal(0, query.Json.GetProperty("distances").GetArrayLength());
        (await QueryAsync(collection.Id, """{"n_results":1}""")).ExpectError(422, "ChromaError", "query_embeddings");
    }

    [Fact]
    public async Task Query_FiltersCandidatesBeforeKnn()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        ApiResponse where = (await QueryAsync(collection.Id, """{"query_embeddings":[[0,0,1]],"n_results":5,"where":{"color":"red"},"include":["distances"]}""")).Expect(200);
        Assert.Equal(["c", "a"], Strings(where.Json.GetProperty("ids")[0]));
        AssertClose([0, 2], Doubles(where.Json.GetProperty("distances")[0]));

        ApiResponse document = (await QueryAsync(collection.Id, """{"query_embeddings":[[0,0,1]],"n_results":5,"where_document":{"$contains":"an"},"include":["distances"]}""")).Expect(200);
        Assert.Equal(["b"], Strings(document.Json.GetProperty("ids")[0]));

        // Exact filtered top-k, not a post-filtered global top-1.
        ApiResponse far = (await QueryAsync(collection.Id, """{"query_embeddings":[[1,0,0]],"n_results":1,"where":{"color":"green"},"include":["distances"]}""")).Expect(200);
        Assert.Equal(["e"], Strings(far.Json.GetProperty("ids")[0]));
    }

    /// <summary>§8: real 1.3.4 answers 500 when an id is unknown; unknown ids are simply ignored here.</summary>
    [Fact]
    public async Task Query_Ids_RestrictCandidatesAndIgnoreUnknown()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        ApiResponse query = (await QueryAsync(collection.Id, """{"query_embeddings":[[0,0,1]],"n_results":5,"ids":["a","b","nope"],"include":["distances"]}""")).Expect(200);
        string[] ids = Strings(query.Json.GetProperty("ids")[0]);
        Assert.Equal(["a", "b"], ids.Order(StringComparer.Ordinal).ToArray());
        AssertClose([2, 2], Doubles(query.Json.GetProperty("distances")[0]));
    }

    [Fact]
    public async Task Query_DimensionMismatch_Returns400()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        (await QueryAsync(collection.Id, """{"query_embeddings":[[1,0]],"n_results":1}"""))
            .ExpectError(400, "InvalidArgumentError", "Collection expecting embedding with dimension of 3, got 2");
    }

    [Fact]
    public async Task Query_ResultsAreSortedByDistance()
    {
        TestCollection collection = await CreateCollectionAsync();
        var random = new Random(42);
        var ids = new List<string>();
        var embeddings = new List<string>();
        for (int i = 0; i < 200; i++)
        {
            ids.Add($"\"v{i}\"");
            embeddings.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{random.NextDouble():R},{random.NextDouble():R},{random.NextDouble():R},{random.NextDouble():R}]"));
        }

        (await Http.PostAsync(RecordsPath(collection.Id, "add"), $$"""{"ids":[{{string.Join(',', ids)}}],"embeddings":[{{string.Join(',', embeddings)}}]}""")).Expect(201);
        ApiResponse query = (await QueryAsync(collection.Id, """{"query_embeddings":[[0.5,0.5,0.5,0.5]],"n_results":20,"include":["distances"]}""")).Expect(200);
        double[] distances = Doubles(query.Json.GetProperty("distances")[0]);
        Assert.Equal(20, distances.Length);
        for (int i = 1; i < distances.Length; i++)
        {
            Assert.True(distances[i - 1] <= distances[i], query.Describe($"distances not ascending at {i}"));
        }
    }

    [Fact]
    public async Task IndexingStatus_EventuallyHasNoUnindexedOps()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        ApiResponse? last = null;
        await Wait.UntilAsync(
            async () =>
            {
                last = (await Http.GetAsync(RecordsPath(collection.Id, "indexing_status"))).Expect(200);
                return last.Json.GetProperty("num_unindexed_ops").GetInt64() == 0;
            },
            Wait.DefaultTimeout,
            "num_unindexed_ops = 0");
        JsonElement status = last!.Json;
        Assert.True(status.GetProperty("num_indexed_ops").GetInt64() >= 1, last.Describe("the add must count as an indexed op"));
        Assert.Equal(status.GetProperty("total_ops").GetInt64(), status.GetProperty("num_indexed_ops").GetInt64());
        Assert.Equal(1.0, status.GetProperty("op_indexing_progress").GetDouble(), 6);
    }
}
