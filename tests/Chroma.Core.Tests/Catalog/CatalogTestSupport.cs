using Chroma.Core.Catalog;
using Chroma.Core.Model;

namespace Chroma.Core.Tests.Catalog;

/// <summary>A catalog over a SQLite file in a fresh temp directory, deleted on dispose.</summary>
internal sealed class TempCatalog : IDisposable
{
    public TempCatalog()
    {
        Directory = Path.Combine(Path.GetTempPath(), "chroma-catalog-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        FilePath = Path.Combine(Directory, "catalog.sqlite3");
        Service = CatalogService.OpenSqlite(FilePath);
    }

    public string Directory { get; }
    public string FilePath { get; }
    public CatalogService Service { get; private set; }

    /// <summary>Closes the file and opens it again, as a process restart would.</summary>
    public CatalogService Reopen()
    {
        Service.Dispose();
        Service = CatalogService.OpenSqlite(FilePath);
        return Service;
    }

    public void Dispose()
    {
        Service.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
