namespace Chroma.Core.Log.Blob;

/// <summary>Options of <see cref="BlobWriteAheadLog"/>.</summary>
public sealed record BlobWriteAheadLogOptions
{
    /// <summary>
    /// Prepended to every blob key (e.g. "wal/"). Each collection lives under
    /// <c>{KeyPrefix}{collectionId:N}/</c>: a <c>manifest</c> blob and a <c>fragments/</c> folder.
    /// </summary>
    public string KeyPrefix { get; init; } = "wal/";

    /// <summary>
    /// A group commit stops taking queued appends once its fragment reaches this size (a single
    /// larger append still gets a fragment of its own).
    /// </summary>
    public int MaxFragmentBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>
    /// Encoded bytes of fragments kept decoded in memory (shared by all collections). Fragments are
    /// immutable, so a cached one never goes stale; the writer caches what it just wrote so that
    /// reading the tail on the owner costs no fragment download.
    /// </summary>
    public long FragmentCacheBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// How many times a group that lost the manifest race is rewritten at fresh offsets (after
    /// re-reading the manifest) before its appends fail with a writer conflict. 0 (the default)
    /// surfaces every conflict to the caller, whose gateway retries on the collection's owner.
    /// Retrying is always safe: nothing of a losing group was ever visible.
    /// </summary>
    public int ConflictRetries { get; init; }

    /// <summary>
    /// How often <see cref="BlobWriteAheadLog.GetUncompactedAsync"/> lists every collection's log in
    /// the store, which catches logs that other writers (another Log replica, a previous process)
    /// appended to. In between it reads only the manifests of collections this instance appended
    /// to or last found uncompacted, so a compaction scheduler polling every few hundred
    /// milliseconds costs neither a listing of the container nor a read of every manifest.
    /// </summary>
    public TimeSpan FullScanInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Receives notices (conflicts, orphan fragments swept). Core has no logger dependency.</summary>
    public Action<string>? Log { get; init; }
}
