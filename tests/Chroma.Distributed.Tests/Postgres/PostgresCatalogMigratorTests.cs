using Chroma.Core.Catalog;
using Chroma.Core.Model;
using Chroma.Distributed.Postgres;
using Chroma.Distributed.Tests.Infrastructure;
using Npgsql;

namespace Chroma.Distributed.Tests.Postgres;

public sealed class PostgresCatalogMigratorTests : IDisposable
{
    private readonly string _connectionString = PostgresServer.Shared.CreateDatabase();

    public void Dispose() => PostgresServer.Shared.DropDatabase(_connectionString);

    [Fact]
    public async Task Concurrent_migrations_from_four_data_sources_run_once()
    {
        var dataSources = new NpgsqlDataSource[4];
        for (int i = 0; i < dataSources.Length; i++) dataSources[i] = NpgsqlDataSource.Create(_connectionString);
        try
        {
            using var start = new ManualResetEventSlim(false);
            var tasks = new Task<PostgresMigrationResult>[dataSources.Length];
            for (int i = 0; i < tasks.Length; i++)
            {
                NpgsqlDataSource dataSource = dataSources[i];
                tasks[i] = Task.Run(async () =>
                {
                    start.Wait();
                    return await PostgresCatalogMigrator.MigrateAsync(dataSource);
                });
            }

            start.Set();
            PostgresMigrationResult[] results = await Task.WhenAll(tasks);

            Assert.Single(results, r => r.Applied);
            Assert.All(results, r => Assert.Equal(PostgresCatalogMigrator.LatestVersion, r.ToVersion));
            Assert.Single(results, r => r.FromVersion == 0);
            Assert.Equal(Enumerable.Range(1, PostgresCatalogMigrator.LatestVersion).Select(v => (long)v), await AppliedVersionsAsync(dataSources[0]));
        }
        finally
        {
            foreach (NpgsqlDataSource dataSource in dataSources) await dataSource.DisposeAsync();
        }
    }

    [Fact]
    public async Task Stores_starting_together_initialise_one_schema_and_one_default_database()
    {
        var stores = new PostgresCatalogStore[4];
        for (int i = 0; i < stores.Length; i++) stores[i] = PostgresCatalogStore.Create(_connectionString);
        try
        {
            var tasks = new Task[stores.Length];
            for (int i = 0; i < tasks.Length; i++)
            {
                PostgresCatalogStore store = stores[i];
                tasks[i] = Task.Run(async () => await store.InitializeAsync());
            }

            await Task.WhenAll(tasks);

            IReadOnlyList<DatabaseInfo> databases = await stores[3].ListDatabasesAsync(CatalogDefaults.Tenant, null, 0);
            Assert.Equal([new DatabaseInfo(CatalogDefaults.DatabaseId, CatalogDefaults.Database, CatalogDefaults.Tenant)], databases);
        }
        finally
        {
            foreach (PostgresCatalogStore store in stores) await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_second_migration_is_a_no_op()
    {
        await using NpgsqlDataSource dataSource = NpgsqlDataSource.Create(_connectionString);

        PostgresMigrationResult first = await PostgresCatalogMigrator.MigrateAsync(dataSource);
        PostgresMigrationResult second = await PostgresCatalogMigrator.MigrateAsync(dataSource);

        Assert.Equal(new PostgresMigrationResult(0, PostgresCatalogMigrator.LatestVersion), first);
        Assert.Equal(new PostgresMigrationResult(PostgresCatalogMigrator.LatestVersion, PostgresCatalogMigrator.LatestVersion), second);
        Assert.False(second.Applied);
    }

    [Fact]
    public async Task A_database_from_a_newer_build_is_refused()
    {
        await using NpgsqlDataSource dataSource = NpgsqlDataSource.Create(_connectionString);
        await PostgresCatalogMigrator.MigrateAsync(dataSource);
        await using (NpgsqlCommand bump = dataSource.CreateCommand("INSERT INTO schema_version (version) VALUES (99);"))
        {
            await bump.ExecuteNonQueryAsync();
        }

        ChromaException e = await Assert.ThrowsAsync<ChromaException>(() => PostgresCatalogMigrator.MigrateAsync(dataSource));
        await using PostgresCatalogStore store = PostgresCatalogStore.Create(_connectionString);
        ChromaException viaStore = await Assert.ThrowsAsync<ChromaException>(async () => await store.InitializeAsync());

        Assert.Equal(ChromaErrorCode.FailedPrecondition, e.Code);
        Assert.Contains("schema version 99", e.Message, StringComparison.Ordinal);
        Assert.Equal(ChromaErrorCode.FailedPrecondition, viaStore.Code);
    }

    private static async Task<List<long>> AppliedVersionsAsync(NpgsqlDataSource dataSource)
    {
        await using NpgsqlCommand select = dataSource.CreateCommand("SELECT version FROM schema_version ORDER BY version;");
        await using NpgsqlDataReader reader = await select.ExecuteReaderAsync();
        var versions = new List<long>();
        while (await reader.ReadAsync()) versions.Add(reader.GetInt32(0));
        return versions;
    }
}
