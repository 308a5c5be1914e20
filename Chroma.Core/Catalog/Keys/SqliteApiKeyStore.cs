using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Chroma.Core.Catalog.Keys;

/// <summary>
/// API keys in the catalog's SQLite file (table <c>api_keys</c>, catalog migration v2).
/// </summary>
/// <remarks>
/// Its own connection to the file the catalog store also has open: both use WAL and a busy
/// timeout, and key writes are rare single statements, so they never wait long on each other.
/// The CLI (<c>keys create --path DIR</c>) can therefore add a key while the server runs; the
/// server sees it at its next cache miss. One lock serialises this connection's use.
/// </remarks>
public sealed class SqliteApiKeyStore : IApiKeyStore, IDisposable
{
    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private bool _disposed;

    private SqliteApiKeyStore(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens the catalog file at <paramref name="path"/>, migrating it first if needed.</summary>
    public static SqliteApiKeyStore Open(string path)
    {
        // The catalog store owns the schema: opening it runs every pending migration (v2 adds
        // api_keys), so the table exists whichever process touches the file first.
        SqliteCatalogStore.Open(path).Dispose();

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ConnectionString);
        connection.Open();
        using (SqliteCommand pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;";
            pragma.ExecuteNonQuery();
        }

        return new SqliteApiKeyStore(connection);
    }

    public ValueTask<ApiKeyRecord?> FindAsync(string keyId, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using SqliteCommand command = Command("SELECT key_id, token_hash, tenant, databases, role, name, created_at FROM api_keys WHERE key_id = @id;");
            command.Parameters.AddWithValue("@id", keyId);
            using SqliteDataReader reader = command.ExecuteReader();
            return ValueTask.FromResult(reader.Read() ? ReadKey(reader) : null);
        }
    }

    public ValueTask<bool> CreateAsync(ApiKeyRecord key, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using SqliteCommand command = Command(
                "INSERT INTO api_keys (key_id, token_hash, tenant, databases, role, name, created_at) VALUES (@id, @hash, @tenant, @databases, @role, @name, @created) ON CONFLICT (key_id) DO NOTHING;");
            Bind(command, key);
            return ValueTask.FromResult(command.ExecuteNonQuery() == 1);
        }
    }

    public ValueTask UpsertAsync(ApiKeyRecord key, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using SqliteCommand command = Command(
                """
                INSERT INTO api_keys (key_id, token_hash, tenant, databases, role, name, created_at) VALUES (@id, @hash, @tenant, @databases, @role, @name, @created)
                ON CONFLICT (key_id) DO UPDATE SET token_hash = excluded.token_hash, tenant = excluded.tenant, databases = excluded.databases, role = excluded.role, name = excluded.name;
                """);
            Bind(command, key);
            command.ExecuteNonQuery();
            return ValueTask.CompletedTask;
        }
    }

    public ValueTask<IReadOnlyList<ApiKeyRecord>> ListAsync(string? tenant, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using SqliteCommand command = Command(tenant is null
                ? "SELECT key_id, token_hash, tenant, databases, role, name, created_at FROM api_keys ORDER BY key_id;"
                : "SELECT key_id, token_hash, tenant, databases, role, name, created_at FROM api_keys WHERE tenant = @tenant ORDER BY key_id;");
            if (tenant is not null) command.Parameters.AddWithValue("@tenant", tenant);
            using SqliteDataReader reader = command.ExecuteReader();
            var keys = new List<ApiKeyRecord>();
            while (reader.Read()) keys.Add(ReadKey(reader));
            return ValueTask.FromResult<IReadOnlyList<ApiKeyRecord>>(keys);
        }
    }

    public ValueTask<bool> DeleteAsync(string keyId, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using SqliteCommand command = Command("DELETE FROM api_keys WHERE key_id = @id;");
            command.Parameters.AddWithValue("@id", keyId);
            return ValueTask.FromResult(command.ExecuteNonQuery() == 1);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _connection.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The databases column: comma-separated names (names cannot contain a comma), null = all.</summary>
    public static string? FormatDatabases(IReadOnlyList<string>? databases) => databases is null ? null : string.Join(',', databases);

    public static IReadOnlyList<string>? ParseDatabases(string? text) =>
        text is null ? null : text.Length == 0 ? [] : text.Split(',');

    private SqliteCommand Command(string sql)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private static void Bind(SqliteCommand command, ApiKeyRecord key)
    {
        command.Parameters.AddWithValue("@id", key.KeyId);
        command.Parameters.AddWithValue("@hash", key.TokenHash);
        command.Parameters.AddWithValue("@tenant", key.Tenant);
        command.Parameters.AddWithValue("@databases", (object?)FormatDatabases(key.Databases) ?? DBNull.Value);
        command.Parameters.AddWithValue("@role", (int)key.Role);
        command.Parameters.AddWithValue("@name", (object?)key.Name ?? DBNull.Value);
        command.Parameters.AddWithValue("@created", key.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
    }

    private static ApiKeyRecord ReadKey(SqliteDataReader reader) => new()
    {
        KeyId = reader.GetString(0),
        TokenHash = (byte[])reader.GetValue(1),
        Tenant = reader.GetString(2),
        Databases = ParseDatabases(reader.IsDBNull(3) ? null : reader.GetString(3)),
        Role = (ApiKeyRole)reader.GetInt32(4),
        Name = reader.IsDBNull(5) ? null : reader.GetString(5),
        CreatedAt = DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
    };
}
