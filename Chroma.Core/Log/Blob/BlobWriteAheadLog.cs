using System.Collections.Concurrent;
using Chroma.Core.Model;
using Chroma.Core.Storage;

namespace Chroma.Core.Log.Blob;

/// <summary>
/// The write-ahead log of distributed mode, on blob storage (after Chroma's wal3). Per
/// collection, immutable fragment blobs hold the entries and one manifest blob lists them; the
/// format is in <see cref="BlobLogFormat"/>.
/// <list type="bullet">
/// <item>Durable: an append completes only after its fragment and the manifest listing it are
///   both written. Concurrent appends to a collection are group-committed: one fragment and one
///   manifest write for everything queued. A failed group fails all of its appends; none was acknowledged.</item>
/// <item>Safe with several writers: fragments are created only if absent, the manifest replaced
///   only If-Match its ETag. The loser of a race gets a <see cref="ChromaException"/> with
///   <see cref="ChromaErrorCode.Aborted"/> (see <see cref="IsWriterConflict"/>) and nothing it wrote
///   becomes visible; retrying the write (the gateway does, on the collection's owner) is safe.</item>
/// <item>Cheap for the owner: the manifest and ETag it last wrote are cached, so an append costs
///   two blob writes and no read; after a conflict the cache is dropped and re-read.</item>
/// <item>Reads and scouts re-read the manifest every time (never stale: another process may be
///   the writer); fragments are cached in memory by key, being immutable.</item>
/// </list>
/// An append whose manifest write fails without an answer (a timeout) is reported failed but may
/// have been committed, as with any remote store; the writer re-reads the manifest before its next group.
/// </summary>
public sealed class BlobWriteAheadLog : IWriteAheadLog
{
    private const string ManifestSuffix = "/" + BlobLogFormat.ManifestName;

    private readonly IBlobStore _store;
    private readonly BlobWriteAheadLogOptions _options;
    private readonly BlobFragmentCache _fragmentCache;
    private readonly ConcurrentDictionary<Guid, BlobCollectionLog> _logs = new();

    // Collections that may have uncompacted records, each with the mark of its latest sighting
    // (an append or a listing). A check that finds one compacted removes it only if its mark is
    // unchanged, so an append that lands meanwhile keeps it. See GetUncompactedAsync.
    private readonly ConcurrentDictionary<Guid, long> _maybeUncompacted = new();
    private long _markClock;
    private long _lastFullScanTicks;
    private bool _scanned;

