using Chroma.Core.Catalog;
using Chroma.Core.Model;

namespace Chroma.Core.Tests.Catalog;

/// <summary>Collections are cached by id: every mutation must show in the next lookup.</summary>
public class CatalogCacheTests
{
    private static async Task<(TempCatalog Catalog, CollectionInfo Collection)> CachedCollectionAsync()
    {
        var catalog = new TempCatalog();
        CollectionInfo created = await catalog.Service.CreateCollectionAsync(new CreateCollectionRequest
        {
            Tenant = CatalogDefaults.Tenant,
            Database = CatalogDefaults.Database,
            Name = "cached",
        });
        await catalog.Service.GetCollectionByIdAsync(created.Id); // now cached
        return (catalog, created);
    }

    [Fact]
    public async Task Dimension_version_and_update_show_in_the_next_lookup()
    {
        var (catalog, created) = await CachedCollectionAsync();
        using (catalog)
        {
            CatalogService service = catalog.Service;
            await service.EnsureDimensionAsync(created.Id, 3);
            Assert.Equal(3, (await service.GetCollectionByIdAsync(created.Id)).Dimension);

            Assert.True(await service.RegisterVersionAsync(created.Id, 0, 1, 42));
            CollectionInfo versioned = await service.GetCollectionByIdAsync(created.Id);
            Assert.Equal(1, versioned.Version);
            Assert.Equal(42, versioned.LogPosition);

            await service.UpdateCollectionAsync(new UpdateCollectionRequest { Id = created.Id, NewName = "renamed" });
            Assert.Equal("renamed", (await service.GetCollectionByIdAsync(created.Id)).Name);
        }
    }

    [Fact]
    public async Task Deleted_collection_is_not_served_from_the_cache()
    {
        var (catalog, created) = await CachedCollectionAsync();
        using (catalog)
        {
            await catalog.Service.DeleteCollectionAsync(CatalogDefaults.Tenant, CatalogDefaults.Database, "cached");
            var e = await Assert.ThrowsAsync<ChromaException>(async () => await catalog.Service.GetCollectionByIdAsync(created.Id));
            Assert.Equal(ChromaErrorCode.NotFound, e.Code);
        }
    }

    [Fact]
    public async Task Reset_and_database_delete_empty_the_cache()
    {
        var (catalog, created) = await CachedCollectionAsync();
        using (catalog)
        {
            await catalog.Service.DeleteDatabaseAsync(CatalogDefaults.Tenant, CatalogDefaults.Database);
            await Assert.ThrowsAsync<ChromaException>(async () => await catalog.Service.GetCollectionByIdAsync(created.Id));
        }

        (catalog, created) = await CachedCollectionAsync();
        using (catalog)
        {
            await catalog.Service.ResetAsync();
            await Assert.ThrowsAsync<ChromaException>(async () => await catalog.Service.GetCollectionByIdAsync(created.Id));
        }
    }
}
