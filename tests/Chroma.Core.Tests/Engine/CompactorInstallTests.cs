using System.Reflection;
using Chroma.Core.Catalog;
using Chroma.Core.Compaction;
using Chroma.Core.Execution;
using Chroma.Core.Log;
using Chroma.Core.Model;
using Chroma.Core.Segments;
using Chroma.Core.Storage;

namespace Chroma.Core.Tests.Engine;

/// <summary>
/// A read that sees a newly registered version in the catalog must find it already in memory:
/// loading it back from its files would double the work and the memory of every compaction.
/// </summary>
public class CompactorInstallTests
{
    [Fact]
    public async Task ReadRightAfterRegistrationUsesTheInstalledVersionWithoutLoadingIt()
    {
        using var dir = new TempDirectory();
        using CatalogService catalog = CatalogService.OpenSqlite(Path.Combine(dir.Path, "catalog.sqlite3"));
        using var log = new FileWriteAheadLog(Path.Combine(dir.Path, "wal"));
        var segments = new LoadCountingSegmentStore(new BlobSegmentStore(new FileBlobStore(Path.Combine(dir.Path, "blobs"))));
        var views = new CollectionViewCache(log, segments);
        var writer = new RecordWriter(catalog, log, new RecordReader(views, log), null);
        CollectionInfo collection = await catalog.CreateCollectionAsync(new CreateCollectionRequest
        {
            Tenant = CatalogDefaults.Tenant, Database = CatalogDefaults.Database, Name = "things",
        });
        await writer.AddAsync(collection, new RecordBatch(["a", "b"], [[1f, 0f], [0f, 1f]]));

        // The reader a client would run between the catalog update and the compactor's next step.
        CollectionSegment? seenByReader = null;
        ICatalog observed = RegistrationObserver.Wrap(catalog, async id =>
        {
            CollectionInfo registered = await catalog.GetCollectionByIdAsync(id);
            seenByReader = await views.GetSegmentAsync(registered);
        });
        await using var compactor = new Compactor(observed, log, segments, views);

        Assert.True(await compactor.CompactAsync(collection.Id));

        Assert.NotNull(seenByReader);
        Assert.Equal(1, seenByReader.Version);
        Assert.Equal(2, seenByReader.LiveCount);
        Assert.Equal(0, segments.Loads);
    }

    /// <summary>An ICatalog that runs a callback after each successful RegisterVersionAsync, before returning.</summary>
    public class RegistrationObserver : DispatchProxy
    {
        private ICatalog _inner = null!;
        private Func<Guid, Task> _afterRegister = null!;

        public static ICatalog Wrap(ICatalog inner, Func<Guid, Task> afterRegister)
        {
            ICatalog proxy = Create<ICatalog, RegistrationObserver>();
            var observer = (RegistrationObserver)(object)proxy;
            observer._inner = inner;
            observer._afterRegister = afterRegister;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            object? result = targetMethod!.Invoke(_inner, args);
            if (targetMethod.Name != nameof(ICatalog.RegisterVersionAsync)) return result;
            return ObserveAsync((ValueTask<bool>)result!, (Guid)args![0]!);
        }

        private async ValueTask<bool> ObserveAsync(ValueTask<bool> registration, Guid collectionId)
        {
            bool registered = await registration;
            if (registered) await _afterRegister(collectionId);
            return registered;
        }
    }
}
