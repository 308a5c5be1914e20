using Chroma.Core.Catalog;
using Chroma.Core.Model;
using Microsoft.Data.Sqlite;

namespace Chroma.Core.Tests.Catalog;

public sealed class SqliteCatalogStoreTests : IDisposable
{
    private const string T = CatalogDefaults.Tenant;
    private const string D = CatalogDefaults.Database;

    private readonly TempCatalog _catalog = new();

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task Everything_survives_a_reopen()
    {
        CatalogService catalog = _catalog.Service;
        await catalog.CreateTenantAsync("probe_tenant");
        await catalog.UpdateTenantAsync("probe_tenant", "res");
        await catalog.CreateDatabaseAsync("probe_tenant", "probe_db");
        DatabaseInfo database = await catalog.GetDatabaseAsync("probe_tenant", "probe_db");
        var metadata = new Dictionary<string, MetadataValue> { ["i"] = 1, ["f"] = 1.0, ["s"] = "x", ["b"] = false };
        var configuration = new CollectionConfigurationRequest
        {
            Hnsw = new HnswConfigurationUpdate { Space = DistanceSpace.Cosine, MaxNeighbors = 32 },
            EmbeddingFunctionJson = """{"type":"legacy"}""",
        };
        CollectionInfo created = await catalog.CreateCollectionAsync(
            CatalogAssert.Create("c_keep", metadata, configuration) with { Tenant = "probe_tenant", Database = "probe_db", SchemaJson = "{}" });
        await catalog.EnsureDimensionAsync(created.Id, 384);
        await catalog.RegisterVersionAsync(created.Id, 0, 3, 1234);

        CatalogService reopened = _catalog.Reopen();

        Assert.Equal(new TenantInfo("probe_tenant", "res"), await reopened.GetTenantAsync("probe_tenant"));
        Assert.Equal(database, await reopened.GetDatabaseAsync("probe_tenant", "probe_db"));
        CollectionInfo read = await reopened.GetCollectionAsync("probe_tenant", "probe_db", "c_keep");
        Assert.Equal(metadata, read.Metadata);
        Assert.Equal(MetadataValueKind.Float, read.Metadata!["f"].Kind);
        Assert.Equal(created with { Metadata = null, Dimension = 384, Version = 3, LogPosition = 1234 }, read with { Metadata = null });
        Assert.Equal(384, await reopened.EnsureDimensionAsync(created.Id, 3));
    }

    [Fact]
    public async Task Concurrent_first_writes_agree_on_one_dimension()
    {
        CollectionInfo c = await _catalog.Service.CreateCollectionAsync(CatalogAssert.Create("c_race"));
        var tasks = new Task<int>[32];
        for (int i = 0; i < tasks.Length; i++)
        {
            int dimension = i + 1;
            tasks[i] = Task.Run(async () => await _catalog.Service.EnsureDimensionAsync(c.Id, dimension));
        }

        int[] results = await Task.WhenAll(tasks);

        int winner = results[0];
        Assert.All(results, r => Assert.Equal(winner, r));
        Assert.InRange(winner, 1, tasks.Length);
        Assert.Equal(winner, (await _catalog.Service.GetCollectionByIdAsync(c.Id)).Dimension);
    }

    [Fact]
    public async Task Dimension_is_set_once_and_validated()
    {
        CollectionInfo c = await _catalog.Service.CreateCollectionAsync(CatalogAssert.Create("c_dim"));

        Assert.Equal(3, await _catalog.Service.EnsureDimensionAsync(c.Id, 3));
        Assert.Equal(3, await _catalog.Service.EnsureDimensionAsync(c.Id, 5));
        await Assert.ThrowsAsync<ChromaException>(async () => await _catalog.Service.EnsureDimensionAsync(c.Id, 0));
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.NotFound, $"Collection [{Guid.Empty}] does not exist.",
            () => _catalog.Service.EnsureDimensionAsync(Guid.Empty, 3));
    }

    [Fact]
    public async Task Register_version_is_a_compare_and_set()
    {
        CatalogService catalog = _catalog.Service;
        CollectionInfo c = await catalog.CreateCollectionAsync(CatalogAssert.Create("c_ver"));

        Assert.True(await catalog.RegisterVersionAsync(c.Id, 0, 1, 100));
        Assert.False(await catalog.RegisterVersionAsync(c.Id, 0, 2, 200)); // lost: version is 1 now
        Assert.True(await catalog.RegisterVersionAsync(c.Id, 1, 2, 250));

        CollectionInfo after = await catalog.GetCollectionByIdAsync(c.Id);
        Assert.Equal((2L, 250L), (after.Version, after.LogPosition));
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.NotFound, $"Collection [{Guid.Empty}] does not exist.",
            () => catalog.RegisterVersionAsync(Guid.Empty, 0, 1, 1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await catalog.RegisterVersionAsync(c.Id, 2, 2, 300));
    }

    [Fact]
    public async Task Racing_compactions_have_exactly_one_winner()
    {
        CollectionInfo c = await _catalog.Service.CreateCollectionAsync(CatalogAssert.Create("c_cas"));
        var tasks = new Task<bool>[16];
        for (int i = 0; i < tasks.Length; i++)
        {
            long position = i;
            tasks[i] = Task.Run(async () => await _catalog.Service.RegisterVersionAsync(c.Id, 0, 1, position));
        }

        bool[] results = await Task.WhenAll(tasks);

        Assert.Single(results, r => r);
    }

    [Fact]
    public async Task Concurrent_get_or_create_yields_one_collection()
    {
        var tasks = new Task<CollectionInfo>[16];
        for (int i = 0; i < tasks.Length; i++)
        {
            tasks[i] = Task.Run(async () => await _catalog.Service.CreateCollectionAsync(CatalogAssert.Create("c_once", getOrCreate: true)));
        }

        CollectionInfo[] results = await Task.WhenAll(tasks);

        Assert.All(results, r => Assert.Equal(results[0].Id, r.Id));
        Assert.Equal(1, await _catalog.Service.CountCollectionsAsync(T, D));
    }

    [Fact]
    public void The_file_uses_wal_and_records_its_schema_version()
    {
        _catalog.Service.Dispose();
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _catalog.FilePath, Pooling = false }.ConnectionString))
        {
            connection.Open();
            Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode;"));
            Assert.Equal((long)SqliteCatalogMigrations.LatestVersion, Scalar(connection, "SELECT version FROM schema_version;"));
        }

        _catalog.Reopen();
    }

    [Fact]
    public void A_file_from_a_newer_build_is_refused()
    {
        _catalog.Service.Dispose();
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _catalog.FilePath, Pooling = false }.ConnectionString))
        {
            connection.Open();
            Scalar(connection, "UPDATE schema_version SET version = 99;");
        }

        ChromaException e = Assert.Throws<ChromaException>(() => CatalogService.OpenSqlite(_catalog.FilePath));
        Assert.Equal(ChromaErrorCode.FailedPrecondition, e.Code);

        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _catalog.FilePath, Pooling = false }.ConnectionString))
        {
            connection.Open();
            Scalar(connection, $"UPDATE schema_version SET version = {SqliteCatalogMigrations.LatestVersion};");
        }

        _catalog.Reopen();
    }

    [Fact]
    public async Task A_store_can_be_driven_through_OpenAsync()
    {
        string path = Path.Combine(_catalog.Directory, "second.sqlite3");
        await using CatalogService catalog = await CatalogService.OpenAsync(new SqliteCatalogStore(path));

        Assert.Equal(T, (await catalog.GetTenantAsync(T)).Name);
        Assert.Empty(await catalog.ListCollectionsAsync(T, D, null, 0));
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
