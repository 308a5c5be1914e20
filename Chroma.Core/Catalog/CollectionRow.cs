using System.Data.Common;
using Chroma.Core.Model;

namespace Chroma.Core.Catalog;

/// <summary>
/// The one shape of a collection row, shared by the SQLite and PostgreSQL catalog stores (their
/// schemas name the same columns): the select list, and the mapping from it. Only the id column's
/// type differs (text in SQLite, uuid in PostgreSQL), so each store reads the id itself.
/// </summary>
public static class CollectionRow
{
    /// <summary>Selects the columns <see cref="Read"/> maps; a WHERE clause follows.</summary>
    public const string Select =
        "SELECT c.id, c.name, d.tenant, d.name, c.dimension, c.metadata_json, c.configuration_json, c.schema_json, c.log_position, c.version " +
        "FROM collections c JOIN databases d ON d.id = c.database_id ";

    public static CollectionInfo Read(DbDataReader reader, Guid id) => new()
    {
        Id = id,
        Name = reader.GetString(1),
        Tenant = reader.GetString(2),
        Database = reader.GetString(3),
        Dimension = reader.IsDBNull(4) ? null : reader.GetInt32(4),
        Metadata = reader.IsDBNull(5) ? null : MetadataJsonCodec.Deserialize(reader.GetString(5)),
        Configuration = CollectionConfigurationJsonCodec.Deserialize(reader.GetString(6)),
        SchemaJson = reader.IsDBNull(7) ? null : reader.GetString(7),
        LogPosition = reader.GetInt64(8),
        Version = reader.GetInt64(9),
    };
}
