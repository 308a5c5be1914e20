using System.Globalization;
using Chroma.Core.Model;
using Npgsql;

namespace Chroma.Distributed.Postgres;

/// <summary>
/// Brings a PostgreSQL database to the catalog's latest schema. The SysDb service runs it at
/// start-up; every other service waits for SysDb, but nothing breaks if several processes run it
/// at once: the work happens in one transaction that first takes a transaction-scoped advisory
/// lock, so callers queue on the lock and each later one finds the schema already current.
/// </summary>
public static class PostgresCatalogMigrator
{
    // An arbitrary constant that names "the catalog schema" among advisory locks in this
    // database ("chromcat" in ASCII). Never change it: processes of two builds must share it.
    internal const long AdvisoryLockKey = 0x6368726F6D636174;

    public static int LatestVersion => PostgresCatalogMigrations.LatestVersion;

    /// <summary>Applies every pending migration exactly once, whoever else is migrating concurrently.</summary>
    /// <exception cref="ChromaException">FailedPrecondition when the database was migrated by a newer build.</exception>
    public static async Task<PostgresMigrationResult> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using NpgsqlTransaction tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);

        // Taken before anything is read: whoever holds it sees the schema as the previous
        // holder committed it. Released by the commit (or rollback), never left behind by a crash.
        await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey});", ct).ConfigureAwait(false);

        // One row per applied migration; the primary key would reject a second run of the same
        // version, so "exactly once" is also enforced by the table itself.
        await ExecuteAsync(connection, tx,
            "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());",
            ct).ConfigureAwait(false);

        int current;
        await using (var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version;", connection, tx))
        {
            current = Convert.ToInt32(await read.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        if (current > LatestVersion)
        {
            throw new ChromaException(ChromaErrorCode.FailedPrecondition,
                $"Catalog database has schema version {current}, newer than this build supports ({LatestVersion}).");
        }

        for (int version = current; version < LatestVersion; version++)
        {
            await ExecuteAsync(connection, tx, PostgresCatalogMigrations.Scripts[version], ct).ConfigureAwait(false);
            await using var record = new NpgsqlCommand("INSERT INTO schema_version (version) VALUES (@version);", connection, tx);
            record.Parameters.AddWithValue("version", version + 1);
            await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
        return new PostgresMigrationResult(current, LatestVersion);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
