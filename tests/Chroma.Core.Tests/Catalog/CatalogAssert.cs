using Chroma.Core.Catalog;
using Chroma.Core.Model;

namespace Chroma.Core.Tests.Catalog;

/// <summary>Catalog test helpers; also compiled into the PostgreSQL catalog tests (linked file).</summary>
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
