namespace Chroma.Core.Catalog;

/// <summary>The tenant and database that exist after start-up and after every reset.</summary>
public static class CatalogDefaults
{
    public const string Tenant = "default_tenant";
    public const string Database = "default_database";

    /// <summary>Fixed id of the default database (as Chroma's own SQLite sysdb uses), so it is stable across resets.</summary>
    public static readonly Guid DatabaseId = Guid.Empty;
}
