using Chroma.Core.Segments;

namespace Chroma.Core.Tests.Engine;

/// <summary>A segment store that counts loads of registered versions (version 0 has no files).</summary>
internal sealed class LoadCountingSegmentStore(ISegmentStore inner) : ISegmentStore
{
    public int Loads;

    public Task SaveAsync(CollectionSegment segment, CancellationToken ct = default) => inner.SaveAsync(segment, ct);

    public Task<CollectionSegment> LoadAsync(Guid collectionId, long version, CancellationToken ct = default)
    {
        if (version > 0) Interlocked.Increment(ref Loads);
        return inner.LoadAsync(collectionId, version, ct);
    }

    public Task DeleteOlderVersionsAsync(Guid collectionId, long keepVersion, CancellationToken ct = default) =>
        inner.DeleteOlderVersionsAsync(collectionId, keepVersion, ct);

    public Task DropAsync(Guid collectionId, CancellationToken ct = default) => inner.DropAsync(collectionId, ct);
}
