namespace Chroma.Distributed.Log;

/// <summary>
/// A collection's uncompacted log: offsets <see cref="FirstUncompactedOffset"/> through
/// <see cref="LastOffset"/> (inclusive) are durable but not yet in a registered index version.
/// </summary>
public sealed record CollectionLogRange(Guid CollectionId, long FirstUncompactedOffset, long LastOffset)
{
    public long UncompactedRecords => LastOffset - FirstUncompactedOffset + 1;
}
