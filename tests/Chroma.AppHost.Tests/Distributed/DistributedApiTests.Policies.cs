using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Chroma.Api.Tests.Infrastructure;

namespace Chroma.AppHost.Tests.Distributed;

/// <summary>
/// The gateway policies through the distributed gateway, on the same application as the suite: the auth
/// matrix (keys minted with the bootstrap admin token and stored in PostgreSQL) and the stateful quotas that
/// only the SysDb (collections per tenant) and the Log (records per collection) can check.
/// </summary>
public sealed partial class DistributedApiTests
{
    private const string DefaultCollections = "/api/v2/tenants/default_tenant/databases/default_database/collections";

    [Fact]
    public async Task Auth_NoTokenAndWrongToken_Get401WithTheChromaBody()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, DefaultCollections, token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("Unauthorized", ErrorMessage(body), StringComparison.Ordinal);

        (status, body) = await SendAsync(HttpMethod.Get, DefaultCollections, token: "not-a-key-0123456789abcdef");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        ErrorMessage(body);

        // A real token with one character more, in the other header form.
        (status, body) = await SendAsync(HttpMethod.Get, DefaultCollections, token: DistributedApp.AdminToken(_app.App) + "x", bearer: true);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        ErrorMessage(body);

        // Open routes stay open.
        (status, _) = await SendAsync(HttpMethod.Get, "/api/v2/heartbeat", token: null);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Auth_ReadKey_ReadsButCannotWrite()
    {
        var (writer, _) = await MintKeyAsync("""{"tenant":"default_tenant","role":"write"}""");
        var (reader, _) = await MintKeyAsync("""{"tenant":"default_tenant","role":"read"}""");
        string id = await CreateCollectionAsync(DefaultCollections, UniqueName("auth_read"), writer);
        const string add = """{"ids":["a"],"embeddings":[[1,2,3]]}""";

        var (status, body) = await SendAsync(HttpMethod.Post, $"{DefaultCollections}/{id}/add", add, reader);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        ErrorMessage(body);
        (status, _) = await SendAsync(HttpMethod.Post, DefaultCollections, $$"""{"name":"{{UniqueName("by_reader")}}"}""", reader);
        Assert.Equal(HttpStatusCode.Forbidden, status);

        (status, body) = await SendAsync(HttpMethod.Post, $"{DefaultCollections}/{id}/add", add, writer, bearer: true);
        Assert.True(status == HttpStatusCode.Created, body);
        (status, body) = await SendAsync(HttpMethod.Post, $"{DefaultCollections}/{id}/query", """{"query_embeddings":[[1,2,3]],"n_results":1}""", reader);
        Assert.True(status == HttpStatusCode.OK, body);
        (status, body) = await SendAsync(HttpMethod.Get, $"{DefaultCollections}/{id}/count", token: reader, bearer: true);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("1", body);
    }

