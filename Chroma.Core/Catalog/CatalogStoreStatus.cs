namespace Chroma.Core.Catalog;

/// <summary>Outcome of an <see cref="ICatalogStore"/> write; expected misses are values, not exceptions.</summary>
public enum CatalogStoreStatus
{
    Ok = 0,
    NotFound = 1,
    AlreadyExists = 2,

    /// <summary>The tenant (for a database) or database (for a collection) does not exist.</summary>
    ParentNotFound = 3,

    /// <summary>A compare-and-set lost: the stored value was not the expected one.</summary>
    Conflict = 4,
}
