using System.Text.Json;
using Chroma.Api.Tests.Infrastructure;

namespace Chroma.Api.Tests.Suite;

// §1 conventions and §4 system routes.
public abstract partial class ChromaApiSuite
{
    [Theory]
    [InlineData("/api/v2/heartbeat")]
    [InlineData("/api/v2")]
    public async Task Heartbeat_ReturnsNanosecondsSinceEpoch(string path)
    {
        ApiResponse response = (await Http.GetAsync(path)).Expect(200);
        JsonElement ns = response.Json.GetProperty("nanosecond heartbeat");
        Assert.Equal(JsonValueKind.Number, ns.ValueKind);
        Assert.True(ns.TryGetUInt64(out ulong value), response.Describe("heartbeat is not an integer"));
        long nowNs = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        Assert.InRange((long)value, nowNs - 3_600_000_000_000L, nowNs + 3_600_000_000_000L);
    }

    [Fact]
    public async Task Version_IsAJsonString()
    {
        ApiResponse response = (await Http.GetAsync("/api/v2/version")).Expect(200);
        Assert.Equal(JsonValueKind.String, response.Json.ValueKind);
        Assert.Equal("1.0.0", response.Json.GetString());
    }

    [Fact]
    public async Task Healthcheck_ReportsReady()
    {
        ApiResponse response = (await Http.GetAsync("/api/v2/healthcheck")).Expect(200);
        Assert.True(response.Json.GetProperty("is_executor_ready").GetBoolean());
        Assert.True(response.Json.GetProperty("is_log_client_ready").GetBoolean());
    }

    [Fact]
    public async Task PreFlight_AnnouncesBatchSizeAndBase64()
    {
        ApiResponse response = (await Http.GetAsync("/api/v2/pre-flight-checks")).Expect(200);
        Assert.Equal(5461, response.Json.GetProperty("max_batch_size").GetInt32());
        Assert.True(response.Json.GetProperty("supports_base64_encoding").GetBoolean());
    }

    [Fact]
    public async Task Identity_IsTheDefaultTenantAndDatabase()
    {
        ApiResponse response = (await Http.GetAsync("/api/v2/auth/identity")).Expect(200);
        if (Server.Client.DefaultRequestHeaders.Contains("x-chroma-token"))
        {
            // A deployment with auth on (the distributed app): the identity of the operator key the client
            // sends, which covers every tenant and database and works in the default tenant.
            Assert.False(string.IsNullOrEmpty(response.Json.GetProperty("user_id").GetString()));
            Assert.Equal("default_tenant", response.Json.GetProperty("tenant").GetString());
            Assert.Equal(["*"], Strings(response.Json.GetProperty("databases")));
            return;
        }

        Assert.Equal("", response.Json.GetProperty("user_id").GetString());
        Assert.Equal("default_tenant", response.Json.GetProperty("tenant").GetString());
        Assert.Equal(["default_database"], Strings(response.Json.GetProperty("databases")));
    }

    [Fact]
    public async Task V1Api_Returns410Unimplemented()
    {
        (await Http.GetAsync("/api/v1/heartbeat")).ExpectError(410, "Unimplemented", "v1 API is deprecated");
    }

    [Fact]
    public async Task UnknownRoute_Returns404WithEmptyBody()
    {
        ApiResponse response = (await Http.GetAsync("/api/v2/does-not-exist")).Expect(404);
        Assert.Equal("", response.Text);
    }

    [Fact]
    public async Task WrongMethod_Returns405WithEmptyBody()
    {
        ApiResponse response = (await Http.DeleteAsync("/api/v2/heartbeat")).Expect(405);
        Assert.Equal("", response.Text);
    }

    [Fact]
    public async Task RequestWithoutContentType_IsReadAsJson()
    {
        string name = UniqueName("noctype");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v2/tenants")
        {
            Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes($$"""{"name":"{{name}}"}""")),
        };
        using HttpResponseMessage response = await Server.Client.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        (await Http.GetAsync($"/api/v2/tenants/{name}")).Expect(200);
    }

    [Fact]
    public async Task MalformedJson_Returns400InvalidArgument()
    {
        (await Http.PostAsync("/api/v2/tenants", "{not json"))
            .ExpectError(400, "InvalidArgumentError", "Failed to parse the request body as JSON");
    }

    /// <summary>
    /// Reset wipes every tenant, database and collection and re-creates the defaults; a
    /// deployment that forbids reset answers 403 and keeps its data.
    /// </summary>
    [Fact]
    public async Task Reset_WipesEverythingOrIsForbidden()
    {
        string tenant = UniqueName("rtenant");
        (await Http.PostAsync("/api/v2/tenants", $$"""{"name":"{{tenant}}"}""")).Expect(200);
        TestCollection collection = await CreateCollectionAsync(prefix: "reset");
        (await Http.PostAsync(RecordsPath(collection.Id, "add"), """{"ids":["r1"],"embeddings":[[1,2]]}""")).Expect(201);

        ApiResponse reset = await Http.PostAsync("/api/v2/reset");
        if (!Server.AllowsReset)
        {
            reset.ExpectError(403, "ChromaError", "Reset is disabled");
            (await Http.GetAsync($"/api/v2/tenants/{tenant}")).Expect(200);
            Assert.Equal(1, await CountAsync(collection.Id));
            return;
        }

        reset.Expect(200);
        Assert.True(reset.Json.GetBoolean());
        (await Http.GetAsync($"/api/v2/tenants/{tenant}")).ExpectError(404, "NotFoundError", tenant);
        (await Http.GetAsync($"{ChromaHttp.Collections()}/{collection.Name}")).ExpectError(404, "NotFoundError");
        (await Http.GetAsync(RecordsPath(collection.Id, "count"))).ExpectError(404, "NotFoundError");
        ApiResponse list = (await Http.GetAsync(ChromaHttp.Collections())).Expect(200);
        Assert.Equal(0, list.Json.GetArrayLength());
        (await Http.GetAsync("/api/v2/tenants/default_tenant")).Expect(200);
        (await Http.GetAsync("/api/v2/tenants/default_tenant/databases/default_database")).Expect(200);

        // The server still works after a reset.
        TestCollection after = await CreateCollectionAsync(prefix: "after");
        (await Http.PostAsync(RecordsPath(after.Id, "add"), """{"ids":["x"],"embeddings":[[1,2,3]]}""")).Expect(201);
        Assert.Equal(1, await CountAsync(after.Id));
    }
}
