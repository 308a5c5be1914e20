using Chroma.Api.Tests.Infrastructure;
using Chroma.AppHost.Hosting;

namespace Chroma.AppHost.Tests.Distributed;

/// <summary>
/// The whole AppHost stops and starts again on the same data directory: PostgreSQL's catalog and
/// Azurite's blobs (logs and index versions) are under it, so every tenant, collection and record is
/// still there.
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed class AppHostRestartTests : IAsyncLifetime
{
    private readonly string _dataDirectory = TestEnvironment.CreateDataDirectory();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        TestEnvironment.DeleteDataDirectory(_dataDirectory);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task RestartingTheAppHostOnTheSameData_KeepsEverything()
    {
        const string tenant = "restart_tenant";
        const string database = "restart_db";
        string collectionId;
        string adminToken;
        string readToken;
        await using (var first = await DistributedApp.StartAsync(_dataDirectory, DistributedApp.FreePort()))
        {
            var http = new ChromaHttp(new AppServer(first));
            (await http.PostAsync("/api/v2/tenants", $$"""{"name":"{{tenant}}"}""")).Expect(200);
            (await http.PostAsync($"/api/v2/tenants/{tenant}/databases", $$"""{"name":"{{database}}"}""")).Expect(200);
            ApiResponse created = (await http.PostAsync(ChromaHttp.Collections(database, tenant),
                """{"name":"kept","metadata":{"owner":"restart-test"}}""")).Expect(200);
            collectionId = created.Json.GetProperty("id").GetString()!;
            adminToken = DistributedApp.AdminToken(first);
            ApiResponse key = (await http.PostAsync("/api/v2/admin/keys", $$"""{"tenant":"{{tenant}}","role":"read"}""")).Expect(201);
            readToken = key.Json.GetProperty("token").GetString()!;
            string records = $"{ChromaHttp.Collections(database, tenant)}/{collectionId}";

            (await http.PostAsync(records + "/add", Batch(0, 20))).Expect(201);
            // Let the compactor build an index version for the first batch, so the second start reads
            // both an index version from blobs and a log tail.
            await TestEnvironment.WaitUntilAsync(async () =>
            {
                ApiResponse status = await http.GetAsync(records + "/indexing_status");
                return status.Status == 200 && status.Json.GetProperty("num_unindexed_ops").GetInt64() == 0;
            }, TimeSpan.FromSeconds(60), "the first batch to be compacted");
            (await http.PostAsync(records + "/add", Batch(20, 10))).Expect(201);
            (await http.PostAsync(records + "/delete", """{"ids":["r3"]}""")).Expect(200);
        }

        await using var second = await DistributedApp.StartAsync(_dataDirectory, DistributedApp.FreePort());
        var again = new ChromaHttp(new AppServer(second));
        // The bootstrap admin token was generated once for this data directory, and the minted key was stored
        // (hashed) in the catalog database: both still authenticate.
        Assert.Equal(adminToken, DistributedApp.AdminToken(second));
        string tokenFile = ParameterResource.ValuePath(_dataDirectory, ChromaAppWiring.AdminTokenParameter);
        Assert.Equal(adminToken, (await File.ReadAllTextAsync(tokenFile)).Trim());
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
        using (var reader = new HttpClient { BaseAddress = second.GetEndpoint("gateway"), Timeout = TimeSpan.FromSeconds(60) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, ChromaHttp.Collections(database, tenant));
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", readToken);
            using HttpResponseMessage listed = await reader.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.OK, listed.StatusCode);
        }

        ApiResponse collection = (await again.GetAsync($"{ChromaHttp.Collections(database, tenant)}/kept")).Expect(200);
        Assert.Equal(collectionId, collection.Json.GetProperty("id").GetString());
        Assert.Equal("restart-test", collection.Json.GetProperty("metadata").GetProperty("owner").GetString());

        string path = $"{ChromaHttp.Collections(database, tenant)}/{collectionId}";
        Assert.Equal(29, (await again.GetAsync(path + "/count")).Expect(200).Json.GetInt32());
        ApiResponse got = (await again.PostAsync(path + "/get", """{"ids":["r0","r3","r25"],"include":["documents"]}""")).Expect(200);
        string[] ids = got.Json.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "r0", "r25" }, ids);
        ApiResponse nearest = (await again.PostAsync(path + "/query", """{"query_embeddings":[[25,1]],"n_results":1,"include":["documents"]}""")).Expect(200);
        Assert.Equal("r25", nearest.Json.GetProperty("ids")[0][0].GetString());
        Assert.Equal("doc 25", nearest.Json.GetProperty("documents")[0][0].GetString());
    }

    private static string Batch(int start, int count)
    {
        var ids = new List<string>();
        var embeddings = new List<string>();
        var documents = new List<string>();
        for (int i = start; i < start + count; i++)
        {
            ids.Add($"\"r{i}\"");
            embeddings.Add($"[{i},1]");
            documents.Add($"\"doc {i}\"");
        }
        return $$"""{"ids":[{{string.Join(",", ids)}}],"embeddings":[{{string.Join(",", embeddings)}}],"documents":[{{string.Join(",", documents)}}]}""";
    }

    /// <summary>The gateway of one started application, for <see cref="ChromaHttp"/>.</summary>
    private sealed class AppServer(DistributedApplication app) : IChromaServer
    {
        public Uri BaseAddress { get; } = app.GetEndpoint("gateway");

        public HttpClient Client { get; } = DistributedApp.CreateGatewayClient(app);

        public bool AllowsReset => true;

        public IReadOnlyList<string> LogLines => app.GetLogTail("gateway");
    }
}
