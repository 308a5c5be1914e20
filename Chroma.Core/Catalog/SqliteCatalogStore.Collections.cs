using Chroma.Core.Model;
using Microsoft.Data.Sqlite;

namespace Chroma.Core.Catalog;

// Collections, dimension and version compare-and-set.
public sealed partial class SqliteCatalogStore
{
    public ValueTask<CollectionCreateResult> CreateCollectionAsync(CollectionInfo collection, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            using SqliteTransaction tx = _connection.BeginTransaction();
            string? databaseId;
            using (SqliteCommand database = Command("SELECT id FROM databases WHERE tenant = @tenant AND name = @name;", tx))
            {
                database.Parameters.AddWithValue("@tenant", collection.Tenant);
                database.Parameters.AddWithValue("@name", collection.Database);
                databaseId = database.ExecuteScalar() as string;
            }

            if (databaseId is null) return new(new CollectionCreateResult(CatalogStoreStatus.ParentNotFound, null));

            using SqliteCommand insert = Command(
                "INSERT INTO collections (id, database_id, name, dimension, metadata_json, configuration_json, schema_json, log_position, version) " +
                "VALUES (@id, @database_id, @name, @dimension, @metadata, @configuration, @schema, @log_position, @version) " +
                "ON CONFLICT (database_id, name) DO NOTHING;", tx);
            insert.Parameters.AddWithValue("@id", FormatId(collection.Id));
            insert.Parameters.AddWithValue("@database_id", databaseId);
            insert.Parameters.AddWithValue("@name", collection.Name);
            insert.Parameters.AddWithValue("@dimension", collection.Dimension is int d ? d : DBNull.Value);
            AddPayloadParameters(insert, collection);
            insert.Parameters.AddWithValue("@log_position", collection.LogPosition);
            insert.Parameters.AddWithValue("@version", collection.Version);
            if (insert.ExecuteNonQuery() == 1)
            {
                tx.Commit();
                return new(new CollectionCreateResult(CatalogStoreStatus.Ok, collection));
            }

            // The name is taken: hand back the holder, read inside the same transaction.
            using SqliteCommand existing = Command(CollectionRow.Select + "WHERE c.database_id = @database_id AND c.name = @name;", tx);
            existing.Parameters.AddWithValue("@database_id", databaseId);
            existing.Parameters.AddWithValue("@name", collection.Name);
            CollectionInfo? holder = ReadSingleCollection(existing);
            tx.Commit();
            return new(new CollectionCreateResult(CatalogStoreStatus.AlreadyExists, holder));
        }
    }

    public ValueTask<CollectionInfo?> GetCollectionAsync(string tenant, string database, string name, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            using SqliteCommand select = Command(CollectionRow.Select + "WHERE d.tenant = @tenant AND d.name = @database AND c.name = @name;");
            select.Parameters.AddWithValue("@tenant", tenant);
            select.Parameters.AddWithValue("@database", database);
            select.Parameters.AddWithValue("@name", name);
            return new(ReadSingleCollection(select));
        }
    }

    public ValueTask<CollectionInfo?> GetCollectionByIdAsync(Guid id, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            using SqliteCommand select = Command(CollectionRow.Select + "WHERE c.id = @id;");
            select.Parameters.AddWithValue("@id", FormatId(id));
            return new(ReadSingleCollection(select));
        }
    }

    public ValueTask<IReadOnlyList<CollectionInfo>> ListCollectionsAsync(string tenant, string database, int? limit, int offset, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            using SqliteCommand select = Command(CollectionRow.Select +
                "WHERE d.tenant = @tenant AND d.name = @database ORDER BY c.seq LIMIT @limit OFFSET @offset;");
            select.Parameters.AddWithValue("@tenant", tenant);
            select.Parameters.AddWithValue("@database", database);
            select.Parameters.AddWithValue("@limit", limit ?? -1);
            select.Parameters.AddWithValue("@offset", offset);
            using SqliteDataReader reader = select.ExecuteReader();
            var result = new List<CollectionInfo>();
            while (reader.Read()) result.Add(ReadCollection(reader));
            return new(result);
        }
    }

    public ValueTask<int> CountCollectionsAsync(string tenant, string database, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            using SqliteCommand count = Command(
                "SELECT COUNT(*) FROM collections c JOIN databases d ON d.id = c.database_id WHERE d.tenant = @tenant AND d.name = @database;");
            count.Parameters.AddWithValue("@tenant", tenant);
            count.Parameters.AddWithValue("@database", database);
            return new(Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public ValueTask<CatalogStoreStatus> UpdateCollectionAsync(CollectionInfo collection, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            using SqliteCommand update = Command(
                "UPDATE collections SET name = @name, metadata_json = @metadata, configuration_json = @configuration, schema_json = @schema WHERE id = @id;");
            update.Parameters.AddWithValue("@id", FormatId(collection.Id));
            update.Parameters.AddWithValue("@name", collection.Name);
            AddPayloadParameters(update, collection);
            try
            {
                return new(update.ExecuteNonQuery() == 1 ? CatalogStoreStatus.Ok : CatalogStoreStatus.NotFound);
            }
            catch (SqliteException e) when (IsUniqueViolation(e))
            {
                // UNIQUE (database_id, name): the new name is taken in this database.
                return new(CatalogStoreStatus.AlreadyExists);
            }
        }
    }

    public ValueTask<Guid?> DeleteCollectionAsync(string tenant, string database, string name, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            using SqliteCommand delete = Command(
                "DELETE FROM collections WHERE name = @name AND database_id = " +
                "(SELECT id FROM databases WHERE tenant = @tenant AND name = @database) RETURNING id;");
            delete.Parameters.AddWithValue("@tenant", tenant);
            delete.Parameters.AddWithValue("@database", database);
            delete.Parameters.AddWithValue("@name", name);
            return new(delete.ExecuteScalar() is string id ? ParseId(id) : null);
        }
    }

    public ValueTask<int?> SetDimensionIfUnsetAsync(Guid collectionId, int dimension, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            // The UPDATE is the compare-and-set: only the first writer finds the column null.
            // Whoever loses reads back the winner's value and reports it.
            using SqliteCommand update = Command(
                "UPDATE collections SET dimension = @dimension WHERE id = @id AND dimension IS NULL RETURNING dimension;");
            update.Parameters.AddWithValue("@id", FormatId(collectionId));
            update.Parameters.AddWithValue("@dimension", dimension);
            if (update.ExecuteScalar() is long set) return new((int)set);

            using SqliteCommand select = Command("SELECT dimension FROM collections WHERE id = @id;");
            select.Parameters.AddWithValue("@id", FormatId(collectionId));
            object? current = select.ExecuteScalar();
            return new(current is long existing ? (int)existing : null);
        }
    }

    public ValueTask<CatalogStoreStatus> CompareAndSetVersionAsync(Guid collectionId, long expectedVersion, long newVersion, long logPosition, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ThrowIfDisposed();
            using SqliteCommand update = Command(
                "UPDATE collections SET version = @new_version, log_position = @log_position WHERE id = @id AND version = @expected;");
            update.Parameters.AddWithValue("@id", FormatId(collectionId));
            update.Parameters.AddWithValue("@expected", expectedVersion);
            update.Parameters.AddWithValue("@new_version", newVersion);
            update.Parameters.AddWithValue("@log_position", logPosition);
            if (update.ExecuteNonQuery() == 1) return new(CatalogStoreStatus.Ok);

            using SqliteCommand exists = Command("SELECT 1 FROM collections WHERE id = @id;");
            exists.Parameters.AddWithValue("@id", FormatId(collectionId));
            return new(exists.ExecuteScalar() is null ? CatalogStoreStatus.NotFound : CatalogStoreStatus.Conflict);
        }
    }

    private static void AddPayloadParameters(SqliteCommand command, CollectionInfo collection)
    {
        command.Parameters.AddWithValue("@metadata",
            DbValue(collection.Metadata is null ? null : MetadataJsonCodec.Serialize(collection.Metadata)));
        command.Parameters.AddWithValue("@configuration", CollectionConfigurationJsonCodec.Serialize(collection.Configuration));
        command.Parameters.AddWithValue("@schema", DbValue(collection.SchemaJson));
    }

    private static CollectionInfo? ReadSingleCollection(SqliteCommand select)
    {
        using SqliteDataReader reader = select.ExecuteReader();
        return reader.Read() ? ReadCollection(reader) : null;
    }

    private static CollectionInfo ReadCollection(SqliteDataReader reader) => CollectionRow.Read(reader, ParseId(reader.GetString(0)));
}
