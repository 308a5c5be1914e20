namespace Chroma.Core.Catalog;

/// <summary>Persistence of the catalog: SQLite locally, PostgreSQL in distributed mode. (Catalog module.)</summary>
public interface ICatalogStore
{
}
