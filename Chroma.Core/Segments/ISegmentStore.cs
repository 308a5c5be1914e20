namespace Chroma.Core.Segments;

/// <summary>Persists index versions (immutable sets of files) in blob storage.</summary>
public interface ISegmentStore
{
    /// <summary>Writes every file of the version. Readers never see a version before it is registered in the catalog.</summary>
    Task SaveAsync(CollectionSegment segment, CancellationToken ct = default);

    /// <summary>Loads a registered version; version 0 is the empty version and has no files.</summary>
    Task<CollectionSegment> LoadAsync(Guid collectionId, long version, CancellationToken ct = default);

    /// <summary>Removes the files of versions older than <paramref name="keepVersion"/>.</summary>
    Task DeleteOlderVersionsAsync(Guid collectionId, long keepVersion, CancellationToken ct = default);

    /// <summary>Removes every version of the collection.</summary>
    Task DropAsync(Guid collectionId, CancellationToken ct = default);
}
