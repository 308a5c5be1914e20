using Chroma.Core.Catalog;
using Chroma.Core.Model;

namespace Chroma.Core.Tests.Catalog;

public sealed class CatalogTenantDatabaseTests : IDisposable
{
    private readonly TempCatalog _catalog = new();

    private CatalogService Catalog => _catalog.Service;

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task Defaults_exist_after_open()
    {
        Assert.Equal(new TenantInfo("default_tenant", null), await Catalog.GetTenantAsync("default_tenant"));
        DatabaseInfo database = await Catalog.GetDatabaseAsync("default_tenant", "default_database");
        Assert.Equal("default_database", database.Name);
        Assert.Equal("default_tenant", database.Tenant);
    }

    [Fact]
    public async Task Tenant_create_get_and_duplicate()
    {
        await Catalog.CreateTenantAsync("probe_tenant");
        await Catalog.CreateTenantAsync("odd tenant!"); // only the length is checked

        Assert.Equal(new TenantInfo("probe_tenant", null), await Catalog.GetTenantAsync("probe_tenant"));
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.AlreadyExists, "Tenant [probe_tenant] already exists",
            () => Catalog.CreateTenantAsync("probe_tenant"));
    }

    [Fact]
    public async Task Tenant_name_shorter_than_three_is_refused_with_chromas_message()
    {
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.InvalidArgument,
            """Validation error: name: Validation error: length [{"value": String("ab"), "min": Number(3)}]""",
            () => Catalog.CreateTenantAsync("ab"));
    }

    [Fact]
    public async Task Missing_tenant_is_not_found()
    {
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.NotFound, "Tenant [nope_tenant] not found",
            () => Catalog.GetTenantAsync("nope_tenant"));
    }

    [Fact]
    public async Task Tenant_update_stores_the_resource_name_and_refuses_unknown_tenants()
    {
        await Catalog.CreateTenantAsync("probe_tenant");

        await Catalog.UpdateTenantAsync("probe_tenant", "probe_res");
        Assert.Equal("probe_res", (await Catalog.GetTenantAsync("probe_tenant")).ResourceName);
        await Catalog.UpdateTenantAsync("probe_tenant", "other_res");
        Assert.Equal("other_res", (await Catalog.GetTenantAsync("probe_tenant")).ResourceName);

        await CatalogAssert.ThrowsAsync(ChromaErrorCode.NotFound, "Tenant [nope_tenant] not found",
            () => Catalog.UpdateTenantAsync("nope_tenant", "x_res"));
    }

    [Fact]
    public async Task Database_create_get_duplicate_and_delete()
    {
        await Catalog.CreateTenantAsync("probe_tenant");
        await Catalog.CreateDatabaseAsync("probe_tenant", "probe_db");

        DatabaseInfo database = await Catalog.GetDatabaseAsync("probe_tenant", "probe_db");
        Assert.Equal(new DatabaseInfo(database.Id, "probe_db", "probe_tenant"), database);
        Assert.NotEqual(Guid.Empty, database.Id);
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.AlreadyExists, "Database [probe_db] already exists",
            () => Catalog.CreateDatabaseAsync("probe_tenant", "probe_db"));

        await Catalog.DeleteDatabaseAsync("probe_tenant", "probe_db");
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.NotFound, "Database [probe_db] not found. Are you sure it exists?",
            () => Catalog.GetDatabaseAsync("probe_tenant", "probe_db"));
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.NotFound, "Database [probe_db] not found",
            () => Catalog.DeleteDatabaseAsync("probe_tenant", "probe_db"));
    }

    [Fact]
    public async Task The_same_database_name_may_exist_in_two_tenants()
    {
        await Catalog.CreateTenantAsync("tenant_a");
        await Catalog.CreateDatabaseAsync("tenant_a", "shared");
        await Catalog.CreateDatabaseAsync(CatalogDefaults.Tenant, "shared");

        Assert.NotEqual((await Catalog.GetDatabaseAsync("tenant_a", "shared")).Id, (await Catalog.GetDatabaseAsync(CatalogDefaults.Tenant, "shared")).Id);
    }

    [Fact]
    public async Task Database_under_unknown_tenant_is_not_found()
    {
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.NotFound, "Tenant [nope_tenant] not found",
            () => Catalog.CreateDatabaseAsync("nope_tenant", "probe_db"));
        Assert.Empty(await Catalog.ListDatabasesAsync("nope_tenant", null, 0));
    }

    [Theory]
    [InlineData("bad!")]
    [InlineData("ab")]
    public async Task Invalid_database_name_is_refused_with_chromas_message(string name)
    {
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.InvalidArgument,
            $"Expected a name containing 3-512 characters from [a-zA-Z0-9._-], starting and ending with a character in [a-zA-Z0-9]. Got: {name}",
            () => Catalog.CreateDatabaseAsync(CatalogDefaults.Tenant, name));
    }

    [Fact]
    public async Task Databases_list_by_name_with_limit_and_offset()
    {
        await Catalog.CreateTenantAsync("probe_tenant");
        await Catalog.CreateDatabaseAsync("probe_tenant", "probe_db");
        await Catalog.CreateDatabaseAsync("probe_tenant", "probe_db2");
        await Catalog.CreateDatabaseAsync("probe_tenant", "a_first_db");

        Assert.Equal(["a_first_db", "probe_db", "probe_db2"], Names(await Catalog.ListDatabasesAsync("probe_tenant", null, 0)));
        Assert.Equal(["a_first_db"], Names(await Catalog.ListDatabasesAsync("probe_tenant", 1, 0)));
        Assert.Equal(["probe_db", "probe_db2"], Names(await Catalog.ListDatabasesAsync("probe_tenant", null, 1)));
        Assert.Empty(await Catalog.ListDatabasesAsync("probe_tenant", 0, 0));
        Assert.Equal(["default_database"], Names(await Catalog.ListDatabasesAsync(CatalogDefaults.Tenant, null, 0)));
        await Assert.ThrowsAsync<ChromaException>(async () => await Catalog.ListDatabasesAsync("probe_tenant", -1, 0));
        await Assert.ThrowsAsync<ChromaException>(async () => await Catalog.ListDatabasesAsync("probe_tenant", null, -1));
    }

    [Fact]
    public async Task Deleting_a_database_deletes_its_collections()
    {
        await Catalog.CreateDatabaseAsync(CatalogDefaults.Tenant, "doomed");
        CollectionInfo collection = await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_doomed") with { Database = "doomed" });

        await Catalog.DeleteDatabaseAsync(CatalogDefaults.Tenant, "doomed");
        await Catalog.CreateDatabaseAsync(CatalogDefaults.Tenant, "doomed");

        Assert.Equal(0, await Catalog.CountCollectionsAsync(CatalogDefaults.Tenant, "doomed"));
        await Assert.ThrowsAsync<ChromaException>(async () => await Catalog.GetCollectionByIdAsync(collection.Id));
    }

    [Fact]
    public async Task Reset_wipes_everything_and_recreates_the_defaults()
    {
        await Catalog.CreateTenantAsync("probe_tenant");
        await Catalog.CreateDatabaseAsync("probe_tenant", "probe_db");
        await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_l2"));
        await Catalog.DeleteDatabaseAsync(CatalogDefaults.Tenant, CatalogDefaults.Database);

        await Catalog.ResetAsync();

        await CatalogAssert.ThrowsAsync(ChromaErrorCode.NotFound, "Tenant [probe_tenant] not found", () => Catalog.GetTenantAsync("probe_tenant"));
        Assert.Empty(await Catalog.ListCollectionsAsync(CatalogDefaults.Tenant, CatalogDefaults.Database, null, 0));
        Assert.Equal(CatalogDefaults.DatabaseId, (await Catalog.GetDatabaseAsync(CatalogDefaults.Tenant, CatalogDefaults.Database)).Id);
    }

    private static string[] Names(IReadOnlyList<DatabaseInfo> databases)
    {
        var names = new string[databases.Count];
        for (int i = 0; i < names.Length; i++) names[i] = databases[i].Name;
        return names;
    }
}
