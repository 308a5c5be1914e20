namespace Chroma.Core.Log.Blob;

/// <summary>
/// Where a collection's log stands, for a compaction scheduler: records in
/// (<see cref="CompactionOffset"/>, <see cref="LastOffset"/>] are not compacted yet.
/// </summary>
public readonly record struct BlobLogCollectionStatus(Guid CollectionId, long LastOffset, long CompactionOffset)
{
    public long UncompactedRecords => LastOffset - CompactionOffset;
}
