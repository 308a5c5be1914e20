using System.Net;
using System.Text;

namespace Chroma.Gateway.Tests;

public class DistributedGatewayRoutingTests
{
    private const string Collections = "/api/v2/tenants/default_tenant/databases/default_database/collections";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private static string CollectionPath(string collection, string operation) => $"{Collections}/{collection}/{operation}";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<string> ServedByAsync(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return Assert.Single(response.Headers.GetValues(Backend.BackendHeader));
    }

    [Fact]
    public async Task EachRouteGoesToItsOwningService()
    {
        await using var cluster = await DistributedCluster.StartAsync();
        var client = cluster.Client;
        string id = Guid.NewGuid().ToString();

        foreach (string write in new[] { "add", "update", "upsert", "delete" })
            Assert.StartsWith("log-", await ServedByAsync(await client.PostAsync(CollectionPath(id, write), Json("{}"))));
        foreach (string read in new[] { "get", "query" })
            Assert.StartsWith("query-", await ServedByAsync(await client.PostAsync(CollectionPath(id, read), Json("{}"))));
        foreach (string read in new[] { "count", "indexing_status" })
            Assert.StartsWith("query-", await ServedByAsync(await client.GetAsync(CollectionPath(id, read))));

        // Record routes match on path alone: a wrong method reaches the owner, which answers 405 itself.
        Assert.StartsWith("log-", await ServedByAsync(await client.GetAsync(CollectionPath(id, "add"))));

        Assert.Equal("sysdb-0", await ServedByAsync(await client.GetAsync("/api/v2/tenants/default_tenant")));
        Assert.Equal("sysdb-0", await ServedByAsync(await client.GetAsync($"{Collections}/my-collection")));
        Assert.Equal("sysdb-0", await ServedByAsync(await client.PutAsync($"{Collections}/{id}", Json("{}"))));
        Assert.Equal("sysdb-0", await ServedByAsync(await client.PostAsync(Collections, Json("{\"name\":\"c\"}"))));
        Assert.Equal("sysdb-0", await ServedByAsync(await client.GetAsync("/api/v2/tenants/default_tenant/databases/default_database/collections_count")));
        Assert.Equal("sysdb-0", await ServedByAsync(await client.PostAsync("/api/v2/reset", null)));
        Assert.Equal("sysdb-0", await ServedByAsync(await client.GetAsync("/openapi.json")));
        // The query string travels with the request.
        var listed = await client.GetAsync("/api/v2/tenants/default_tenant/databases?limit=5");
        Assert.Equal("sysdb-0", await ServedByAsync(listed));
        Assert.Equal("/api/v2/tenants/default_tenant/databases", Assert.Single(cluster.SysDb.Received.Keys, k => k.EndsWith("/databases", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task GatewayAnswersSystemRoutesAndHealthItself()
    {
        await using var cluster = await DistributedCluster.StartAsync();
        var client = cluster.Client;

        var heartbeat = await client.GetAsync("/api/v2/heartbeat");
        Assert.Equal(HttpStatusCode.OK, heartbeat.StatusCode);
        Assert.False(heartbeat.Headers.Contains(Backend.BackendHeader));
        Assert.Contains("nanosecond heartbeat", await heartbeat.Content.ReadAsStringAsync());
        Assert.Equal("\"1.0.0\"", await client.GetStringAsync("/api/v2/version"));
        Assert.Contains("max_batch_size", await client.GetStringAsync("/api/v2/pre-flight-checks"));
        Assert.Contains("default_tenant", await client.GetStringAsync("/api/v2/auth/identity"));
        Assert.Contains("is_executor_ready", await client.GetStringAsync("/api/v2/healthcheck"));
        Assert.Equal("Healthy", await client.GetStringAsync("/health"));
        Assert.Equal("Healthy", await client.GetStringAsync("/alive"));
        Assert.All(cluster.All, backend => Assert.Empty(backend.Received));
    }

    [Fact]
    public async Task UnreachableServiceAnswersWithAChromaErrorBody()
    {
        await using var cluster = await DistributedCluster.StartAsync();
        await cluster.SysDb.StopAsync();

        var response = await cluster.Client.GetAsync("/api/v2/tenants/default_tenant");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("\"error\":\"Unavailable\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EachCollectionSticksToOneBackend()
    {
        await using var cluster = await DistributedCluster.StartAsync();
        var owners = new HashSet<string>();
        for (int c = 0; c < 24; c++)
        {
            string id = Guid.NewGuid().ToString();
            string first = await ServedByAsync(await cluster.Client.PostAsync(CollectionPath(id, "query"), Json("{}")));
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(first, await ServedByAsync(await cluster.Client.PostAsync(CollectionPath(id, "get"), Json("{}"))));
                Assert.Equal(first, await ServedByAsync(await cluster.Client.GetAsync(CollectionPath(id, "count"))));
            }

            string writer = await ServedByAsync(await cluster.Client.PostAsync(CollectionPath(id, "add"), Json("{}")));
            Assert.Equal(writer, await ServedByAsync(await cluster.Client.PostAsync(CollectionPath(id, "upsert"), Json("{}"))));
            owners.Add(first);
        }

        Assert.True(owners.Count >= 2, "24 collections should not all land on one of three query nodes");
    }

    [Fact]
    public async Task CollectionsOfAStoppedBackendMoveAndRequestsKeepSucceeding()
    {
        await using var cluster = await DistributedCluster.StartAsync();
        var ownerByCollection = new Dictionary<string, string>();
        for (int c = 0; c < 30; c++)
        {
            string id = Guid.NewGuid().ToString();
            ownerByCollection[id] = await ServedByAsync(await cluster.Client.PostAsync(CollectionPath(id, "query"), Json("{}")));
        }

        string victimName = ownerByCollection.Values.GroupBy(v => v).OrderByDescending(g => g.Count()).First().Key;
        await cluster.Query.Single(q => q.Name == victimName).StopAsync();

        // Active health checks take the stopped node out; until then its collections may fail (502).
        string movedCollection = ownerByCollection.First(pair => pair.Value == victimName).Key;
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var response = await cluster.Client.PostAsync(CollectionPath(movedCollection, "query"), Json("{}"));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.NotEqual(victimName, await ServedByAsync(response));
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"collection still unavailable after {Deadline}: {(int)response.StatusCode}");
            await Task.Yield();
        }

        // Once the node is out, every request succeeds; only the dead node's collections moved, and each stays put.
        var newOwners = new Dictionary<string, string>();
        for (int round = 0; round < 3; round++)
        {
            foreach (var (id, oldOwner) in ownerByCollection)
            {
                string owner = await ServedByAsync(await cluster.Client.PostAsync(CollectionPath(id, "query"), Json("{}")));
                Assert.NotEqual(victimName, owner);
                if (oldOwner != victimName) Assert.Equal(oldOwner, owner);
                if (newOwners.TryGetValue(id, out string? seen)) Assert.Equal(seen, owner);
                newOwners[id] = owner;
            }
        }
    }
}