    public BlobWriteAheadLog(IBlobStore store, BlobWriteAheadLogOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new BlobWriteAheadLogOptions();
        ArgumentNullException.ThrowIfNull(options.KeyPrefix);
        if (options.KeyPrefix.Length > 0 && !options.KeyPrefix.EndsWith('/'))
            throw new ArgumentException("The key prefix must be empty or end with '/'.", nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFragmentBytes, 1024);
        ArgumentOutOfRangeException.ThrowIfNegative(options.FragmentCacheBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(options.ConflictRetries);
        _store = store;
        _options = options;
        _fragmentCache = new BlobFragmentCache(options.FragmentCacheBytes);
    }

    /// <summary>True when <paramref name="exception"/> is the conflict a losing writer gets: retry the write, ideally on the collection's owner.</summary>
    public static bool IsWriterConflict(Exception exception) => exception is ChromaException { Code: ChromaErrorCode.Aborted };

    public ValueTask<LogEntry> AppendAsync(Guid collectionId, OperationKind operation, RecordBatch records, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        // Cancellation is honoured only before the entry is queued: once queued it may already be committed.
        ct.ThrowIfCancellationRequested();
        return AppendAndMarkAsync(collectionId, GetOrAdd(collectionId).AppendAsync(operation, records));
    }

    private async ValueTask<LogEntry> AppendAndMarkAsync(Guid collectionId, Task<LogEntry> append)
    {
        LogEntry entry = await append.ConfigureAwait(false);
        // Marked once durable: a scheduler check that read the manifest before this append sees
        // the mark changed and keeps the collection.
        Mark(collectionId);
        return entry;
    }

    private void Mark(Guid collectionId) => _maybeUncompacted[collectionId] = Interlocked.Increment(ref _markClock);

    public ValueTask<IReadOnlyList<LogEntry>> ReadAsync(Guid collectionId, long afterOffset, int maxRecords, CancellationToken ct = default) =>
        new(GetOrAdd(collectionId).ReadAsync(afterOffset, maxRecords, ct));

    public ValueTask<long> ScoutAsync(Guid collectionId, CancellationToken ct = default) =>
        new(GetOrAdd(collectionId).ScoutAsync(ct));

    public ValueTask AdvanceCompactionAsync(Guid collectionId, long offset, CancellationToken ct = default) =>
        new(GetOrAdd(collectionId).AdvanceCompactionAsync(offset, ct));

    public async ValueTask DropAsync(Guid collectionId, CancellationToken ct = default)
    {
        _maybeUncompacted.TryRemove(collectionId, out _);
        if (_logs.TryRemove(collectionId, out BlobCollectionLog? log))
            await log.DropAsync(ct).ConfigureAwait(false);
        else
            await BlobCollectionLog.DeleteCollectionBlobsAsync(_store, _options.KeyPrefix, collectionId, ct).ConfigureAwait(false);
    }

    /// <summary>Collections that have a log (a manifest blob), in no particular order.</summary>
    public async Task<IReadOnlyList<Guid>> ListCollectionsAsync(CancellationToken ct = default)
    {
        // IBlobStore lists recursively, so this walks fragment keys too; the compaction scheduler
        // calls it rarely, and compaction keeps the fragment count per collection small.
        IReadOnlyList<string> keys = await _store.ListAsync(_options.KeyPrefix, ct).ConfigureAwait(false);
        var collections = new List<Guid>();
        int prefixLength = _options.KeyPrefix.Length;
        foreach (string key in keys)
        {
            if (key.Length != prefixLength + 32 + ManifestSuffix.Length || !key.StartsWith(_options.KeyPrefix, StringComparison.Ordinal)
                || !key.EndsWith(ManifestSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            if (Guid.TryParseExact(key.AsSpan(prefixLength, 32), "N", out Guid collectionId)) collections.Add(collectionId);
        }

        return collections;
    }

    /// <summary>
    /// For a compaction scheduler: every collection with records past its compaction offset,
    /// with its last and compaction offsets (read from the manifests now). Collections appended to
    /// through this instance are reported at once; logs only other writers appended to are found
    /// by the listing of every log, at most every <see cref="BlobWriteAheadLogOptions.FullScanInterval"/>
    /// (and on the first call). Overlapping calls are safe: at worst both list.
    /// </summary>
    public async Task<IReadOnlyList<BlobLogCollectionStatus>> GetUncompactedAsync(CancellationToken ct = default)
    {
        long now = Environment.TickCount64;
        if (!_scanned || now - _lastFullScanTicks >= _options.FullScanInterval.TotalMilliseconds)
        {
            foreach (Guid listed in await ListCollectionsAsync(ct).ConfigureAwait(false)) Mark(listed);
            _lastFullScanTicks = now;
            _scanned = true;
        }

        var result = new List<BlobLogCollectionStatus>();
        foreach ((Guid collectionId, long mark) in _maybeUncompacted)
        {
            // A collection dropped since it was marked has no manifest any more: forget it too.
            if (await GetOrAdd(collectionId).GetStatusAsync(ct).ConfigureAwait(false) is { } status && status.LastOffset > status.CompactionOffset)
                result.Add(new BlobLogCollectionStatus(collectionId, status.LastOffset, status.CompactionOffset));
            else
                _maybeUncompacted.TryRemove(new KeyValuePair<Guid, long>(collectionId, mark));
        }

        return result;
    }

    internal static ChromaException WriterConflict(Guid collectionId) =>
        new(ChromaErrorCode.Aborted,
            $"Another writer committed to the log of collection {collectionId} concurrently; this write was not committed and can be retried.");

    private BlobCollectionLog GetOrAdd(Guid collectionId)
    {
        if (_logs.TryGetValue(collectionId, out BlobCollectionLog? log)) return log;
        // Construction does no I/O, so losing the race to another caller costs nothing.
        return _logs.GetOrAdd(collectionId, id => new BlobCollectionLog(id, _store, _options, _fragmentCache));
    }
}
