namespace Chroma.Distributed.Postgres;

/// <summary>
/// The catalog's PostgreSQL schema as an ordered list of migrations; index i moves the schema
/// from version i to i+1. Append only: a shipped migration is never edited, because databases in
/// the field already ran it. Same tables and columns as the SQLite catalog, so both stores hold
/// the same rows and the same JSON text.
/// </summary>
internal static class PostgresCatalogMigrations
{
    public static readonly string[] Scripts =
    [
        // v1: tenants -> databases -> collections, each child deleted with its parent.
        // Metadata and configuration are text, not jsonb: jsonb would reorder keys and normalise
        // numbers, and every backend must hand back exactly what MetadataJsonCodec wrote.
        // seq is an identity that only grows, so ordering by it lists collections in creation order.
        """
        CREATE TABLE tenants (
            name text NOT NULL PRIMARY KEY,
            resource_name text NULL
        );
        CREATE TABLE databases (
            id uuid NOT NULL PRIMARY KEY,
            name text NOT NULL,
            tenant text NOT NULL REFERENCES tenants(name) ON DELETE CASCADE,
            UNIQUE (tenant, name)
        );
        CREATE TABLE collections (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id uuid NOT NULL UNIQUE,
            database_id uuid NOT NULL REFERENCES databases(id) ON DELETE CASCADE,
            name text NOT NULL,
            dimension integer NULL,
            metadata_json text NULL,
            configuration_json text NOT NULL,
            schema_json text NULL,
            log_position bigint NOT NULL DEFAULT 0,
            version bigint NOT NULL DEFAULT 0,
            UNIQUE (database_id, name)
        );
        """,

        // v2: API keys (same shape as the SQLite catalog's v2). Only the SHA-256 of a token is
        // stored, never the token. Not tied to tenants by a foreign key: a key may name a tenant
        // before it exists, '*' is no tenant, and a catalog reset keeps the keys (as in SQLite).
        """
        CREATE TABLE api_keys (
            key_id text NOT NULL PRIMARY KEY,
            token_hash bytea NOT NULL,
            tenant text NOT NULL,
            databases text NULL,
            role integer NOT NULL,
            name text NULL,
            created_at timestamptz NOT NULL
        );
        CREATE INDEX api_keys_tenant ON api_keys (tenant);
        """,
    ];

    public static int LatestVersion => Scripts.Length;
}
