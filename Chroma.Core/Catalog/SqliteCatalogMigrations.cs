namespace Chroma.Core.Catalog;

/// <summary>
/// The catalog's SQLite schema as an ordered list of migrations; index i moves the schema from
/// version i to i+1. Append only: a shipped migration is never edited, because databases in the
/// field already ran it. The SQL sticks to what PostgreSQL also accepts where it can.
/// </summary>
internal static class SqliteCatalogMigrations
{
    public static readonly string[] Scripts =
    [
        // v1: tenants -> databases -> collections. Collections reference their database by id and
        // go with it (ON DELETE CASCADE). seq is the rowid alias and gives creation order; it only
        // grows for live rows, so ordering by it lists collections in the order they were created.
        """
        CREATE TABLE tenants (
            name TEXT NOT NULL PRIMARY KEY,
            resource_name TEXT NULL
        );
        CREATE TABLE databases (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            tenant TEXT NOT NULL REFERENCES tenants(name) ON DELETE CASCADE,
            UNIQUE (tenant, name)
        );
        CREATE TABLE collections (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            database_id TEXT NOT NULL REFERENCES databases(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            dimension INTEGER NULL,
            metadata_json TEXT NULL,
            configuration_json TEXT NOT NULL,
            schema_json TEXT NULL,
            log_position INTEGER NOT NULL DEFAULT 0,
            version INTEGER NOT NULL DEFAULT 0,
            UNIQUE (database_id, name)
        );
        """,

        // v2: API keys (Catalog/Keys). Hashes only, never tokens. Outside the tenant tree on
        // purpose: a reset wipes tenants and data but must not lock the operator out. databases
        // is a comma-separated list (names cannot contain a comma), NULL = every database.
        """
        CREATE TABLE api_keys (
            key_id TEXT NOT NULL PRIMARY KEY,
            token_hash BLOB NOT NULL,
            tenant TEXT NOT NULL,
            databases TEXT NULL,
            role INTEGER NOT NULL,
            name TEXT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX api_keys_tenant ON api_keys (tenant);
        """,
    ];

    public static int LatestVersion => Scripts.Length;
}
