using System.Runtime.InteropServices;
using Chroma.Core.Log.Local;
using Chroma.Core.Model;
using Chroma.Core.Storage;
using Chroma.Core.Storage.Codec;

namespace Chroma.Core.Log.Blob;

/// <summary>
/// The blob log of one collection as seen by one process: group commit of its appends, the
/// manifest it last committed (with ETag), reads and compaction.
/// <para>Commit protocol of a group (after Chroma's wal3): write a fragment create-only under a
/// fresh name, then replace the manifest If-Match the ETag it was built on. The manifest write
/// is the commit point; a failure at either step leaves nothing visible (a fragment no manifest
/// lists is an orphan, swept by compaction) and fails the whole group.</para>
/// <para>Locks: <c>_manifestLock</c> (async) serialises this process's manifest writers (the
/// group flusher, compaction, drop) and guards <c>_cached</c>; <c>_pendingLock</c> guards the
/// queue and is a leaf, never held across I/O. Other processes are kept out by the blob
/// conditions alone, never by these locks.</para>
/// </summary>
internal sealed partial class BlobCollectionLog
{
    private readonly IBlobStore _store;
    private readonly BlobWriteAheadLogOptions _options;
    private readonly BlobFragmentCache _fragmentCache;
    private readonly Guid _collectionId;
    private readonly string _manifestKey;

    // Names this writer's fragments apart from any other writer's: a conflict loser's orphan can
    // never occupy the key of a later fragment, so a create-only write is never blocked for good.
    private readonly ulong _writerToken = (ulong)Random.Shared.NextInt64(long.MinValue, long.MaxValue);
    private uint _fragmentSequence;

    private readonly object _pendingLock = new();
    private readonly List<BlobPendingAppend> _pending = [];
    private bool _flusherActive;
    private bool _dropped;

    private readonly SemaphoreSlim _manifestLock = new(1, 1);

    // The manifest as this process last committed (or read) it, so an owner's append costs two
    // blob writes and no read. Null whenever it may be stale: cleared before every manifest write
    // and restored only when that write succeeded, so any failure (conflict, network, an
    // ambiguous timeout) makes the next writer re-read the manifest.
    private ManifestSnapshot? _cached;

    public BlobCollectionLog(Guid collectionId, IBlobStore store, BlobWriteAheadLogOptions options, BlobFragmentCache fragmentCache)
    {
        _collectionId = collectionId;
        _store = store;
        _options = options;
        _fragmentCache = fragmentCache;
        _manifestKey = BlobLogFormat.ManifestKey(options.KeyPrefix, collectionId);
    }

    /// <summary>A manifest with the ETag it was read or written with; a null ETag means no manifest blob exists.</summary>
    private sealed record ManifestSnapshot(BlobLogManifest Manifest, string? ETag);

    public async Task<LogEntry> AppendAsync(OperationKind operation, RecordBatch records)
    {
        if (records.Count == 0) ThrowHelper.InvalidArgument("A log entry needs at least one record.");

        var encoded = new PooledBufferWriter((int)Math.Min(64L * records.Count, 1 << 20));
        BlobPendingAppend pending;
        try
        {
            RecordCodec.WriteBatch(encoded, operation, records);
            if (encoded.WrittenCount + sizeof(long) > BlobLogFormat.MaxPayloadSize)
                ThrowHelper.InvalidArgument($"The write is too large for one log entry ({encoded.WrittenCount} bytes encoded, at most {BlobLogFormat.MaxPayloadSize}).");
            pending = new BlobPendingAppend(operation, records, encoded);
        }
        catch (ChromaException)
        {
            encoded.Dispose();
            throw;
        }

        bool lead;
        lock (_pendingLock)
        {
            if (_dropped)
            {
                encoded.Dispose();
                throw Dropped();
            }

            _pending.Add(pending);
            lead = !_flusherActive;
            _flusherActive = true;
        }

        // The first appender of an idle log writes its own group inline (no thread hop when
        // uncontended). Appends that queued meanwhile form the next group, written from the pool
        // so this caller is answered as soon as its own group is committed.
        if (lead)
        {
            await FlushNextGroupAsync().ConfigureAwait(false);
            if (!TryGoIdle()) _ = Task.Run(DrainAsync);
        }

        return await pending.Completion.Task.ConfigureAwait(false);
    }

    private async Task DrainAsync()
    {
        do
        {
            await FlushNextGroupAsync().ConfigureAwait(false);
        }
        while (!TryGoIdle());
    }

    private bool TryGoIdle()
    {
        lock (_pendingLock)
        {
            if (_pending.Count > 0) return false;
            _flusherActive = false;
            return true;
        }
    }

    /// <summary>Takes what is queued (up to the fragment size limit, at least one) and commits it as one group. Never throws: the outcome goes to the waiters.</summary>
    private async Task FlushNextGroupAsync()
    {
        BlobPendingAppend[] group = TakeGroup();
        if (group.Length == 0) return;

        await _manifestLock.WaitAsync().ConfigureAwait(false);
        Task<LogEntry[]> write;
        try
        {
            write = WriteGroupAsync(group);
            // Whatever the store throws (its own exception types are unknown to the engine) is
            // handed to every waiter of the group below, not swallowed.
            await ((Task)write).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            _manifestLock.Release();
        }

        if (write.IsCompletedSuccessfully)
        {
            LogEntry[] entries = write.Result;
            for (int i = 0; i < group.Length; i++) group[i].Completion.TrySetResult(entries[i]);
        }
        else
        {
            Exception error = write.Exception?.InnerException ?? new OperationCanceledException("The log write was cancelled.");
            for (int i = 0; i < group.Length; i++) group[i].Completion.TrySetException(error);
        }

        for (int i = 0; i < group.Length; i++) group[i].Encoded.Dispose();
    }

