namespace Chroma.Distributed.Postgres;

/// <summary>What one <see cref="PostgresCatalogMigrator.MigrateAsync"/> call found and did.</summary>
/// <param name="FromVersion">Schema version found once the migration lock was held.</param>
/// <param name="ToVersion">Schema version in force when the call returned.</param>
public readonly record struct PostgresMigrationResult(int FromVersion, int ToVersion)
{
    /// <summary>True when this call applied at least one migration (false: another process had done it).</summary>
    public bool Applied => ToVersion > FromVersion;
}
