using Chroma.Core.Catalog;
using Chroma.Core.Model;
using Chroma.Core.Tests.Catalog;
using Chroma.Distributed.Postgres;
using Chroma.Distributed.Tests.Infrastructure;
using Npgsql;

namespace Chroma.Distributed.Tests.Postgres;

/// <summary>
/// PostgreSQL-specific behaviour: persistence across reconnects, races between separate
/// connection pools (as separate processes would race), the stored text, and paging.
/// </summary>
public sealed class PostgresCatalogStoreTests : IDisposable
{
    private const string T = CatalogDefaults.Tenant;
    private const string D = CatalogDefaults.Database;
    private const int Racers = 4;

    private readonly TempCatalog _catalog = new();

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task Everything_survives_a_reconnect()
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
    public async Task Stored_json_is_the_codecs_text()
    {
        var metadata = new Dictionary<string, MetadataValue> { ["z"] = 1.0, ["a"] = 2, ["m"] = "é" };
        CollectionInfo created = await _catalog.Service.CreateCollectionAsync(CatalogAssert.Create("c_text", metadata));

        await using NpgsqlDataSource dataSource = NpgsqlDataSource.Create(_catalog.ConnectionString);
        await using NpgsqlCommand select = dataSource.CreateCommand("SELECT metadata_json, configuration_json FROM collections WHERE id = @id;");
        select.Parameters.AddWithValue("id", created.Id);
        await using NpgsqlDataReader reader = await select.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        // Byte for byte what the SQLite store would hold: key order and "1.0" survive (jsonb would not keep them).
        Assert.Equal(MetadataJsonCodec.Serialize(created.Metadata!), reader.GetString(0));
        Assert.Equal(CollectionConfigurationJsonCodec.Serialize(created.Configuration), reader.GetString(1));
    }

    [Fact]
    public async Task Databases_list_in_ordinal_order_and_page()
    {
        CatalogService catalog = _catalog.Service;
        await catalog.CreateTenantAsync("t_order");
        foreach (string name in new[] { "beta", "Beta", "alpha", "9_x", "Alpha" })
        {
            await catalog.CreateDatabaseAsync("t_order", name);
        }

        IReadOnlyList<DatabaseInfo> all = await catalog.ListDatabasesAsync("t_order", null, 0);
        IReadOnlyList<DatabaseInfo> page = await catalog.ListDatabasesAsync("t_order", 2, 1);

        string[] expected = ["9_x", "Alpha", "Beta", "alpha", "beta"];
        Assert.Equal(expected, Names(all));
        Assert.Equal(expected[1..3], Names(page));
        Assert.Empty(await catalog.ListDatabasesAsync("t_order", 0, 0));
        Assert.Empty(await catalog.ListDatabasesAsync("t_order", null, 5));
    }

    [Fact]
    public async Task Collections_list_in_creation_order_across_reconnects()
    {
        string[] names = ["c_3", "c_1", "c_2", "Abc", "bcd"];
        foreach (string name in names)
        {
            await _catalog.Service.CreateCollectionAsync(CatalogAssert.Create(name));
            _catalog.Reopen();
        }

        IReadOnlyList<CollectionInfo> all = await _catalog.Service.ListCollectionsAsync(T, D, null, 0);
        IReadOnlyList<CollectionInfo> page = await _catalog.Service.ListCollectionsAsync(T, D, 2, 2);

        Assert.Equal(names, CollectionNames(all));
        Assert.Equal(names[2..4], CollectionNames(page));
    }

    [Fact]
    public async Task Deleting_a_database_deletes_its_collections()
    {
        CatalogService catalog = _catalog.Service;
        await catalog.CreateDatabaseAsync(T, "db_gone");
        CollectionInfo c = await catalog.CreateCollectionAsync(CatalogAssert.Create("c_in") with { Database = "db_gone" });

        await catalog.DeleteDatabaseAsync(T, "db_gone");

        await CatalogAssert.ThrowsAsync(ChromaErrorCode.NotFound, $"Collection [{c.Id}] does not exist", () => catalog.GetCollectionByIdAsync(c.Id));
        Assert.Equal(0, await catalog.CountCollectionsAsync(T, "db_gone"));
    }

    [Fact]
    public async Task Reset_leaves_only_the_defaults()
    {
        CatalogService catalog = _catalog.Service;
        await catalog.CreateTenantAsync("t_reset");
        await catalog.CreateCollectionAsync(CatalogAssert.Create("c_reset"));

        await catalog.ResetAsync();

        Assert.Null(await GetTenantOrNullAsync(catalog, "t_reset"));
        Assert.Empty(await catalog.ListCollectionsAsync(T, D, null, 0));
        Assert.Equal(CatalogDefaults.DatabaseId, (await catalog.GetDatabaseAsync(T, D)).Id);
    }

    [Fact]
    public async Task Concurrent_first_writes_from_separate_pools_agree_on_one_dimension()
    {
        CollectionInfo c = await _catalog.Service.CreateCollectionAsync(CatalogAssert.Create("c_race"));
        await using Racing racing = await Racing.OpenAsync(_catalog.ConnectionString);

        int[] results = await racing.RunAsync(8, (catalog, i) => catalog.EnsureDimensionAsync(c.Id, i + 1).AsTask());

        int winner = results[0];
        Assert.All(results, r => Assert.Equal(winner, r));
        Assert.InRange(winner, 1, results.Length);
        Assert.Equal(winner, (await _catalog.Service.GetCollectionByIdAsync(c.Id)).Dimension);
    }