    private BlobPendingAppend[] TakeGroup()
    {
        lock (_pendingLock)
        {
            int count = 0;
            long bytes = BlobLogFormat.FragmentHeaderSize;
            while (count < _pending.Count)
            {
                bytes += LogFileFormat.FramePrefixSize + _pending[count].Encoded.WrittenCount;
                if (count > 0 && bytes > _options.MaxFragmentBytes) break;
                count++;
            }

            BlobPendingAppend[] group = _pending.GetRange(0, count).ToArray();
            _pending.RemoveRange(0, count);
            return group;
        }
    }

    /// <summary>Runs under <c>_manifestLock</c>. Returns the group's entries (offsets assigned) once both blob writes succeeded.</summary>
    private async Task<LogEntry[]> WriteGroupAsync(BlobPendingAppend[] group)
    {
        for (int attempt = 0; ; attempt++)
        {
            ManifestSnapshot current = _cached ?? await LoadManifestAsync(CancellationToken.None).ConfigureAwait(false);
            _cached = null;

            using var fragment = new PooledBufferWriter(FragmentSizeEstimate(group));
            LogEntry[] entries = EncodeFragment(fragment, current.Manifest.NextOffset, group);
            string name = BlobLogFormat.FragmentName(entries[0].FirstOffset, _writerToken, ++_fragmentSequence);
            string fragmentKey = BlobLogFormat.FragmentKey(_options.KeyPrefix, _collectionId, name);
            var pointer = new BlobLogFragmentRef(
                entries[0].FirstOffset, entries[^1].LastOffset, name, fragment.WrittenCount, System.IO.Hashing.Crc32.HashToUInt32(fragment.WrittenSpan));

            if (await TryPutAsync(fragmentKey, fragment.WrittenMemory, BlobCondition.CreateOnly).ConfigureAwait(false) is not null)
            {
                BlobLogManifest next = current.Manifest.WithFragment(pointer);
                BlobCondition condition = current.ETag is null ? BlobCondition.CreateOnly : BlobCondition.Matching(current.ETag);
                if (await TryPutManifestAsync(next, condition).ConfigureAwait(false) is { } etag)
                {
                    _cached = new ManifestSnapshot(next, etag);
                    _fragmentCache.Add(fragmentKey, entries, pointer.Length);
                    return entries;
                }
            }

            _options.Log?.Invoke($"Write-ahead log of collection {_collectionId}: another writer committed first (attempt {attempt + 1}); fragment '{name}' is an orphan.");
            if (attempt >= _options.ConflictRetries) throw BlobWriteAheadLog.WriterConflict(_collectionId);
        }
    }

    private LogEntry[] EncodeFragment(PooledBufferWriter fragment, long firstOffset, BlobPendingAppend[] group)
    {
        fragment.GetSpan(BlobLogFormat.FragmentHeaderSize);
        fragment.Advance(BlobLogFormat.FragmentHeaderSize);
        var entries = new LogEntry[group.Length];
        long offset = firstOffset;
        for (int i = 0; i < group.Length; i++)
        {
            BlobPendingAppend pending = group[i];
            BlobLogFormat.WriteFrame(fragment, offset, pending.Encoded.WrittenSpan);
            entries[i] = new LogEntry(offset, pending.Operation, pending.Records);
            offset += pending.Records.Count;
        }

        BlobLogFormat.WriteFragmentHeader(
            fragment.GetWrittenSpan(0, BlobLogFormat.FragmentHeaderSize), _collectionId, firstOffset, offset - 1, group.Length);
        return entries;
    }

    private static int FragmentSizeEstimate(BlobPendingAppend[] group)
    {
        long size = BlobLogFormat.FragmentHeaderSize;
        for (int i = 0; i < group.Length; i++) size += LogFileFormat.FramePrefixSize + group[i].Encoded.WrittenCount;
        return (int)Math.Min(size, Array.MaxLength);
    }

    private async Task<string?> TryPutManifestAsync(BlobLogManifest manifest, BlobCondition condition, CancellationToken ct = default)
    {
        using var buffer = new PooledBufferWriter(BlobLogFormat.ManifestHeaderSize + 64 * manifest.Fragments.Length);
        manifest.Write(buffer);
        return await TryPutAsync(_manifestKey, buffer.WrittenMemory, condition, ct).ConfigureAwait(false);
    }

    /// <summary>The new ETag, or null when the condition did not hold (another writer got there first).</summary>
    private async Task<string?> TryPutAsync(string key, ReadOnlyMemory<byte> content, BlobCondition condition, CancellationToken ct = default)
    {
        if (!MemoryMarshal.TryGetArray(content, out ArraySegment<byte> segment))
            throw new InvalidOperationException("Blob content must be array-backed.");
        using var stream = new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false);
        try
        {
            return await _store.PutAsync(key, stream, condition, ct).ConfigureAwait(false);
        }
        catch (BlobConditionFailedException)
        {
            return null;
        }
    }

    private ChromaException Dropped() =>
        new(ChromaErrorCode.NotFound, $"The log of collection {_collectionId} was dropped.");
}
