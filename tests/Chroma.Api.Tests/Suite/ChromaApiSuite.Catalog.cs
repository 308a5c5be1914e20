using System.Text.Json;
using Chroma.Api.Tests.Infrastructure;

namespace Chroma.Api.Tests.Suite;

// §3–§4 tenants and databases.
public abstract partial class ChromaApiSuite
{
    private async Task<string> CreateTenantAsync()
    {
        string tenant = UniqueName("tenant");
        ApiResponse response = (await Http.PostAsync("/api/v2/tenants", $$"""{"name":"{{tenant}}"}""")).Expect(200);
        Assert.Equal("{}", response.Text.Replace(" ", "", StringComparison.Ordinal));
        return tenant;
    }

    [Fact]
    public async Task Tenant_CreateThenGet()
    {
        string tenant = await CreateTenantAsync();
        ApiResponse response = (await Http.GetAsync($"/api/v2/tenants/{tenant}")).Expect(200);
        Assert.Equal(tenant, response.Json.GetProperty("name").GetString());
        AssertNull(response.Json, "resource_name");
    }

    [Fact]
    public async Task Tenant_DefaultExists()
    {
        ApiResponse response = (await Http.GetAsync("/api/v2/tenants/default_tenant")).Expect(200);
        Assert.Equal("default_tenant", response.Json.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Tenant_Duplicate_Returns409()
    {
        string tenant = await CreateTenantAsync();
        (await Http.PostAsync("/api/v2/tenants", $$"""{"name":"{{tenant}}"}"""))
            .ExpectError(409, "ChromaError", $"Tenant [{tenant}] already exists");
    }

    [Fact]
    public async Task Tenant_NameShorterThan3_Returns400()
    {
        (await Http.PostAsync("/api/v2/tenants", """{"name":"ab"}""")).ExpectError(400, "InvalidArgumentError");
        (await Http.GetAsync("/api/v2/tenants/ab")).Expect(404);
    }

    [Fact]
    public async Task Tenant_OnlyLengthIsChecked()
    {
        string tenant = "odd tenant! " + Guid.NewGuid().ToString("N")[..8];
        (await Http.PostAsync("/api/v2/tenants", JsonSerializer.Serialize(new { name = tenant }))).Expect(200);
        (await Http.GetAsync($"/api/v2/tenants/{Uri.EscapeDataString(tenant)}")).Expect(200);
    }

    [Fact]
    public async Task Tenant_MissingName_Returns422()
    {
        (await Http.PostAsync("/api/v2/tenants", "{}")).ExpectError(422, "ChromaError", "name");
    }

    [Fact]
    public async Task Tenant_GetMissing_Returns404()
    {
        (await Http.GetAsync("/api/v2/tenants/nope_tenant_x")).ExpectError(404, "NotFoundError", "Tenant [nope_tenant_x] not found");
    }

    [Fact]
    public async Task Tenant_Patch_Returns200()
    {
        string tenant = await CreateTenantAsync();
        ApiResponse response = (await Http.PatchAsync($"/api/v2/tenants/{tenant}", """{"resource_name":"res_x"}""")).Expect(200);
        Assert.Equal(JsonValueKind.Object, response.Json.ValueKind);
        (await Http.GetAsync($"/api/v2/tenants/{tenant}")).Expect(200);
    }

    /// <summary>§12: real Chroma answers 200 for an unknown tenant; we do not copy that.</summary>
    [Fact]
    public async Task Tenant_PatchUnknown_Returns404()
    {
        (await Http.PatchAsync("/api/v2/tenants/nope_tenant_patch", """{"resource_name":"x_res"}"""))
            .ExpectError(404, "NotFoundError");
    }

    [Fact]
    public async Task Database_CreateGetDelete()
    {
        string tenant = await CreateTenantAsync();
        string databases = $"/api/v2/tenants/{tenant}/databases";
        (await Http.PostAsync(databases, """{"name":"probe_db"}""")).Expect(200);

        ApiResponse get = (await Http.GetAsync($"{databases}/probe_db")).Expect(200);
        Assert.True(Guid.TryParse(get.Json.GetProperty("id").GetString(), out _), get.Describe("id is not a UUID"));
        Assert.Equal("probe_db", get.Json.GetProperty("name").GetString());
        Assert.Equal(tenant, get.Json.GetProperty("tenant").GetString());

        ApiResponse deleted = (await Http.DeleteAsync($"{databases}/probe_db")).Expect(200);
        Assert.Equal(JsonValueKind.Object, deleted.Json.ValueKind);
        (await Http.GetAsync($"{databases}/probe_db")).ExpectError(404, "NotFoundError", "Database [probe_db] not found");
        (await Http.DeleteAsync($"{databases}/probe_db")).ExpectError(404, "NotFoundError", "Database [probe_db] not found");
    }

    [Fact]
    public async Task Database_Duplicate_Returns409()
    {
        string tenant = await CreateTenantAsync();
        string databases = $"/api/v2/tenants/{tenant}/databases";
        (await Http.PostAsync(databases, """{"name":"dup_db"}""")).Expect(200);
        (await Http.PostAsync(databases, """{"name":"dup_db"}""")).ExpectError(409, "ChromaError", "Database [dup_db] already exists");
    }

    /// <summary>§12: real single-node Chroma creates a database under a missing tenant; we do not.</summary>
    [Fact]
    public async Task Database_CreateUnderMissingTenant_Returns404()
    {
        string tenant = UniqueName("ghost");
        (await Http.PostAsync($"/api/v2/tenants/{tenant}/databases", """{"name":"probe_db"}""")).ExpectError(404, "NotFoundError", tenant);
        (await Http.GetAsync($"/api/v2/tenants/{tenant}")).ExpectError(404, "NotFoundError");
    }

    [Theory]
    [InlineData("bad!")]
    [InlineData("ab")]
    [InlineData("_leading")]
    [InlineData("a..b")]
    [InlineData("10.0.0.1")]
    public async Task Database_InvalidName_Returns400(string name)
    {
        string tenant = await CreateTenantAsync();
        (await Http.PostAsync($"/api/v2/tenants/{tenant}/databases", JsonSerializer.Serialize(new { name })))
            .ExpectError(400, "InvalidArgumentError");
        ApiResponse list = (await Http.GetAsync($"/api/v2/tenants/{tenant}/databases")).Expect(200);
        Assert.Equal(0, list.Json.GetArrayLength());
    }

    [Fact]
    public async Task Database_List_IsOrderedByNameWithLimitAndOffset()
    {
        string tenant = await CreateTenantAsync();
        string databases = $"/api/v2/tenants/{tenant}/databases";
        foreach (string name in new[] { "probe_db", "probe_db2", "a_first_db" })
        {
            (await Http.PostAsync(databases, $$"""{"name":"{{name}}"}""")).Expect(200);
        }

        Assert.Equal(["a_first_db", "probe_db", "probe_db2"], await DatabaseNamesAsync(databases));
        Assert.Equal(["a_first_db"], await DatabaseNamesAsync(databases + "?limit=1"));
        Assert.Equal(["probe_db", "probe_db2"], await DatabaseNamesAsync(databases + "?offset=1"));
        Assert.Equal(["probe_db2"], await DatabaseNamesAsync(databases + "?limit=1&offset=2"));
        Assert.Empty(await DatabaseNamesAsync(databases + "?limit=0"));
    }

    [Fact]
    public async Task Database_DefaultTenantListsDefaultDatabase()
    {
        Assert.Contains("default_database", await DatabaseNamesAsync("/api/v2/tenants/default_tenant/databases"));
    }

    [Fact]
    public async Task Collection_SameNameInTwoDatabases_IsAllowed()
    {
        string tenant = await CreateTenantAsync();
        string databases = $"/api/v2/tenants/{tenant}/databases";
        (await Http.PostAsync(databases, """{"name":"db_one"}""")).Expect(200);
        (await Http.PostAsync(databases, """{"name":"db_two"}""")).Expect(200);

        ApiResponse one = (await Http.PostAsync(ChromaHttp.Collections("db_one", tenant), """{"name":"shared"}""")).Expect(200);
        ApiResponse two = (await Http.PostAsync(ChromaHttp.Collections("db_two", tenant), """{"name":"shared"}""")).Expect(200);
        Assert.NotEqual(one.Json.GetProperty("id").GetString(), two.Json.GetProperty("id").GetString());
        Assert.Equal(tenant, one.Json.GetProperty("tenant").GetString());
        Assert.Equal("db_two", two.Json.GetProperty("database").GetString());

        ApiResponse list = (await Http.GetAsync(ChromaHttp.Collections("db_one", tenant))).Expect(200);
        Assert.Equal(1, list.Json.GetArrayLength());
        ApiResponse count = (await Http.GetAsync($"{databases}/db_two/collections_count")).Expect(200);
        Assert.Equal(1, count.Json.GetInt32());

        // Record routes check that the collection belongs to the database in the path (API.md §4;
        // real 1.3.4 does not check and serves the collection through any database path).
        string idInOne = one.Json.GetProperty("id").GetString()!;
        (await Http.GetAsync($"{ChromaHttp.Collections("db_two", tenant)}/{idInOne}/count")).ExpectError(404, "NotFoundError");
    }

    [Fact]
    public async Task Collection_CreateInMissingDatabase_Returns400()
    {
        (await Http.PostAsync(ChromaHttp.Collections("nope_db_x"), """{"name":"tcoll"}"""))
            .ExpectError(400, "InvalidArgumentError", "Database [nope_db_x] does not exist");
    }

    [Fact]
    public async Task Collection_ListInMissingDatabase_ReturnsEmpty()
    {
        ApiResponse list = (await Http.GetAsync(ChromaHttp.Collections("nope_db_y"))).Expect(200);
        Assert.Equal(JsonValueKind.Array, list.Json.ValueKind);
        Assert.Equal(0, list.Json.GetArrayLength());
    }

    private async Task<string[]> DatabaseNamesAsync(string path)
    {
        ApiResponse response = (await Http.GetAsync(path)).Expect(200);
        var names = new List<string>();
        foreach (JsonElement database in response.Json.EnumerateArray())
        {
            names.Add(database.GetProperty("name").GetString()!);
        }

        return names.ToArray();
    }
}
