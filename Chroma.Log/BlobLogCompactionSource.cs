using Chroma.Core.Log.Blob;
using Chroma.Distributed.Log;

namespace Chroma.Log;

/// <summary>The Compactor's question "what is worth compacting", answered from the blob log's manifests.</summary>
internal sealed class BlobLogCompactionSource(BlobWriteAheadLog log) : ILogCompactionSource
{
    public async ValueTask<IReadOnlyList<CollectionLogRange>> ListCollectionsToCompactAsync(long minUncompactedRecords, CancellationToken ct = default)
    {
        IReadOnlyList<BlobLogCollectionStatus> statuses = await log.GetUncompactedAsync(ct).ConfigureAwait(false);
        var ranges = new List<CollectionLogRange>(statuses.Count);
        foreach (BlobLogCollectionStatus status in statuses)
        {
            if (status.UncompactedRecords >= Math.Max(1, minUncompactedRecords))
                ranges.Add(new CollectionLogRange(status.CollectionId, status.CompactionOffset + 1, status.LastOffset));
        }

        return ranges;
    }
}
