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

internal static class CatalogAssert
{
    public static async Task<ChromaException> ThrowsAsync(ChromaErrorCode code, string message, Func<ValueTask> action)
    {
        ChromaException e = await Assert.ThrowsAsync<ChromaException>(async () => await action());
        Assert.Equal(code, e.Code);
        Assert.Equal(message, e.Message);
        return e;
    }

    public static Task<ChromaException> ThrowsAsync<T>(ChromaErrorCode code, string message, Func<ValueTask<T>> action) =>
        ThrowsAsync(code, message, async () => { await action(); });

    public static CreateCollectionRequest Create(string name, Dictionary<string, MetadataValue>? metadata = null, CollectionConfigurationRequest? configuration = null, bool getOrCreate = false) => new()
    {
        Tenant = CatalogDefaults.Tenant,
        Database = CatalogDefaults.Database,
        Name = name,
        Metadata = metadata,
        Configuration = configuration,
        GetOrCreate = getOrCreate,
    };
}
