using Chroma.Core.Catalog;
using Chroma.Core.Model;
using Npgsql;

namespace Chroma.Distributed.Postgres;

// Tenants and databases.
public sealed partial class PostgresCatalogStore
{
    private const string DatabaseColumns = "SELECT id, name, tenant FROM databases ";

    public async ValueTask<CatalogStoreStatus> CreateTenantAsync(string name, CancellationToken ct = default)
    {
        await using NpgsqlCommand insert = Command(
            "INSERT INTO tenants (name, resource_name) VALUES (@name, NULL) ON CONFLICT (name) DO NOTHING;");
        insert.Parameters.AddWithValue("name", name);
        int rows = await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return rows == 1 ? CatalogStoreStatus.Ok : CatalogStoreStatus.AlreadyExists;
    }

    public async ValueTask<TenantInfo?> GetTenantAsync(string name, CancellationToken ct = default)
    {
        await using NpgsqlCommand select = Command("SELECT name, resource_name FROM tenants WHERE name = @name;");
        select.Parameters.AddWithValue("name", name);
        await using NpgsqlDataReader reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false)) return null;
        return new TenantInfo(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    public async ValueTask<CatalogStoreStatus> UpdateTenantAsync(string name, string? resourceName, CancellationToken ct = default)
    {
        await using NpgsqlCommand update = Command("UPDATE tenants SET resource_name = @resource WHERE name = @name;");
        update.Parameters.AddWithValue("name", name);
        update.Parameters.Add(Text("resource", resourceName));
        int rows = await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return rows == 1 ? CatalogStoreStatus.Ok : CatalogStoreStatus.NotFound;
    }

    public async ValueTask<CatalogStoreStatus> CreateDatabaseAsync(DatabaseInfo database, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        // One statement: the insert happens only if the tenant exists, and the foreign key
        // catches a tenant deleted concurrently. Zero rows means "tenant missing" or "name
        // taken"; the follow-up read tells which (a concurrent delete of the tenant after the
        // insert lost can only make the answer ParentNotFound, which is then also true).
        await using NpgsqlCommand insert = Command(
            "INSERT INTO databases (id, name, tenant) SELECT @id, @name, @tenant " +
            "WHERE EXISTS (SELECT 1 FROM tenants WHERE name = @tenant) ON CONFLICT DO NOTHING;");
        insert.Parameters.AddWithValue("id", database.Id);
        insert.Parameters.AddWithValue("name", database.Name);
        insert.Parameters.AddWithValue("tenant", database.Tenant);
        int rows;
        try
        {
            rows = await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        catch (PostgresException e) when (IsForeignKeyViolation(e))
        {
            return CatalogStoreStatus.ParentNotFound;
        }

        if (rows == 1) return CatalogStoreStatus.Ok;

        await using NpgsqlCommand tenant = Command("SELECT 1 FROM tenants WHERE name = @tenant;");
        tenant.Parameters.AddWithValue("tenant", database.Tenant);
        return await tenant.ExecuteScalarAsync(ct).ConfigureAwait(false) is null
            ? CatalogStoreStatus.ParentNotFound
            : CatalogStoreStatus.AlreadyExists;
    }

    public async ValueTask<DatabaseInfo?> GetDatabaseAsync(string tenant, string name, CancellationToken ct = default)
    {
        await using NpgsqlCommand select = Command(DatabaseColumns + "WHERE tenant = @tenant AND name = @name;");
        select.Parameters.AddWithValue("tenant", tenant);
        select.Parameters.AddWithValue("name", name);
        await using NpgsqlDataReader reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadDatabase(reader) : null;
    }

    public async ValueTask<IReadOnlyList<DatabaseInfo>> ListDatabasesAsync(string tenant, int? limit, int offset, CancellationToken ct = default)
    {
        // LIMIT ALL is PostgreSQL's "no limit" (SQLite's -1); COLLATE "C" is ordinal order.
        await using NpgsqlCommand select = Command(DatabaseColumns + "WHERE tenant = @tenant ORDER BY name COLLATE \"C\" " +
            (limit is null ? "LIMIT ALL" : "LIMIT @limit") + " OFFSET @offset;");
        select.Parameters.AddWithValue("tenant", tenant);
        if (limit is int l) select.Parameters.AddWithValue("limit", l);
        select.Parameters.AddWithValue("offset", offset);
        await using NpgsqlDataReader reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var result = new List<DatabaseInfo>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) result.Add(ReadDatabase(reader));
        return result;
    }

    public async ValueTask<CatalogStoreStatus> DeleteDatabaseAsync(string tenant, string name, CancellationToken ct = default)
    {
        // PostgreSQL always enforces foreign keys, so ON DELETE CASCADE removes the database's
        // collections in the same statement.
        await using NpgsqlCommand delete = Command("DELETE FROM databases WHERE tenant = @tenant AND name = @name;");
        delete.Parameters.AddWithValue("tenant", tenant);
        delete.Parameters.AddWithValue("name", name);
        int rows = await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return rows == 1 ? CatalogStoreStatus.Ok : CatalogStoreStatus.NotFound;
    }

    private static DatabaseInfo ReadDatabase(NpgsqlDataReader reader) =>
        new(reader.GetGuid(0), reader.GetString(1), reader.GetString(2));
}
