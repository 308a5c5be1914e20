using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Chroma.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Chroma.Api.Tests.Suite;

/// <summary>
/// The Chroma HTTP API v2 suite (API.md §1, §3–§9) over real HTTP. Deployment-agnostic: a
/// concrete class per deployment supplies an <see cref="IChromaServer"/> from its fixture.
/// Every test makes its own tenants, databases and collections (unique names), so tests do
/// not depend on each other's data; xunit runs one class's tests one at a time, which keeps
/// the reset test from wiping a neighbour's data mid-test.
/// </summary>
public abstract partial class ChromaApiSuite : IDisposable
{
    /// <summary>Records a..e used by the filter, get and query tests (the probe's data set).</summary>
    protected const string FiveRecords = """
        {"ids":["a","b","c","d","e"],
         "embeddings":[[1,0,0],[0,1,0],[0,0,1],[1,1,0],[2,2,2]],
         "documents":["apple pie","banana split","cherry tart",null,"Apple Crumble"],
         "metadatas":[{"color":"red","n":1,"f":1.5,"ok":true,"tags":["x","y"]},
                      {"color":"yellow","n":2,"f":2.0,"ok":false,"tags":["y"]},
                      {"color":"red","n":3,"f":2.5},
                      null,
                      {"color":"green","n":10,"f":0.5,"ok":true,"nums":[1,2,3]}],
         "uris":["u-a",null,null,null,"u-e"]}
        """;

    private readonly ITestOutputHelper _output;
    private readonly int _logStart;

    protected ChromaApiSuite(IChromaServer server, ITestOutputHelper output)
    {
        Server = server;
        _output = output;
        _logStart = server.LogLines.Count;
        Http = new ChromaHttp(server);
    }

    protected IChromaServer Server { get; }

    protected ChromaHttp Http { get; }

    /// <summary>Shows what the server logged during this test (printed with failures).</summary>
    public void Dispose()
    {
        IReadOnlyList<string> lines = Server.LogLines;
        for (int i = _logStart; i < lines.Count; i++)
        {
            _output.WriteLine(lines[i]);
        }

        GC.SuppressFinalize(this);
    }

    protected static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    protected static string CollectionPath(string id) => $"{ChromaHttp.Collections()}/{id}";

    protected static string RecordsPath(string id, string operation) => ChromaHttp.Records(id, operation);

    /// <summary>Creates a collection in the default database; <paramref name="extraJson"/> is spliced after the name.</summary>
    protected async Task<TestCollection> CreateCollectionAsync(string extraJson = "", string prefix = "coll")
    {
        string name = UniqueName(prefix);
        string body = extraJson.Length == 0 ? $$"""{"name":"{{name}}"}""" : $$"""{"name":"{{name}}",{{extraJson}}}""";
        ApiResponse response = (await Http.PostAsync(ChromaHttp.Collections(), body)).Expect(200);
        return new TestCollection(response.Json.GetProperty("id").GetString()!, name, response);
    }

    protected async Task<TestCollection> CreateSeededCollectionAsync(string extraJson = "")
    {
        TestCollection collection = await CreateCollectionAsync(extraJson, "seeded");
        (await Http.PostAsync(RecordsPath(collection.Id, "add"), FiveRecords)).Expect(201);
        return collection;
    }

    protected async Task<long> CountAsync(string collectionId)
    {
        ApiResponse response = (await Http.GetAsync(RecordsPath(collectionId, "count"))).Expect(200);
        Assert.Equal(JsonValueKind.Number, response.Json.ValueKind);
        return response.Json.GetInt64();
    }

    protected async Task<string[]> GetIdsAsync(string collectionId, string body)
    {
        ApiResponse response = (await Http.PostAsync(RecordsPath(collectionId, "get"), body)).Expect(200);
        return Strings(response.Json.GetProperty("ids"));
    }

    protected Task<ApiResponse> GetAsync(string collectionId, string body) =>
        Http.PostAsync(RecordsPath(collectionId, "get"), body);

    protected Task<ApiResponse> QueryAsync(string collectionId, string body) =>
        Http.PostAsync(RecordsPath(collectionId, "query"), body);

    protected static string[] Strings(JsonElement array)
    {
        var result = new string[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            result[i++] = item.GetString()!;
        }

        return result;
    }

    protected static double[] Doubles(JsonElement array)
    {
        var result = new double[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            result[i++] = item.GetDouble();
        }

        return result;
    }

    protected static void AssertClose(double[] expected, double[] actual, double tolerance = 1e-4)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"element {i}: expected {expected[i].ToString(CultureInfo.InvariantCulture)}, got {actual[i].ToString(CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>Asserts a regex over the raw body text, where JSON number formatting is visible.</summary>
    protected static void AssertRaw(ApiResponse response, string pattern)
    {
        if (!Regex.IsMatch(response.Text, pattern))
        {
            Assert.Fail(response.Describe($"raw body does not match /{pattern}/"));
        }
    }

    protected static void AssertNull(JsonElement parent, string property)
    {
        Assert.True(parent.TryGetProperty(property, out JsonElement value), $"missing property {property}");
        Assert.Equal(JsonValueKind.Null, value.ValueKind);
    }

    protected sealed record TestCollection(string Id, string Name, ApiResponse Created);
}
