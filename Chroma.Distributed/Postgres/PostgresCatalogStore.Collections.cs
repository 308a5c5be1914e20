using Chroma.Core.Catalog;
using Chroma.Core.Model;
using Npgsql;

namespace Chroma.Distributed.Postgres;

// Collections, dimension and version compare-and-set.
public sealed partial class PostgresCatalogStore
{
    public async ValueTask<CollectionCreateResult> CreateCollectionAsync(CollectionInfo collection, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ThrowIfDisposed();
        await using NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using NpgsqlTransaction tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);

        // The database row is locked FOR SHARE so it cannot be deleted between this read and the
        // insert (a delete would otherwise fail our insert on the foreign key).
        Guid databaseId;
        await using (var database = new NpgsqlCommand(
            "SELECT id FROM databases WHERE tenant = @tenant AND name = @name FOR SHARE;", connection, tx))
        {
            database.Parameters.AddWithValue("tenant", collection.Tenant);
            database.Parameters.AddWithValue("name", collection.Database);
            if (await database.ExecuteScalarAsync(ct).ConfigureAwait(false) is not Guid id)
            {
                return new CollectionCreateResult(CatalogStoreStatus.ParentNotFound, null);
            }

            databaseId = id;
        }

        // ON CONFLICT on the name waits for a concurrent insert of the same name to commit or
        // roll back, so exactly one of two racing creates inserts. A clash on the id (a reused
        // Guid) is a unique violation: the id is taken, which is AlreadyExists as well.
        int inserted;
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO collections (id, database_id, name, dimension, metadata_json, configuration_json, schema_json, log_position, version) " +
            "VALUES (@id, @database_id, @name, @dimension, @metadata, @configuration, @schema, @log_position, @version) " +
            "ON CONFLICT (database_id, name) DO NOTHING;", connection, tx))
        {
            insert.Parameters.AddWithValue("id", collection.Id);
            insert.Parameters.AddWithValue("database_id", databaseId);
            insert.Parameters.AddWithValue("name", collection.Name);
            insert.Parameters.AddWithValue("dimension", collection.Dimension is int d ? d : DBNull.Value);
            AddPayloadParameters(insert, collection);
            insert.Parameters.AddWithValue("log_position", collection.LogPosition);
            insert.Parameters.AddWithValue("version", collection.Version);
            try
            {
                inserted = await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            catch (PostgresException e) when (IsUniqueViolation(e))
            {
                return new CollectionCreateResult(CatalogStoreStatus.AlreadyExists, await GetCollectionByIdAsync(collection.Id, ct).ConfigureAwait(false));
            }
        }

        if (inserted == 1)
        {
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return new CollectionCreateResult(CatalogStoreStatus.Ok, collection);
        }

        // The name is taken: hand back the holder. At READ COMMITTED this statement sees the
        // row the conflicting insert committed (null only if it has been deleted since).
        await using var existing = new NpgsqlCommand(CollectionRow.Select + "WHERE c.database_id = @database_id AND c.name = @name;", connection, tx);
        existing.Parameters.AddWithValue("database_id", databaseId);
        existing.Parameters.AddWithValue("name", collection.Name);
        CollectionInfo? holder = await ReadSingleCollectionAsync(existing, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return new CollectionCreateResult(CatalogStoreStatus.AlreadyExists, holder);
    }

    public async ValueTask<CollectionInfo?> GetCollectionAsync(string tenant, string database, string name, CancellationToken ct = default)
    {
        await using NpgsqlCommand select = Command(CollectionRow.Select + "WHERE d.tenant = @tenant AND d.name = @database AND c.name = @name;");
        select.Parameters.AddWithValue("tenant", tenant);
        select.Parameters.AddWithValue("database", database);
        select.Parameters.AddWithValue("name", name);
        return await ReadSingleCollectionAsync(select, ct).ConfigureAwait(false);
    }

    public async ValueTask<CollectionInfo?> GetCollectionByIdAsync(Guid id, CancellationToken ct = default)
    {
        await using NpgsqlCommand select = Command(CollectionRow.Select + "WHERE c.id = @id;");
        select.Parameters.AddWithValue("id", id);
        return await ReadSingleCollectionAsync(select, ct).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<CollectionInfo>> ListCollectionsAsync(string tenant, string database, int? limit, int offset, CancellationToken ct = default)
    {
        await using NpgsqlCommand select = Command(CollectionRow.Select + "WHERE d.tenant = @tenant AND d.name = @database ORDER BY c.seq " +
            (limit is null ? "LIMIT ALL" : "LIMIT @limit") + " OFFSET @offset;");
        select.Parameters.AddWithValue("tenant", tenant);
        select.Parameters.AddWithValue("database", database);
        if (limit is int l) select.Parameters.AddWithValue("limit", l);
        select.Parameters.AddWithValue("offset", offset);
        await using NpgsqlDataReader reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var result = new List<CollectionInfo>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) result.Add(ReadCollection(reader));
        return result;
    }

    public async ValueTask<int> CountCollectionsAsync(string tenant, string database, CancellationToken ct = default)
    {
        await using NpgsqlCommand count = Command(
            "SELECT COUNT(*) FROM collections c JOIN databases d ON d.id = c.database_id WHERE d.tenant = @tenant AND d.name = @database;");
        count.Parameters.AddWithValue("tenant", tenant);
        count.Parameters.AddWithValue("database", database);
        return checked((int)(long)(await count.ExecuteScalarAsync(ct).ConfigureAwait(false))!);
    }

    public async ValueTask<CatalogStoreStatus> UpdateCollectionAsync(CollectionInfo collection, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        await using NpgsqlCommand update = Command(
            "UPDATE collections SET name = @name, metadata_json = @metadata, configuration_json = @configuration, schema_json = @schema WHERE id = @id;");
        update.Parameters.AddWithValue("id", collection.Id);
        update.Parameters.AddWithValue("name", collection.Name);
        AddPayloadParameters(update, collection);
        try
        {
            return await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1 ? CatalogStoreStatus.Ok : CatalogStoreStatus.NotFound;
        }
        catch (PostgresException e) when (IsUniqueViolation(e))
        {
            // UNIQUE (database_id, name): the new name is taken in this database.
            return CatalogStoreStatus.AlreadyExists;
        }
    }

    public async ValueTask<Guid?> DeleteCollectionAsync(string tenant, string database, string name, CancellationToken ct = default)
    {
        await using NpgsqlCommand delete = Command(
            "DELETE FROM collections WHERE name = @name AND database_id = " +
            "(SELECT id FROM databases WHERE tenant = @tenant AND name = @database) RETURNING id;");
        delete.Parameters.AddWithValue("tenant", tenant);
        delete.Parameters.AddWithValue("database", database);
        delete.Parameters.AddWithValue("name", name);
        return await delete.ExecuteScalarAsync(ct).ConfigureAwait(false) is Guid id ? id : null;
    }

    public async ValueTask<int?> SetDimensionIfUnsetAsync(Guid collectionId, int dimension, CancellationToken ct = default)
    {
        // The UPDATE is the compare-and-set: a racer waits on the row lock, then PostgreSQL
        // re-evaluates "dimension IS NULL" against the winner's committed row and skips it.
        await using (NpgsqlCommand update = Command(
            "UPDATE collections SET dimension = @dimension WHERE id = @id AND dimension IS NULL RETURNING dimension;"))
        {
            update.Parameters.AddWithValue("id", collectionId);
            update.Parameters.AddWithValue("dimension", dimension);
            if (await update.ExecuteScalarAsync(ct).ConfigureAwait(false) is int set) return set;
        }

        // Lost (or no such collection): a new statement, so a new snapshot that sees the winner.
        await using NpgsqlCommand select = Command("SELECT dimension FROM collections WHERE id = @id;");
        select.Parameters.AddWithValue("id", collectionId);
        return await select.ExecuteScalarAsync(ct).ConfigureAwait(false) is int existing ? existing : null;
    }

    public async ValueTask<CatalogStoreStatus> CompareAndSetVersionAsync(Guid collectionId, long expectedVersion, long newVersion, long logPosition, CancellationToken ct = default)
    {
        await using (NpgsqlCommand update = Command(
            "UPDATE collections SET version = @new_version, log_position = @log_position WHERE id = @id AND version = @expected;"))
        {
            update.Parameters.AddWithValue("id", collectionId);
            update.Parameters.AddWithValue("expected", expectedVersion);
            update.Parameters.AddWithValue("new_version", newVersion);
            update.Parameters.AddWithValue("log_position", logPosition);
            if (await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1) return CatalogStoreStatus.Ok;
        }

        await using NpgsqlCommand exists = Command("SELECT 1 FROM collections WHERE id = @id;");
        exists.Parameters.AddWithValue("id", collectionId);
        return await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is null ? CatalogStoreStatus.NotFound : CatalogStoreStatus.Conflict;
    }

    private static void AddPayloadParameters(NpgsqlCommand command, CollectionInfo collection)
    {
        command.Parameters.Add(Text("metadata", collection.Metadata is null ? null : MetadataJsonCodec.Serialize(collection.Metadata)));
        command.Parameters.Add(Text("configuration", CollectionConfigurationJsonCodec.Serialize(collection.Configuration)));
        command.Parameters.Add(Text("schema", collection.SchemaJson));
    }

    private static async Task<CollectionInfo?> ReadSingleCollectionAsync(NpgsqlCommand select, CancellationToken ct)
    {
        await using NpgsqlDataReader reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadCollection(reader) : null;
    }

    private static CollectionInfo ReadCollection(NpgsqlDataReader reader) => CollectionRow.Read(reader, reader.GetGuid(0));
}
