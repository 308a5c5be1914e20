using Chroma.Core.Catalog.Keys;
using Npgsql;
using NpgsqlTypes;

namespace Chroma.Distributed.Postgres;

/// <summary>
/// API keys in the catalog's PostgreSQL database (table <c>api_keys</c>, catalog migration v2), shared
/// by every gateway replica: a key created through one gateway authenticates at all of them (each
/// sees it at its next cache miss).
/// </summary>
/// <remarks>
/// The store never migrates: the SysDb runs the catalog migrations at start-up and the gateway waits
/// for it, so one process owns the schema (call <see cref="PostgresCatalogMigrator.MigrateAsync"/>
/// first when using the store alone). Every call is one statement on a pooled connection, so the
/// store is safe from many threads and processes; the upsert is a single
/// <c>INSERT ... ON CONFLICT DO UPDATE</c>, atomic against concurrent gateways bootstrapping the
/// same configured key.
/// </remarks>
public sealed class PostgresApiKeyStore : IApiKeyStore
{
    private const string Columns = "key_id, token_hash, tenant, databases, role, name, created_at";

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private int _disposed;

    /// <summary>Over a data source owned by the caller.</summary>
    public PostgresApiKeyStore(NpgsqlDataSource dataSource)
        : this(dataSource, ownsDataSource: false)
    {
    }

    private PostgresApiKeyStore(NpgsqlDataSource dataSource, bool ownsDataSource)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _ownsDataSource = ownsDataSource;
    }

    /// <summary>A store over its own data source (Aspire's <c>ConnectionStrings__chromadb</c>); disposing the store disposes it.</summary>
    public static PostgresApiKeyStore Create(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return new PostgresApiKeyStore(NpgsqlDataSource.Create(connectionString), ownsDataSource: true);
    }

    public async ValueTask<ApiKeyRecord?> FindAsync(string keyId, CancellationToken ct = default)
    {
        await using NpgsqlCommand command = Command($"SELECT {Columns} FROM api_keys WHERE key_id = @id;");
        command.Parameters.Add(Text("id", keyId));
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadKey(reader) : null;
    }

    public async ValueTask<bool> CreateAsync(ApiKeyRecord key, CancellationToken ct = default)
    {
        await using NpgsqlCommand command = Command(
            $"INSERT INTO api_keys ({Columns}) VALUES (@id, @hash, @tenant, @databases, @role, @name, @created) ON CONFLICT (key_id) DO NOTHING;");
        Bind(command, key);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    public async ValueTask UpsertAsync(ApiKeyRecord key, CancellationToken ct = default)
    {
        // created_at is kept on conflict: re-applying configuration at each start does not make the key new.
        await using NpgsqlCommand command = Command(
            $"""
            INSERT INTO api_keys ({Columns}) VALUES (@id, @hash, @tenant, @databases, @role, @name, @created)
            ON CONFLICT (key_id) DO UPDATE SET token_hash = excluded.token_hash, tenant = excluded.tenant,
                databases = excluded.databases, role = excluded.role, name = excluded.name;
            """);
        Bind(command, key);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<ApiKeyRecord>> ListAsync(string? tenant, CancellationToken ct = default)
    {
        // COLLATE "C": byte order, the same order as SQLite's default, whatever the database's locale.
        await using NpgsqlCommand command = Command(tenant is null
            ? $"SELECT {Columns} FROM api_keys ORDER BY key_id COLLATE \"C\";"
            : $"SELECT {Columns} FROM api_keys WHERE tenant = @tenant ORDER BY key_id COLLATE \"C\";");
        if (tenant is not null) command.Parameters.Add(Text("tenant", tenant));
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var keys = new List<ApiKeyRecord>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) keys.Add(ReadKey(reader));
        return keys;
    }

    public async ValueTask<bool> DeleteAsync(string keyId, CancellationToken ct = default)
    {
        await using NpgsqlCommand command = Command("DELETE FROM api_keys WHERE key_id = @id;");
        command.Parameters.Add(Text("id", keyId));
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_ownsDataSource) await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    private NpgsqlCommand Command(string sql)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _dataSource.CreateCommand(sql);
    }

    private static void Bind(NpgsqlCommand command, ApiKeyRecord key)
    {
        command.Parameters.Add(Text("id", key.KeyId));
        command.Parameters.Add(new NpgsqlParameter("hash", NpgsqlDbType.Bytea) { Value = key.TokenHash });
        command.Parameters.Add(Text("tenant", key.Tenant));
        // Same text as the SQLite column (comma-separated, null = all), so both stores read alike.
        command.Parameters.Add(Text("databases", SqliteApiKeyStore.FormatDatabases(key.Databases)));
        command.Parameters.Add(new NpgsqlParameter("role", NpgsqlDbType.Integer) { Value = (int)key.Role });
        command.Parameters.Add(Text("name", key.Name));
        // timestamptz takes UTC only (Npgsql refuses other offsets).
        command.Parameters.Add(new NpgsqlParameter("created", NpgsqlDbType.TimestampTz) { Value = key.CreatedAt.ToUniversalTime() });
    }

    private static ApiKeyRecord ReadKey(NpgsqlDataReader reader) => new()
    {
        KeyId = reader.GetString(0),
        TokenHash = reader.GetFieldValue<byte[]>(1),
        Tenant = reader.GetString(2),
        Databases = SqliteApiKeyStore.ParseDatabases(reader.IsDBNull(3) ? null : reader.GetString(3)),
        Role = (ApiKeyRole)reader.GetInt32(4),
        Name = reader.IsDBNull(5) ? null : reader.GetString(5),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(6),
    };

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = value is null ? DBNull.Value : value };
}
