using Chroma.Core.Catalog;
using Chroma.Core.Execution;
using Chroma.Core.Log;
using Chroma.Core.Model;
using Chroma.Core.Segments;
using Chroma.Core.Storage;
using Chroma.Distributed.Azure;

namespace Chroma.Distributed.Execution;

/// <summary>
/// A reader for processes that do not compact themselves (Query, and the Log's delete-by-where):
/// the index version a read starts from is the one in the <see cref="CollectionInfo"/> the API
/// fetched from the SysDb, and the Compactor (another process) may register a newer version and
/// then drop what it covers, both from the log and (the superseded index files) from blob storage,
/// while the read runs. The read then fails with DataLoss (a gap in the log, or a registered
/// version whose files are gone). Both can only happen after a newer version was registered
/// (the compactor registers before it truncates or deletes), so the collection is fetched again
/// and the read retried once on the newer version. A DataLoss with no newer version in the catalog
/// is real loss and is rethrown.
/// </summary>
public sealed class CatalogRefreshingRecordReader : IRecordReader
{
    private readonly IRecordReader _inner;
    private readonly ICatalog _catalog;

    public CatalogRefreshingRecordReader(IRecordReader inner, ICatalog catalog)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
    }

    /// <summary>
    /// The read stack of a service that does not compact: index versions from blob storage through a
    /// local disk cache (<see cref="CachedBlobStore"/>), at most <paramref name="memoryBudgetBytes"/> of
    /// them in memory (<see cref="SegmentCacheBudget"/>), the tail from <paramref name="log"/>.
    /// </summary>
    public static IRecordReader OverCachedVersions(IWriteAheadLog log, IBlobStore blobs, string cacheDirectory, ICatalog catalog, long memoryBudgetBytes) =>
        new CatalogRefreshingRecordReader(
            new RecordReader(new CollectionViewCache(log, new BlobSegmentStore(new CachedBlobStore(blobs, cacheDirectory)), memoryBudgetBytes), log),
            catalog);

    public async ValueTask<GetResult> GetAsync(CollectionInfo collection, GetRequest request, CancellationToken ct = default)
    {
        try
        {
            return await _inner.GetAsync(collection, request, ct).ConfigureAwait(false);
        }
        catch (ChromaException e) when (e.Code == ChromaErrorCode.DataLoss)
        {
            return await _inner.GetAsync(await NewerOrThrowAsync(collection, e, ct).ConfigureAwait(false), request, ct).ConfigureAwait(false);
        }
    }

    public async ValueTask<QueryResult> QueryAsync(CollectionInfo collection, QueryRequest request, CancellationToken ct = default)
    {
        try
        {
            return await _inner.QueryAsync(collection, request, ct).ConfigureAwait(false);
        }
        catch (ChromaException e) when (e.Code == ChromaErrorCode.DataLoss)
        {
            return await _inner.QueryAsync(await NewerOrThrowAsync(collection, e, ct).ConfigureAwait(false), request, ct).ConfigureAwait(false);
        }
    }

    public async ValueTask<int> CountAsync(CollectionInfo collection, CancellationToken ct = default)
    {
        try
        {
            return await _inner.CountAsync(collection, ct).ConfigureAwait(false);
        }
        catch (ChromaException e) when (e.Code == ChromaErrorCode.DataLoss)
        {
            return await _inner.CountAsync(await NewerOrThrowAsync(collection, e, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        }
    }

    public async ValueTask<IndexingStatus> GetIndexingStatusAsync(CollectionInfo collection, CancellationToken ct = default)
    {
        try
        {
            return await _inner.GetIndexingStatusAsync(collection, ct).ConfigureAwait(false);
        }
        catch (ChromaException e) when (e.Code == ChromaErrorCode.DataLoss)
        {
            return await _inner.GetIndexingStatusAsync(await NewerOrThrowAsync(collection, e, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        }
    }

    private async ValueTask<CollectionInfo> NewerOrThrowAsync(CollectionInfo collection, ChromaException failure, CancellationToken ct)
    {
        CollectionInfo current = await _catalog.GetCollectionByIdAsync(collection.Id, ct: ct).ConfigureAwait(false);
        if (current.Version <= collection.Version)
        {
            // Nothing newer to move to: the data really is missing.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return current;
    }
}
