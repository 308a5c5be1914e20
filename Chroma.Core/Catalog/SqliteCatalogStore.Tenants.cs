using Chroma.Core.Model;
using Microsoft.Data.Sqlite;

namespace Chroma.Core.Catalog;

// Tenants and databases.
public sealed partial class SqliteCatalogStore
{
    public ValueTask<CatalogStoreStatus> CreateTenantAsync(string name, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            using SqliteCommand insert = Command(
                "INSERT INTO tenants (name, resource_name) VALUES (@name, NULL) ON CONFLICT (name) DO NOTHING;");
            insert.Parameters.AddWithValue("@name", name);
            int rows = insert.ExecuteNonQuery();
            return new(rows == 1 ? CatalogStoreStatus.Ok : CatalogStoreStatus.AlreadyExists);
        }
    }

    public ValueTask<TenantInfo?> GetTenantAsync(string name, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            using SqliteCommand select = Command("SELECT name, resource_name FROM tenants WHERE name = @name;");
            select.Parameters.AddWithValue("@name", name);
            using SqliteDataReader reader = select.ExecuteReader();
            if (!reader.Read()) return new((TenantInfo?)null);
            return new(new TenantInfo(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }
    }

    public ValueTask<CatalogStoreStatus> UpdateTenantAsync(string name, string? resourceName, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            using SqliteCommand update = Command("UPDATE tenants SET resource_name = @resource WHERE name = @name;");
            update.Parameters.AddWithValue("@name", name);
            update.Parameters.AddWithValue("@resource", DbValue(resourceName));
            int rows = update.ExecuteNonQuery();
            return new(rows == 1 ? CatalogStoreStatus.Ok : CatalogStoreStatus.NotFound);
        }
    }

    public ValueTask<CatalogStoreStatus> CreateDatabaseAsync(DatabaseInfo database, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            using SqliteTransaction tx = _connection.BeginTransaction();
            using (SqliteCommand tenant = Command("SELECT 1 FROM tenants WHERE name = @tenant;", tx))
            {
                tenant.Parameters.AddWithValue("@tenant", database.Tenant);
                if (tenant.ExecuteScalar() is null) return new(CatalogStoreStatus.ParentNotFound);
            }

            using SqliteCommand insert = Command(
                "INSERT INTO databases (id, name, tenant) VALUES (@id, @name, @tenant) ON CONFLICT (tenant, name) DO NOTHING;", tx);
            insert.Parameters.AddWithValue("@id", FormatId(database.Id));
            insert.Parameters.AddWithValue("@name", database.Name);
            insert.Parameters.AddWithValue("@tenant", database.Tenant);
            int rows = insert.ExecuteNonQuery();
            tx.Commit();
            return new(rows == 1 ? CatalogStoreStatus.Ok : CatalogStoreStatus.AlreadyExists);
        }
    }

    public ValueTask<DatabaseInfo?> GetDatabaseAsync(string tenant, string name, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            using SqliteCommand select = Command("SELECT id, name, tenant FROM databases WHERE tenant = @tenant AND name = @name;");
            select.Parameters.AddWithValue("@tenant", tenant);
            select.Parameters.AddWithValue("@name", name);
            using SqliteDataReader reader = select.ExecuteReader();
            return new(reader.Read() ? ReadDatabase(reader) : null);
        }
    }

    public ValueTask<IReadOnlyList<DatabaseInfo>> ListDatabasesAsync(string tenant, int? limit, int offset, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            // LIMIT -1 is SQLite's "no limit"; PostgreSQL spells it LIMIT ALL (or NULL).
            using SqliteCommand select = Command(
                "SELECT id, name, tenant FROM databases WHERE tenant = @tenant ORDER BY name LIMIT @limit OFFSET @offset;");
            select.Parameters.AddWithValue("@tenant", tenant);
            select.Parameters.AddWithValue("@limit", limit ?? -1);
            select.Parameters.AddWithValue("@offset", offset);
            using SqliteDataReader reader = select.ExecuteReader();
            var result = new List<DatabaseInfo>();
            while (reader.Read()) result.Add(ReadDatabase(reader));
            return new(result);
        }
    }

    public ValueTask<CatalogStoreStatus> DeleteDatabaseAsync(string tenant, string name, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            using SqliteTransaction tx = _connection.BeginTransaction();
            // Delete the collections explicitly rather than rely on the cascade alone, so a file
            // opened without foreign_keys (an old tool) can never keep orphans.
            using (SqliteCommand collections = Command(
                "DELETE FROM collections WHERE database_id IN (SELECT id FROM databases WHERE tenant = @tenant AND name = @name);", tx))
            {
                collections.Parameters.AddWithValue("@tenant", tenant);
                collections.Parameters.AddWithValue("@name", name);
                collections.ExecuteNonQuery();
            }

            using SqliteCommand delete = Command("DELETE FROM databases WHERE tenant = @tenant AND name = @name;", tx);
            delete.Parameters.AddWithValue("@tenant", tenant);
            delete.Parameters.AddWithValue("@name", name);
            int rows = delete.ExecuteNonQuery();
            tx.Commit();
            return new(rows == 1 ? CatalogStoreStatus.Ok : CatalogStoreStatus.NotFound);
        }
    }

    private static DatabaseInfo ReadDatabase(SqliteDataReader reader) =>
        new(ParseId(reader.GetString(0)), reader.GetString(1), reader.GetString(2));
}