    [Fact]
    public async Task Auth_AnotherTenantsKey_Gets403WhetherOrNotTheCollectionExists()
    {
        var (other, _) = await MintKeyAsync("""{"tenant":"auth_other_tenant","role":"admin"}""");
        TestCollection collection = await CreateCollectionAsync(prefix: "auth_other");

        var (existing, existingBody) = await SendAsync(HttpMethod.Get, $"{DefaultCollections}/{collection.Id}/count", token: other);
        var (missing, missingBody) = await SendAsync(HttpMethod.Get, $"{DefaultCollections}/{Guid.NewGuid()}/count", token: other);
        Assert.Equal(HttpStatusCode.Forbidden, existing);
        Assert.Equal(HttpStatusCode.Forbidden, missing);
        foreach (string message in new[] { ErrorMessage(existingBody), ErrorMessage(missingBody) })
        {
            Assert.DoesNotContain("exist", message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("not found", message, StringComparison.OrdinalIgnoreCase);
        }

        var (byName, _) = await SendAsync(HttpMethod.Get, $"{DefaultCollections}/{collection.Name}", token: other);
        Assert.Equal(HttpStatusCode.Forbidden, byName);
        var (write, _) = await SendAsync(HttpMethod.Post, $"{DefaultCollections}/{collection.Id}/delete", """{"ids":["x"]}""", other);
        Assert.Equal(HttpStatusCode.Forbidden, write);
    }

    [Fact]
    public async Task Auth_AdminManagesKeys_AndIdentityAnswersTheCallersScope()
    {
        var (token, keyId) = await MintKeyAsync("""{"tenant":"default_tenant","databases":["default_database"],"role":"read","name":"dist-ci"}""");
        Assert.StartsWith("ck_" + keyId + "_", token, StringComparison.Ordinal);

        var (status, body) = await SendAsync(HttpMethod.Get, "/api/v2/auth/identity", token: token);
        Assert.Equal(HttpStatusCode.OK, status);
        using (var identity = JsonDocument.Parse(body))
        {
            Assert.Equal(keyId, identity.RootElement.GetProperty("user_id").GetString());
            Assert.Equal("default_tenant", identity.RootElement.GetProperty("tenant").GetString());
            Assert.Equal(["default_database"], identity.RootElement.GetProperty("databases").EnumerateArray().Select(e => e.GetString()!).ToArray());
        }

        // Listed without its token; a write key may not manage keys.
        (status, body) = await SendAsync(HttpMethod.Get, "/api/v2/admin/keys", token: DistributedApp.AdminToken(_app.App));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(keyId, body, StringComparison.Ordinal);
        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        var (writer, _) = await MintKeyAsync("""{"tenant":"default_tenant","role":"write"}""");
        (status, _) = await SendAsync(HttpMethod.Post, "/api/v2/admin/keys", """{"tenant":"default_tenant","role":"read"}""", writer);
        Assert.Equal(HttpStatusCode.Forbidden, status);

        // Deleted through the gateway: refused at once.
        (status, _) = await SendAsync(HttpMethod.Delete, $"/api/v2/admin/keys/{keyId}", token: DistributedApp.AdminToken(_app.App));
        Assert.Equal(HttpStatusCode.OK, status);
        (status, _) = await SendAsync(HttpMethod.Get, "/api/v2/auth/identity", token: token);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Quotas_CollectionsPerTenantHoldInTheSysDb_AndRecordsPerCollectionInTheLog()
    {
        const string tenant = DistributedApp.QuotaTenant;
        string admin = DistributedApp.AdminToken(_app.App);
        (await Http.PostAsync("/api/v2/tenants", $$"""{"name":"{{tenant}}"}""")).Expect(200);
        (await Http.PostAsync($"/api/v2/tenants/{tenant}/databases", """{"name":"quota_db"}""")).Expect(200);
        string collections = ChromaHttp.Collections("quota_db", tenant);

        string first = await CreateCollectionAsync(collections, "qq1", admin);
        await CreateCollectionAsync(collections, "qq2", admin);
        var (status, body) = await SendAsync(HttpMethod.Post, collections, """{"name":"qq3"}""", admin);
        Assert.Equal((HttpStatusCode)422, status);
        Assert.StartsWith("Quota exceeded: collections per tenant is 2", ErrorMessage(body), StringComparison.Ordinal);
        (status, _) = await SendAsync(HttpMethod.Post, collections, """{"name":"qq1","get_or_create":true}""", admin);
        Assert.Equal(HttpStatusCode.OK, status);

        string records = $"{collections}/{first}";
        (status, body) = await SendAsync(HttpMethod.Post, records + "/add", """{"ids":["a","b","c"],"embeddings":[[1,0],[0,1],[1,1]]}""", admin);
        Assert.True(status == HttpStatusCode.Created, body);
        (status, body) = await SendAsync(HttpMethod.Post, records + "/add", """{"ids":["d"],"embeddings":[[2,2]]}""", admin);
        Assert.Equal((HttpStatusCode)422, status);
        Assert.StartsWith("Quota exceeded: records per collection is 3", ErrorMessage(body), StringComparison.Ordinal);
        // Upserting ids already stored adds no record, so it fits; nothing of the refused write was stored.
        (status, body) = await SendAsync(HttpMethod.Post, records + "/upsert", """{"ids":["a"],"embeddings":[[3,3]]}""", admin);
        Assert.True(status == HttpStatusCode.OK, body);
        (status, body) = await SendAsync(HttpMethod.Get, records + "/count", token: admin);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("3", body);
    }

    /// <summary>One request from a client without default headers: only <paramref name="token"/> authenticates it.</summary>
    private async Task<(HttpStatusCode Status, string Body)> SendAsync(
        HttpMethod method, string path, string? json = null, string? token = null, bool bearer = false)
    {
        using var client = new HttpClient { BaseAddress = _app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (token is not null)
        {
            if (bearer) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            else request.Headers.Add("x-chroma-token", token);
        }

        using HttpResponseMessage response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A new key minted with the bootstrap admin token: its token (shown once) and id.</summary>
    private async Task<(string Token, string KeyId)> MintKeyAsync(string json)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/v2/admin/keys", json, DistributedApp.AdminToken(_app.App));
        Assert.True(status == HttpStatusCode.Created, $"mint key: {(int)status} {body}");
        using var created = JsonDocument.Parse(body);
        return (created.RootElement.GetProperty("token").GetString()!, created.RootElement.GetProperty("key_id").GetString()!);
    }

    private async Task<string> CreateCollectionAsync(string collections, string name, string token)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, collections, $$"""{"name":"{{name}}"}""", token);
        Assert.True(status == HttpStatusCode.OK, $"create collection {name}: {(int)status} {body}");
        using var created = JsonDocument.Parse(body);
        return created.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Asserts Chroma's {"error","message"} body and returns the message.</summary>
    private static string ErrorMessage(string body)
    {
        using var document = JsonDocument.Parse(body);
        Assert.Equal(JsonValueKind.String, document.RootElement.GetProperty("error").ValueKind);
        return document.RootElement.GetProperty("message").GetString()!;
    }
}
