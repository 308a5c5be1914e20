using Chroma.Core.Model;
using Chroma.Core.Storage;

namespace Chroma.Core.Log.Blob;

// Compaction and drop: everything that deletes blobs.
internal sealed partial class BlobCollectionLog
{
    // Compaction only raises an offset (a max), so rebuilding it on a newer manifest after a
    // conflict is always right; the bound only stops a livelock against a very busy writer.
    private const int CompactionConflictRetries = 16;

    /// <summary>
    /// Commits the new compaction offset (If-Match), which drops the fragments wholly at or below
    /// it from the manifest, then deletes those blobs and any orphan fragment below the offset.
    /// Deleting after the commit keeps every listed fragment present; a crash in between leaves
    /// only unlisted blobs, which the next compaction sweeps.
    /// </summary>
    public async Task AdvanceCompactionAsync(long offset, CancellationToken ct)
    {
        BlobLogManifest committed;
        await _manifestLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            for (int attempt = 0; ; attempt++)
            {
                // Read fresh: the offset is validated against the log's true end, which another
                // writer may have moved past what this process cached.
                ManifestSnapshot current = await LoadManifestAsync(ct).ConfigureAwait(false);
                _cached = current;
                if (offset <= current.Manifest.CompactionOffset) return;
                if (offset > current.Manifest.LastOffset)
                    ThrowHelper.InvalidArgument($"Cannot compact collection {_collectionId} up to offset {offset}: the last durable offset is {current.Manifest.LastOffset}.");

                _cached = null;
                committed = current.Manifest.WithCompaction(offset, []);
                // LastOffset >= offset > 0 means a manifest blob exists, so ETag is set.
                if (await TryPutManifestAsync(committed, BlobCondition.Matching(current.ETag!), ct).ConfigureAwait(false) is { } etag)
                {
                    _cached = new ManifestSnapshot(committed, etag);
                    break;
                }

                if (attempt >= CompactionConflictRetries) throw BlobWriteAheadLog.WriterConflict(_collectionId);
            }
        }
        finally
        {
            _manifestLock.Release();
        }

        await DeleteUnlistedFragmentsAsync(committed, offset, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes fragment blobs starting at or below <paramref name="offset"/> that
    /// <paramref name="committed"/> does not list: the ones compaction just unlisted, and orphans
    /// of lost races. Safe: a manifest write succeeds only against the current manifest, whose
    /// next offset is past <paramref name="offset"/>, so no fragment named below it can ever be
    /// committed later.
    /// </summary>
    private async Task DeleteUnlistedFragmentsAsync(BlobLogManifest committed, long offset, CancellationToken ct)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (BlobLogFragmentRef fragment in committed.Fragments) listed.Add(fragment.Name);

        string folder = BlobLogFormat.CollectionFolder(_options.KeyPrefix, _collectionId) + BlobLogFormat.FragmentFolder;
        IReadOnlyList<string> keys = await _store.ListAsync(folder, ct).ConfigureAwait(false);
        int orphans = 0;
        foreach (string key in keys)
        {
            if (!key.StartsWith(folder, StringComparison.Ordinal)) continue;
            string name = key.Substring(folder.Length);
            if (!BlobLogFormat.TryParseFragmentName(name, out long firstOffset) || firstOffset > offset || listed.Contains(name)) continue;
            _fragmentCache.Remove(key);
            await _store.DeleteAsync(key, ct).ConfigureAwait(false);
            orphans++;
        }

        if (orphans > 0) _options.Log?.Invoke($"Write-ahead log of collection {_collectionId}: deleted {orphans} fragment(s) at or below compaction offset {offset}.");
    }

    /// <summary>
    /// Fails queued appends, then deletes the manifest first (readers and writers see an empty
    /// log from that moment) and every other blob of the collection after it.
    /// </summary>
    public async Task DropAsync(CancellationToken ct)
    {
        List<BlobPendingAppend> queued;
        lock (_pendingLock)
        {
            _dropped = true;
            queued = [.. _pending];
            _pending.Clear();
        }

        ChromaException error = Dropped();
        foreach (BlobPendingAppend pending in queued)
        {
            pending.Completion.TrySetException(error);
            pending.Encoded.Dispose();
        }

        await _manifestLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _cached = null;
            await DeleteCollectionBlobsAsync(_store, _options.KeyPrefix, _collectionId, ct).ConfigureAwait(false);
        }
        finally
        {
            _manifestLock.Release();
        }
    }

    public static async Task DeleteCollectionBlobsAsync(IBlobStore store, string prefix, Guid collectionId, CancellationToken ct)
    {
        await store.DeleteAsync(BlobLogFormat.ManifestKey(prefix, collectionId), ct).ConfigureAwait(false);
        IReadOnlyList<string> keys = await store.ListAsync(BlobLogFormat.CollectionFolder(prefix, collectionId), ct).ConfigureAwait(false);
        foreach (string key in keys) await store.DeleteAsync(key, ct).ConfigureAwait(false);
    }
}