    [Fact]
    public async Task Racing_compactions_from_separate_pools_have_exactly_one_winner()
    {
        CollectionInfo c = await _catalog.Service.CreateCollectionAsync(CatalogAssert.Create("c_cas"));
        await using Racing racing = await Racing.OpenAsync(_catalog.ConnectionString);

        bool[] results = await racing.RunAsync(16, (catalog, i) => catalog.RegisterVersionAsync(c.Id, 0, 1, 100 + i).AsTask());

        Assert.Single(results, r => r);
        CollectionInfo after = await _catalog.Service.GetCollectionByIdAsync(c.Id);
        Assert.Equal(1L, after.Version);
        Assert.Equal(100 + Array.IndexOf(results, true), after.LogPosition);
    }

    [Fact]
    public async Task Concurrent_get_or_create_from_separate_pools_yields_one_collection()
    {
        await using Racing racing = await Racing.OpenAsync(_catalog.ConnectionString);

        CollectionInfo[] results = await racing.RunAsync(16,
            (catalog, _) => catalog.CreateCollectionAsync(CatalogAssert.Create("c_once", getOrCreate: true)).AsTask());

        Assert.All(results, r => Assert.Equal(results[0].Id, r.Id));
        Assert.Equal(1, await _catalog.Service.CountCollectionsAsync(T, D));
    }

    [Fact]
    public async Task Concurrent_creates_of_one_name_have_exactly_one_winner()
    {
        await using Racing racing = await Racing.OpenAsync(_catalog.ConnectionString);

        bool[] created = await racing.RunAsync(16, async (catalog, _) =>
        {
            try
            {
                await catalog.CreateCollectionAsync(CatalogAssert.Create("c_one"));
                return true;
            }
            catch (ChromaException e) when (e.Code == ChromaErrorCode.AlreadyExists)
            {
                return false;
            }
        });

        Assert.Single(created, r => r);
    }

    [Fact]
    public async Task Concurrent_renames_onto_one_name_have_exactly_one_winner()
    {
        var ids = new Guid[8];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = (await _catalog.Service.CreateCollectionAsync(CatalogAssert.Create($"c_src_{i}"))).Id;
        }

        await using Racing racing = await Racing.OpenAsync(_catalog.ConnectionString);
        bool[] renamed = await racing.RunAsync(ids.Length, async (catalog, i) =>
        {
            try
            {
                await catalog.UpdateCollectionAsync(new UpdateCollectionRequest { Id = ids[i], NewName = "c_target" });
                return true;
            }
            catch (ChromaException e) when (e.Code == ChromaErrorCode.AlreadyExists)
            {
                return false;
            }
        });

        Assert.Single(renamed, r => r);
        Assert.Equal(ids[Array.IndexOf(renamed, true)], (await _catalog.Service.GetCollectionAsync(T, D, "c_target")).Id);
    }

    private static async ValueTask<TenantInfo?> GetTenantOrNullAsync(CatalogService catalog, string name)
    {
        try
        {
            return await catalog.GetTenantAsync(name);
        }
        catch (ChromaException e) when (e.Code == ChromaErrorCode.NotFound)
        {
            return null;
        }
    }

    private static string[] Names(IReadOnlyList<DatabaseInfo> databases)
    {
        var names = new string[databases.Count];
        for (int i = 0; i < names.Length; i++) names[i] = databases[i].Name;
        return names;
    }

    private static string[] CollectionNames(IReadOnlyList<CollectionInfo> collections)
    {
        var names = new string[collections.Count];
        for (int i = 0; i < names.Length; i++) names[i] = collections[i].Name;
        return names;
    }

    /// <summary>
    /// <see cref="Racers"/> catalogs, each over its own data source (its own connection pool), so
    /// racers contend in PostgreSQL as separate processes would; released together by a barrier.
    /// </summary>
    private sealed class Racing : IAsyncDisposable
    {
        private readonly CatalogService[] _catalogs;

        private Racing(CatalogService[] catalogs) => _catalogs = catalogs;

        public static async Task<Racing> OpenAsync(string connectionString)
        {
            var catalogs = new CatalogService[Racers];
            for (int i = 0; i < catalogs.Length; i++)
            {
                catalogs[i] = await CatalogService.OpenAsync(PostgresCatalogStore.Create(connectionString));
            }

            return new Racing(catalogs);
        }

        public async Task<TResult[]> RunAsync<TResult>(int count, Func<CatalogService, int, Task<TResult>> action)
        {
            using var start = new ManualResetEventSlim(false);
            var tasks = new Task<TResult>[count];
            for (int i = 0; i < count; i++)
            {
                int index = i;
                CatalogService catalog = _catalogs[i % _catalogs.Length];
                tasks[i] = Task.Run(async () =>
                {
                    start.Wait();
                    return await action(catalog, index);
                });
            }

            start.Set();
            return await Task.WhenAll(tasks);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (CatalogService catalog in _catalogs) await catalog.DisposeAsync();
        }
    }
}
