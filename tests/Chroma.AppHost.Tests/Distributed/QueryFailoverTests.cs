using Chroma.Api.Tests.Infrastructure;
using Chroma.AppHost.Hosting;

namespace Chroma.AppHost.Tests.Distributed;

/// <summary>
/// A Query replica dies: the gateway's health checks drop it, its collections are served by the other
/// replica (rendezvous hashing over the replicas still available), and the AppHost restarts it.
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed class QueryFailoverTests : IClassFixture<DistributedAppFixture>
{
    /// <summary>
    /// How long reads of the dead replica's collections may fail: requests already routed to it before
    /// the gateway's probe (every 0.5 s here) noticed. Nothing else may fail at all.
    /// </summary>
    private static readonly TimeSpan DetectionWindow = TimeSpan.FromSeconds(15);

    private readonly DistributedAppFixture _app;
    private readonly ChromaHttp _http;

    public QueryFailoverTests(DistributedAppFixture app)
    {
        _app = app;
        _http = new ChromaHttp(app);
    }

    [Fact]
    public async Task KillingAQueryReplica_ReadsKeepSucceeding_AndItsCollectionsMoveToTheOtherReplica()
    {
        // Collections until both replicas own some. The owner is read from the gateway's log, where YARP
        // names the destination of every proxied request ("Proxying to http://127.0.0.1:<port>/...").
        int[] ports = [_app.App.GetEndpoint("query", "http", 0).Port, _app.App.GetEndpoint("query", "http", 1).Port];
        var owned = new List<string>[] { [], [] };
        for (int i = 0; i < 24 && (owned[0].Count == 0 || owned[1].Count == 0); i++)
        {
            string id = await CreateCollectionWithRecordsAsync($"failover_{i}_{Guid.NewGuid():N}"[..24]);
            await ExpectCountAsync(id);
            owned[ServedBy(id, ports)].Add(id);
        }
        Assert.True(owned[0].Count > 0 && owned[1].Count > 0, "24 collections all hashed to one replica.");

        await _app.App.KillAsync("query", 0);
        var killedAt = DateTime.UtcNow;
        var moved = new HashSet<string>();
        var deadline = killedAt + TimeSpan.FromSeconds(90);
        while (moved.Count < owned[0].Count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Only {moved.Count} of {owned[0].Count} collections of the dead replica moved to query-1.");
            // A crash-looping node: if it came back before the move was seen, kill it again so the
            // gateway has to route around it (the AppHost restarts it after a growing backoff).
            if (_app.App.GetSnapshot("query", 0) is { State: ReplicaState.Running, Healthy: true })
                await _app.App.KillAsync("query", 0);

            foreach (string id in owned[1])
                await ExpectCountAsync(id); // the surviving replica's collections never fail

            foreach (string id in owned[0])
            {
                ApiResponse response = await _http.GetAsync(ChromaHttp.Records(id, "count"));
                if (response.Status == 200)
                {
                    Assert.Equal(3, response.Json.GetInt32());
                    if (CountOf(DistributedApp.ReadLog(_app.App, "gateway"), ports[1], id) > 0) moved.Add(id);
                }
                else
                {
                    Assert.True(DateTime.UtcNow - killedAt < DetectionWindow,
                        $"A read of {id} still failed {(DateTime.UtcNow - killedAt).TotalSeconds:0.0}s after the kill: {response.Status} {response.Text}");
                }
            }
        }

        // The AppHost brings the replica back; everything still reads.
        await _app.App.WaitForHealthyAsync("query", TimeSpan.FromSeconds(90));
        foreach (var ids in owned)
        {
            foreach (string id in ids) await ExpectCountAsync(id);
        }
    }

    private async Task<string> CreateCollectionWithRecordsAsync(string name)
    {
        ApiResponse created = (await _http.PostAsync(ChromaHttp.Collections(), $$"""{"name":"{{name}}"}""")).Expect(200);
        string id = created.Json.GetProperty("id").GetString()!;
        (await _http.PostAsync(ChromaHttp.Records(id, "add"),
            """{"ids":["a","b","c"],"embeddings":[[1,0],[0,1],[1,1]],"documents":["x","y","z"]}""")).Expect(201);
        return id;
    }

    private async Task ExpectCountAsync(string id)
    {
        ApiResponse response = (await _http.GetAsync(ChromaHttp.Records(id, "count"))).Expect(200);
        Assert.Equal(3, response.Json.GetInt32());
    }

    private int ServedBy(string id, int[] ports)
    {
        string log = DistributedApp.ReadLog(_app.App, "gateway");
        if (CountOf(log, ports[0], id) > 0) return 0;
        Assert.True(CountOf(log, ports[1], id) > 0, $"The gateway logged no read of {id} proxied to either query replica.");
        return 1;
    }

    /// <summary>Reads of the collection the gateway proxied to the replica on <paramref name="port"/>.</summary>
    private static int CountOf(string log, int port, string collectionId)
    {
        string needle = $"127.0.0.1:{port}/api/v2/tenants/{ChromaHttp.DefaultTenant}/databases/{ChromaHttp.DefaultDatabase}/collections/{collectionId}/count";
        int count = 0;
        for (int at = log.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = log.IndexOf(needle, at + needle.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
