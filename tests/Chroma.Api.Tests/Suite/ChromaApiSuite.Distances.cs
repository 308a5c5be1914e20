using System.Text.Json;
using Chroma.Api.Tests.Infrastructure;

namespace Chroma.Api.Tests.Suite;

// §8 distances per space, with values recorded from real Chroma; §4 routes single node does not serve.
public abstract partial class ChromaApiSuite
{
    private const string DistanceRecords = """{"ids":["p","q","r"],"embeddings":[[1,2,3],[-1,0,2],[3,3,3]]}""";
    private const string DistanceQuery = """{"query_embeddings":[[1,1,1],[0.5,-2,4]],"n_results":3,"include":["distances","embeddings"]}""";

    [Theory]
    [InlineData("", "p,q,r", "5,6,12", "q,p,r", "10.25,17.25,32.25")]
    [InlineData("\"configuration\":{\"hnsw\":{\"space\":\"l2\"}}", "p,q,r", "5,6,12", "q,p,r", "10.25,17.25,32.25")]
    [InlineData("\"configuration\":{\"hnsw\":{\"space\":\"cosine\"}}", "r,p,q", "0,0.07418,0.7418", "q,p,r", "0.25464,0.49517,0.67925")]
    [InlineData("\"metadata\":{\"hnsw:space\":\"cosine\"}", "r,p,q", "0,0.07418,0.7418", "q,p,r", "0.25464,0.49517,0.67925")]
    [InlineData("\"configuration\":{\"hnsw\":{\"space\":\"ip\"}}", "r,p,q", "-8,-5,0", null, "-7.5,-6.5,-6.5")]
    public async Task Distances_MatchChromaPerSpace(string config, string ids0, string distances0, string? ids1, string distances1)
    {
        TestCollection collection = await CreateCollectionAsync(config, "dist");
        (await Http.PostAsync(RecordsPath(collection.Id, "add"), DistanceRecords)).Expect(201);
        ApiResponse query = (await QueryAsync(collection.Id, DistanceQuery)).Expect(200);

        JsonElement ids = query.Json.GetProperty("ids");
        JsonElement distances = query.Json.GetProperty("distances");
        Assert.Equal(ids0.Split(','), Strings(ids[0]));
        AssertClose(Parse(distances0), Doubles(distances[0]));
        if (ids1 is not null)
        {
            Assert.Equal(ids1.Split(','), Strings(ids[1]));
        }
        else
        {
            // ip: q and r tie at -6.5 behind p.
            Assert.Equal("p", Strings(ids[1])[0]);
        }

        AssertClose(Parse(distances1), Doubles(distances[1]));

        // Stored embeddings come back as written, not normalised (even for cosine; real Chroma
        // de-normalises, so the last float32 bit may differ).
        ApiResponse get = (await GetAsync(collection.Id, """{"include":["embeddings"]}""")).Expect(200);
        AssertClose([1, 2, 3], Doubles(get.Json.GetProperty("embeddings")[0]), 1e-5);
        AssertClose([-1, 0, 2], Doubles(get.Json.GetProperty("embeddings")[1]), 1e-5);
        AssertClose([3, 3, 3], Doubles(query.Json.GetProperty("embeddings")[1][2]), 1e-5);
    }

    [Fact]
    public async Task Distances_CosineOfZeroVectorIsFinite()
    {
        TestCollection collection = await CreateCollectionAsync("\"configuration\":{\"hnsw\":{\"space\":\"cosine\"}}", "zero");
        (await Http.PostAsync(RecordsPath(collection.Id, "add"), """{"ids":["z","o"],"embeddings":[[0,0,0],[1,0,0]]}""")).Expect(201);
        ApiResponse query = (await QueryAsync(collection.Id, """{"query_embeddings":[[1,0,0]],"n_results":2,"include":["distances"]}""")).Expect(200);
        Assert.Equal(["o", "z"], Strings(query.Json.GetProperty("ids")[0]));
        AssertClose([0, 1], Doubles(query.Json.GetProperty("distances")[0]));
    }

    [Fact]
    public async Task Search_IsServedOrAnswers501()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        ApiResponse search = await Http.PostAsync(
            RecordsPath(collection.Id, "search"),
            """{"searches":[{"rank":{"$knn":{"query":[1,0,0]}},"limit":{"limit":3},"select":{"keys":["#document","#score"]}}]}""");
        if (search.Status == 501)
        {
            search.ExpectError(501, "ChromaError");
            return;
        }

        search.Expect(200);
        Assert.Equal("a", search.Json.GetProperty("ids")[0][0].GetString());
    }

    [Fact]
    public async Task Fork_IsServedOrAnswers501()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        string forkName = UniqueName("fork");
        ApiResponse fork = await Http.PostAsync(RecordsPath(collection.Id, "fork"), $$"""{"new_name":"{{forkName}}"}""");
        if (fork.Status == 501)
        {
            fork.ExpectError(501, "ChromaError", "fork");
            (await Http.GetAsync($"{ChromaHttp.Collections()}/{forkName}")).ExpectError(404, "NotFoundError");
            return;
        }

        fork.Expect(200);
        Assert.Equal(5, await CountAsync(fork.Json.GetProperty("id").GetString()!));
    }

    private static double[] Parse(string csv) =>
        Array.ConvertAll(csv.Split(','), s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture));
}
