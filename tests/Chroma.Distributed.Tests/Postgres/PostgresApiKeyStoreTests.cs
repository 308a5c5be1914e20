using System.Text;
using Chroma.Core.Catalog.Keys;
using Chroma.Distributed.Postgres;
using Chroma.Distributed.Tests.Infrastructure;
using Npgsql;

namespace Chroma.Distributed.Tests.Postgres;

/// <summary>The PostgreSQL key store against a real server: the same contract as the SQLite one, and hashes only.</summary>
public sealed class PostgresApiKeyStoreTests : IAsyncLifetime
{
    private readonly string _connectionString = PostgresServer.Shared.CreateDatabase();
    private NpgsqlDataSource _dataSource = null!;
    private PostgresApiKeyStore _store = null!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(_connectionString);
        await PostgresCatalogMigrator.MigrateAsync(_dataSource);
        _store = new PostgresApiKeyStore(_dataSource);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _dataSource.DisposeAsync();
        PostgresServer.Shared.DropDatabase(_connectionString);
    }

    [Fact]
    public async Task A_created_key_is_found_with_every_field()
    {
        var (token, keyId) = ApiKeyToken.Generate();
        var created = DateTimeOffset.Parse("2025-03-04T05:06:07.123456+02:00", System.Globalization.CultureInfo.InvariantCulture);
        ApiKeyRecord key = Key(keyId, token, "acme", ["db_a", "db_b"], ApiKeyRole.Write, "ci") with { CreatedAt = created };

        Assert.True(await _store.CreateAsync(key));
        ApiKeyRecord? found = await _store.FindAsync(keyId);

        Assert.NotNull(found);
        Assert.Equal(keyId, found.KeyId);
        Assert.True(ApiKeyToken.Matches(token, found.TokenHash));
        Assert.Equal("acme", found.Tenant);
        Assert.Equal(["db_a", "db_b"], found.Databases);
        Assert.Equal(ApiKeyRole.Write, found.Role);
        Assert.Equal("ci", found.Name);
        Assert.Equal(created, found.CreatedAt);
        Assert.Null(await _store.FindAsync("0000000000000000"));
    }

    [Fact]
    public async Task All_databases_and_no_databases_are_told_apart()
    {
        await _store.CreateAsync(Key("all", "token-all-0123456789", "t", null, ApiKeyRole.Read));
        await _store.CreateAsync(Key("none", "token-none-0123456789", "t", [], ApiKeyRole.Read));

        Assert.Null((await _store.FindAsync("all"))!.Databases);
        Assert.Equal([], (await _store.FindAsync("none"))!.Databases!);
    }

    [Fact]
    public async Task Create_refuses_a_taken_id_and_changes_nothing()
    {
        Assert.True(await _store.CreateAsync(Key("k1", "first-token-0123456789", "t", null, ApiKeyRole.Read)));
        Assert.False(await _store.CreateAsync(Key("k1", "second-token-0123456789", "other", null, ApiKeyRole.Admin)));

        ApiKeyRecord found = (await _store.FindAsync("k1"))!;
        Assert.Equal("t", found.Tenant);
        Assert.Equal(ApiKeyRole.Read, found.Role);
        Assert.True(ApiKeyToken.Matches("first-token-0123456789", found.TokenHash));
    }

    [Fact]
    public async Task Upsert_replaces_scope_and_role_but_keeps_the_creation_time()
    {
        var first = Key("cfg1", "configured-token-0123456789", "t", null, ApiKeyRole.Read) with { CreatedAt = DateTimeOffset.UnixEpoch };
        await _store.UpsertAsync(first);
        await _store.UpsertAsync(Key("cfg1", "configured-token-0123456789", "t", ["d"], ApiKeyRole.Admin, "renamed") with { CreatedAt = DateTimeOffset.UtcNow });

        ApiKeyRecord found = (await _store.FindAsync("cfg1"))!;
        Assert.Equal(ApiKeyRole.Admin, found.Role);
        Assert.Equal(["d"], found.Databases);
        Assert.Equal("renamed", found.Name);
        Assert.Equal(DateTimeOffset.UnixEpoch, found.CreatedAt);
    }

    [Fact]
    public async Task Concurrent_upserts_of_one_key_from_separate_pools_leave_one_row()
    {
        // Gateways bootstrapping the same configured key at the same time.
        var stores = new PostgresApiKeyStore[4];
        for (int i = 0; i < stores.Length; i++) stores[i] = PostgresApiKeyStore.Create(_connectionString);
        try
        {
            var tasks = new Task[stores.Length];
            for (int i = 0; i < tasks.Length; i++)
            {
                PostgresApiKeyStore store = stores[i];
                tasks[i] = Task.Run(async () => await store.UpsertAsync(Key("boot", "bootstrap-token-0123456789", "*", null, ApiKeyRole.Admin)));
            }

            await Task.WhenAll(tasks);
            IReadOnlyList<ApiKeyRecord> all = await _store.ListAsync(null);
            Assert.Single(all, k => k.KeyId == "boot");
        }
        finally
        {
            foreach (PostgresApiKeyStore store in stores) await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task List_orders_by_id_and_filters_by_tenant()
    {
        await _store.CreateAsync(Key("b", "token-b-0123456789abc", "acme", null, ApiKeyRole.Read));
        await _store.CreateAsync(Key("a", "token-a-0123456789abc", "acme", null, ApiKeyRole.Write));
        await _store.CreateAsync(Key("C", "token-c-0123456789abc", "other", null, ApiKeyRole.Read));

        Assert.Equal(["C", "a", "b"], (await _store.ListAsync(null)).Select(k => k.KeyId));
        Assert.Equal(["a", "b"], (await _store.ListAsync("acme")).Select(k => k.KeyId));
        Assert.Empty(await _store.ListAsync("nobody"));
    }

    [Fact]
    public async Task Delete_removes_the_key_once()
    {
        await _store.CreateAsync(Key("gone", "token-gone-0123456789", "t", null, ApiKeyRole.Read));

        Assert.True(await _store.DeleteAsync("gone"));
        Assert.False(await _store.DeleteAsync("gone"));
        Assert.Null(await _store.FindAsync("gone"));
    }

    [Fact]
    public async Task Keys_survive_a_new_data_source()
    {
        await _store.CreateAsync(Key("kept", "token-kept-0123456789", "t", ["x"], ApiKeyRole.Write));

        await using PostgresApiKeyStore reopened = PostgresApiKeyStore.Create(_connectionString);
        ApiKeyRecord? found = await reopened.FindAsync("kept");
        Assert.NotNull(found);
        Assert.Equal(["x"], found.Databases);
    }

    [Fact]
    public async Task Only_the_hash_of_a_token_is_stored()
    {
        const string token = "plain-text-token-never-stored-0123";
        await _store.CreateAsync(Key(ApiKeyToken.KeyIdOf(token), token, "t", null, ApiKeyRole.Admin));

        // Every column of every row, as text: the token appears nowhere, its hash does.
        await using NpgsqlCommand dump = _dataSource.CreateCommand("SELECT string_agg(k::text, '|') FROM api_keys k;");
        string rows = (string)(await dump.ExecuteScalarAsync())!;
        Assert.DoesNotContain(token, rows, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(ApiKeyToken.Hash(token)), rows, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(token)), rows, StringComparison.Ordinal);
    }

    private static ApiKeyRecord Key(string keyId, string token, string tenant, IReadOnlyList<string>? databases, ApiKeyRole role, string? name = null) => new()
    {
        KeyId = keyId,
        TokenHash = ApiKeyToken.Hash(token),
        Tenant = tenant,
        Databases = databases,
        Role = role,
        Name = name,
        CreatedAt = DateTimeOffset.UtcNow,
    };
}
