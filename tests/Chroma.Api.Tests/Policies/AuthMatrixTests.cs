using System.Net;
using System.Text.Json;

namespace Chroma.Api.Tests.Policies;

/// <summary>Who may do what, against a running single-node server with auth on and configured keys.</summary>
public sealed class AuthMatrixTests : IAsyncLifetime
{
    private const string Admin = "admin-token-0123456789abcdef";
    private const string Writer = "writer-token-0123456789abcdef";
    private const string Reader = "reader-token-0123456789abcdef";
    private const string OtherTenant = "other-tenant-token-0123456789";
    private const string OnlyDbA = "only-db-a-token-0123456789abc";
    private const string AdminOfDbA = "admin-db-a-token-0123456789ab";

    private PolicyServer _server = null!;

    public async Task InitializeAsync()
    {
        var environment = new Dictionary<string, string>();
        void Key(int i, string token, string tenant, string role, string databases = "*")
        {
            environment[$"Chroma__Auth__Keys__{i}__Token"] = token;
            environment[$"Chroma__Auth__Keys__{i}__Tenant"] = tenant;
            environment[$"Chroma__Auth__Keys__{i}__Role"] = role;
            environment[$"Chroma__Auth__Keys__{i}__Databases"] = databases;
        }

        Key(0, Admin, "*", "admin");
        Key(1, Writer, "default_tenant", "write");
        Key(2, Reader, "default_tenant", "read");
        Key(3, OtherTenant, "other", "admin");
        Key(4, OnlyDbA, "default_tenant", "write", "db_a");
        Key(5, AdminOfDbA, "default_tenant", "admin", "db_a");
        _server = await PolicyServer.StartAsync(environment, auth: true);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Open_routes_need_no_token()
    {
        foreach (string path in new[] { "/api/v2/heartbeat", "/api/v2/version", "/api/v2/pre-flight-checks", "/api/v2/healthcheck" })
        {
            var (status, body, _) = await _server.SendAsync(HttpMethod.Get, path);
            Assert.True(status == HttpStatusCode.OK, $"{path}: {(int)status} {body}");
        }
    }

    [Fact]
    public async Task No_token_and_wrong_token_get_401_with_the_chroma_body()
    {
        var (status, body, _) = await _server.SendAsync(HttpMethod.Get, PolicyServer.Collections);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("Unauthorized", ErrorBody.Message(body), StringComparison.Ordinal);

        (status, body, _) = await _server.SendAsync(HttpMethod.Get, PolicyServer.Collections, token: "not-a-key-0123456789abcdef");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        ErrorBody.Message(body);

        (status, _, _) = await _server.SendAsync(HttpMethod.Get, PolicyServer.Collections, token: Writer + "x", bearer: true);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Both_header_forms_are_accepted()
    {
        var (status, _, _) = await _server.SendAsync(HttpMethod.Get, PolicyServer.Collections, token: Reader);
        Assert.Equal(HttpStatusCode.OK, status);
        (status, _, _) = await _server.SendAsync(HttpMethod.Get, PolicyServer.Collections, token: Reader, bearer: true);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Changing_the_tenant_needs_a_key_for_all_its_databases()
    {
        string patch = """{"resource_name":"acme"}""";
        var (status, body, _) = await _server.SendAsync(HttpMethod.Patch, "/api/v2/tenants/default_tenant", patch, AdminOfDbA);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        ErrorBody.Message(body);

        (status, body, _) = await _server.SendAsync(HttpMethod.Get, "/api/v2/tenants/default_tenant", token: AdminOfDbA);
        Assert.True(status == HttpStatusCode.OK, body);
        (status, body, _) = await _server.SendAsync(HttpMethod.Patch, "/api/v2/tenants/default_tenant", patch, Admin);
        Assert.True(status == HttpStatusCode.OK, body);
    }

    [Fact]
    public async Task A_read_key_reads_but_cannot_write()
    {
        string id = await _server.CreateCollectionAsync("matrix_read", Writer);
        string add = """{"ids":["a"],"embeddings":[[1,2,3]]}""";

        var (status, body, _) = await _server.SendAsync(HttpMethod.Post, $"{PolicyServer.Collections}/{id}/add", add, Reader);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        ErrorBody.Message(body);
        (status, _, _) = await _server.SendAsync(HttpMethod.Post, PolicyServer.Collections, """{"name":"by_reader"}""", Reader);
        Assert.Equal(HttpStatusCode.Forbidden, status);

        (status, body, _) = await _server.SendAsync(HttpMethod.Post, $"{PolicyServer.Collections}/{id}/add", add, Writer);
        Assert.True(status == HttpStatusCode.Created, body);
        (status, body, _) = await _server.SendAsync(HttpMethod.Post, $"{PolicyServer.Collections}/{id}/query", """{"query_embeddings":[[1,2,3]],"n_results":1}""", Reader);
        Assert.True(status == HttpStatusCode.OK, body);
        Assert.Equal(1, await _server.CountAsync(id, Reader));
    }

    [Fact]
    public async Task Another_tenants_key_gets_403_whether_or_not_the_resource_exists()
    {
        string id = await _server.CreateCollectionAsync("matrix_other", Writer);
        var (existing, existingBody, _) = await _server.SendAsync(HttpMethod.Get, $"{PolicyServer.Collections}/{id}/count", token: OtherTenant);
        var (missing, missingBody, _) = await _server.SendAsync(HttpMethod.Get, $"{PolicyServer.Collections}/{Guid.NewGuid()}/count", token: OtherTenant);
        Assert.Equal(HttpStatusCode.Forbidden, existing);
        Assert.Equal(HttpStatusCode.Forbidden, missing);
        foreach (string message in new[] { ErrorBody.Message(existingBody), ErrorBody.Message(missingBody) })
        {
            Assert.DoesNotContain("exist", message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("not found", message, StringComparison.OrdinalIgnoreCase);
        }

        // Path case and empty segments route the same, so they are scoped the same.
        (existing, _, _) = await _server.SendAsync(HttpMethod.Get, $"/API/V2/TENANTS/default_tenant//databases/default_database/collections", token: OtherTenant);
        Assert.Equal(HttpStatusCode.Forbidden, existing);

        // Its own tenant works (the collection list of a tenant without databases is empty).
        (existing, _, _) = await _server.SendAsync(HttpMethod.Get, "/api/v2/tenants/other/databases/default_database/collections", token: OtherTenant);
        Assert.Equal(HttpStatusCode.OK, existing);
    }

    [Fact]
    public async Task A_database_scoped_key_stays_in_its_databases()
    {
        var (status, _, _) = await _server.SendAsync(HttpMethod.Get, PolicyServer.Collections, token: OnlyDbA);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        (status, _, _) = await _server.SendAsync(HttpMethod.Get, "/api/v2/tenants/default_tenant/databases", token: OnlyDbA);
        Assert.Equal(HttpStatusCode.Forbidden, status);

        (status, _, _) = await _server.SendAsync(HttpMethod.Post, "/api/v2/tenants/default_tenant/databases", """{"name":"db_a"}""", Admin);
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Conflict);
        (status, _, _) = await _server.SendAsync(HttpMethod.Get, "/api/v2/tenants/default_tenant/databases/db_a/collections", token: OnlyDbA);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Admin_routes_need_the_admin_role_and_created_keys_work_at_once()
    {
        var (status, body, _) = await _server.SendAsync(HttpMethod.Post, "/api/v2/admin/keys", """{"tenant":"default_tenant","role":"read"}""", Writer);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        ErrorBody.Message(body);
        (status, _, _) = await _server.SendAsync(HttpMethod.Post, "/api/v2/tenants", """{"name":"by_writer"}""", Writer);
        Assert.Equal(HttpStatusCode.Forbidden, status);

        // A tenant admin cannot mint keys for another tenant.
        (status, _, _) = await _server.SendAsync(HttpMethod.Post, "/api/v2/admin/keys", """{"tenant":"default_tenant","role":"read"}""", OtherTenant);
        Assert.Equal(HttpStatusCode.Forbidden, status);

        (status, body, _) = await _server.SendAsync(HttpMethod.Post, "/api/v2/admin/keys", """{"tenant":"default_tenant","databases":["default_database"],"role":"read","name":"ci"}""", Admin);
        Assert.True(status == HttpStatusCode.Created, body);
        using var created = JsonDocument.Parse(body);
        string token = created.RootElement.GetProperty("token").GetString()!;
        string keyId = created.RootElement.GetProperty("key_id").GetString()!;
        Assert.StartsWith("ck_" + keyId + "_", token, StringComparison.Ordinal);

        (status, body, _) = await _server.SendAsync(HttpMethod.Get, "/api/v2/auth/identity", token: token);
        Assert.Equal(HttpStatusCode.OK, status);
        using (var identity = JsonDocument.Parse(body))
        {
            Assert.Equal(keyId, identity.RootElement.GetProperty("user_id").GetString());
            Assert.Equal("default_tenant", identity.RootElement.GetProperty("tenant").GetString());
            Assert.Equal(new[] { "default_database" }, identity.RootElement.GetProperty("databases").EnumerateArray().Select(e => e.GetString()!).ToArray());
        }

        (status, body, _) = await _server.SendAsync(HttpMethod.Get, "/api/v2/admin/keys", token: Admin);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(keyId, body, StringComparison.Ordinal);
        Assert.DoesNotContain(token, body, StringComparison.Ordinal);

        (status, _, _) = await _server.SendAsync(HttpMethod.Delete, $"/api/v2/admin/keys/{keyId}", token: OtherTenant);
        Assert.Equal(HttpStatusCode.NotFound, status);
        (status, _, _) = await _server.SendAsync(HttpMethod.Delete, $"/api/v2/admin/keys/{keyId}", token: Admin);
        Assert.Equal(HttpStatusCode.OK, status);
        (status, _, _) = await _server.SendAsync(HttpMethod.Get, "/api/v2/auth/identity", token: token);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Identity_of_a_configured_key()
    {
        var (status, body, _) = await _server.SendAsync(HttpMethod.Get, "/api/v2/auth/identity", token: Writer, bearer: true);
        Assert.Equal(HttpStatusCode.OK, status);
        using var identity = JsonDocument.Parse(body);
        Assert.Equal("default_tenant", identity.RootElement.GetProperty("tenant").GetString());
        Assert.Equal(new[] { "*" }, identity.RootElement.GetProperty("databases").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.StartsWith("cfg", identity.RootElement.GetProperty("user_id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_are_stored_hashed()
    {
        await _server.SendAsync(HttpMethod.Get, "/api/v2/auth/identity", token: Admin);
        byte[] catalog = await ReadSharedAsync(Path.Combine(_server.Process.DataDirectory, "chroma.sqlite3"));
        byte[] wal = File.Exists(Path.Combine(_server.Process.DataDirectory, "chroma.sqlite3-wal"))
            ? await ReadSharedAsync(Path.Combine(_server.Process.DataDirectory, "chroma.sqlite3-wal")) : [];
        foreach (string token in new[] { Admin, Writer, Reader })
        {
            byte[] plain = System.Text.Encoding.UTF8.GetBytes(token);
            Assert.Equal(-1, catalog.AsSpan().IndexOf(plain));
            Assert.Equal(-1, wal.AsSpan().IndexOf(plain));
        }
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
