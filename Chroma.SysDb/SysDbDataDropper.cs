using Chroma.Core.Log;
using Chroma.Core.Model;
using Chroma.Core.Segments;
using Chroma.Distributed.Azure;

namespace Chroma.SysDb;

/// <summary>
/// What goes with a deleted collection, database or a reset: the collection's log (through the
/// Log service) and its index versions (in blob storage). Runs after the catalog change
/// (<see cref="Chroma.Core.Catalog.DataDroppingCatalog"/>), so a failure here leaves orphaned
/// blobs, never a collection without its data. Orphans are harmless garbage: collection ids are
/// never reused, and nothing lists them again except a future garbage collector (not built yet).
/// A failure is therefore logged and swallowed: the client's delete did happen.
/// </summary>
internal sealed partial class SysDbDataDropper(IWriteAheadLog? log, AzureBlobStore? blobs, ILogger<SysDbDataDropper> logger)
{
    private readonly BlobSegmentStore? _segments = blobs is null ? null : new BlobSegmentStore(blobs);

    public async ValueTask DropCollectionAsync(Guid collectionId, CancellationToken ct)
    {
        try
        {
            if (log is not null) await log.DropAsync(collectionId, ct).ConfigureAwait(false);
            if (_segments is not null) await _segments.DropAsync(collectionId, ct).ConfigureAwait(false);
        }
        catch (ChromaException e)
        {
            LogDropFailed(logger, collectionId, e.Message);
        }
        catch (IOException e)
        {
            LogDropFailed(logger, collectionId, e.Message);
        }
        catch (Azure.RequestFailedException e)
        {
            LogDropFailed(logger, collectionId, e.Message);
        }
    }

    /// <summary>
    /// After a reset the catalog is empty, so every blob in the container is garbage: logs and index
    /// versions alike. The Log and Query services may still hold state for the old collection ids in
    /// memory; no request can name those ids again.
    /// </summary>
    public async ValueTask DropAllAsync(CancellationToken ct)
    {
        if (blobs is null) return;
        foreach (string key in await blobs.ListAsync("", ct).ConfigureAwait(false))
        {
            await blobs.DeleteAsync(key, ct).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The data of deleted collection {CollectionId} was not dropped and is left as garbage: {Reason}")]
    private static partial void LogDropFailed(ILogger logger, Guid collectionId, string reason);
}
