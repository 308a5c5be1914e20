using System.Collections.Concurrent;
using Chroma.Core.Log;
using Chroma.Core.Model;
using Chroma.Core.Segments;

namespace Chroma.Core.Execution;

/// <summary>
/// Per collection: the latest index version in memory and the materialized log tail after
/// it. <see cref="GetViewAsync"/> asks the log for its latest offset on every read and folds
/// in whatever is new, so a read sees every acknowledged write (FetchLog of Chroma's plan).
/// <para>
/// With a memory budget, loading or installing a version that takes the cached versions over it
/// drops the least recently used collections (never the one just loaded) until they fit again;
/// their next read loads the registered version from the segment store. Reads already running on
/// a dropped version finish on it. A version larger than the whole budget stays cached alone.
/// A dropped collection's version number is remembered: a reader holding an older
/// <see cref="CollectionInfo"/> (an embedded collection handle) must not load a version whose log
/// has since been cut.
/// </para>
/// </summary>
public sealed class CollectionViewCache
{
    /// <summary>Attempts of a read whose collection was dropped from the cache while it ran.</summary>
    private const int EvictedReadAttempts = 3;

    private readonly IWriteAheadLog _log;
    private readonly ISegmentStore _segments;
    private readonly long _memoryBudgetBytes;
    private readonly ConcurrentDictionary<Guid, CollectionState> _states = new();
    private readonly ConcurrentDictionary<Guid, long> _droppedVersions = new();
    private readonly Lock _trimLock = new();
    private long _useClock;

    /// <param name="memoryBudgetBytes">
    /// Bytes of index versions to keep in memory (<see cref="CollectionSegment.EstimatedBytes"/>);
    /// <see cref="long.MaxValue"/> keeps every collection read since start.
    /// </param>
    public CollectionViewCache(IWriteAheadLog log, ISegmentStore segments, long memoryBudgetBytes = long.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(memoryBudgetBytes);
        _log = log;
        _segments = segments;
        _memoryBudgetBytes = memoryBudgetBytes;
    }

    /// <summary>Collections whose version is in memory now.</summary>
    public int CachedCount => _states.Count;

    /// <summary>Estimated bytes of the versions in memory now.</summary>
    public long CachedBytes
    {
        get
        {
            long bytes = 0;
            foreach (KeyValuePair<Guid, CollectionState> pair in _states) bytes += pair.Value.Segment.EstimatedBytes;
            return bytes;
        }
    }

    public async ValueTask<CollectionView> GetViewAsync(CollectionInfo collection, CancellationToken ct = default)
    {
        for (int attempt = 1; ; attempt++)
        {
            CollectionState state = await GetStateAsync(collection, ct).ConfigureAwait(false);
            try
            {
                return await GetViewAsync(collection, state, ct).ConfigureAwait(false);
            }
            catch (ChromaException e) when (e.Code == ChromaErrorCode.DataLoss && state.Evicted && attempt < EvictedReadAttempts)
            {
                // The collection was dropped from the cache during this read, so a newer version
                // went to the state that replaced this one, and the log may already be cut past
                // ours. Read again through the current state.
            }
        }
    }

    private async ValueTask<CollectionView> GetViewAsync(CollectionInfo collection, CollectionState state, CancellationToken ct)
    {
        long latest = await _log.ScoutAsync(collection.Id, ct).ConfigureAwait(false);
        CollectionView view = state.View;
        if (view.LastOffset >= latest && ReferenceEquals(view.Segment, state.Segment)) return view;

        await state.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            view = state.View;
            CollectionSegment segment = state.Segment;
            if (view.LastOffset >= latest && ReferenceEquals(view.Segment, segment)) return view;

            // A new index version replaces the tail's base: refold the tail from its position.
            bool rebase = !ReferenceEquals(view.Segment, segment);
            long after = rebase ? segment.LogPosition : view.LastOffset;
            var materializer = new LogMaterializer(segment, rebase ? null : view.Tail);
            long last = after;
            while (last < latest)
            {
                IReadOnlyList<LogEntry> entries = await _log.ReadAsync(collection.Id, last, int.MaxValue, ct).ConfigureAwait(false);
                // Nothing after `last` although the log reached `latest`: everything up to there was
                // dropped, the same gap as a first entry past last + 1.
                long nextAvailable = entries.Count == 0 ? latest + 1 : entries[0].FirstOffset;
                if (nextAvailable > last + 1)
                {
                    // The log dropped entries after our version's position: a newer version that
                    // covers them was installed meanwhile (installs precede log truncation). Refold on it.
                    // In distributed mode the newer version is registered by another process and this
                    // cache has not loaded it: DataLoss, and the reader retries with the catalog's version.
                    segment = state.Segment;
                    if (segment.LogPosition < nextAvailable - 1)
                        ThrowHelper.DataCorrupted($"Log of collection {collection.Id} is missing offsets {last + 1}..{nextAvailable - 1}.");
                    materializer = new LogMaterializer(segment);
                    last = segment.LogPosition;
                    continue;
                }

                foreach (LogEntry entry in entries)
                {
                    materializer.Apply(entry);
                    last = entry.LastOffset;
                }
            }

            view = new CollectionView(segment, materializer.Changes, Math.Max(last, segment.LogPosition));
            state.View = view;
            return view;
        }
        finally
        {
            state.Gate.Release();
        }
    }

    /// <summary>The index version in memory (loading the registered one on first use).</summary>
    public async ValueTask<CollectionSegment> GetSegmentAsync(CollectionInfo collection, CancellationToken ct = default) =>
        (await GetStateAsync(collection, ct).ConfigureAwait(false)).Segment;

    /// <summary>Publishes a newly registered version; later reads use it.</summary>
    public void Install(CollectionSegment segment)
    {
        // GetOrAdd then install: a concurrent first load of an older version must not win. A state
        // dropped from the cache in between would take the version with it: install it again.
        CollectionState state;
        do
        {
            state = _states.GetOrAdd(segment.CollectionId, static (_, s) => new CollectionState(s), segment);
            state.InstallIfNewer(segment);
        }
        while (state.Evicted);

        Touch(state);
        TrimToBudget(segment.CollectionId);
    }

    /// <summary>Forgets the collection (deleted, or its registration failed): the next read loads the version its caller names.</summary>
    public void Evict(Guid collectionId)
    {
        _droppedVersions.TryRemove(collectionId, out _);
        if (_states.TryRemove(collectionId, out CollectionState? state)) state.Evicted = true;
    }

    public void Clear()
    {
        foreach (Guid id in _states.Keys) Evict(id);
        _droppedVersions.Clear();
    }

    private async ValueTask<CollectionState> GetStateAsync(CollectionInfo collection, CancellationToken ct)
    {
        if (!_states.TryGetValue(collection.Id, out CollectionState? state))
        {
            long version = collection.Version;
            if (_droppedVersions.TryGetValue(collection.Id, out long dropped) && dropped > version) version = dropped;
            CollectionSegment loaded = await _segments.LoadAsync(collection.Id, version, ct).ConfigureAwait(false);
            state = _states.GetOrAdd(collection.Id, new CollectionState(loaded));
            Touch(state);
            TrimToBudget(collection.Id);
            return state;
        }

        Touch(state);
        if (collection.Version > state.Segment.Version)
        {
            // Another process (the compactor of distributed mode) registered a newer version.
            await state.Gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                if (collection.Version > state.Segment.Version)
                    state.InstallIfNewer(await _segments.LoadAsync(collection.Id, collection.Version, ct).ConfigureAwait(false));
            }
            finally
            {
                state.Gate.Release();
            }

            TrimToBudget(collection.Id);
        }

        return state;
    }

    private void Touch(CollectionState state) => Volatile.Write(ref state.LastUse, Interlocked.Increment(ref _useClock));

    /// <summary>Drops least recently used collections, other than <paramref name="keep"/>, until the rest fit the budget.</summary>
    private void TrimToBudget(Guid keep)
    {
        if (_memoryBudgetBytes == long.MaxValue) return;
        lock (_trimLock)
        {
            long total = 0;
            List<(long LastUse, Guid Id, long Bytes)>? candidates = null;
            foreach (KeyValuePair<Guid, CollectionState> pair in _states)
            {
                long bytes = pair.Value.Segment.EstimatedBytes;
                total += bytes;
                if (pair.Key != keep) (candidates ??= []).Add((Volatile.Read(ref pair.Value.LastUse), pair.Key, bytes));
            }

            if (total <= _memoryBudgetBytes || candidates is null) return;
            candidates.Sort(static (a, b) => a.LastUse.CompareTo(b.LastUse));
            foreach ((long _, Guid id, long bytes) in candidates)
            {
                if (total <= _memoryBudgetBytes) break;
                if (_states.TryRemove(id, out CollectionState? state))
                {
                    state.Evicted = true;
                    long version = state.Segment.Version;
                    _droppedVersions.AddOrUpdate(id, version, (_, known) => Math.Max(known, version));
                    total -= bytes;
                }
            }
        }
    }

    private sealed class CollectionState
    {
        private CollectionSegment _segment;

        public CollectionState(CollectionSegment segment)
        {
            _segment = segment;
            _view = new CollectionView(segment, new Dictionary<string, TailChange>(StringComparer.Ordinal), segment.LogPosition);
        }

        /// <summary>Value of the cache's use clock at the last read or install (for LRU).</summary>
        public long LastUse;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>Set once this state is out of the cache: installs no longer reach it.</summary>
        public bool Evicted
        {
            get => Volatile.Read(ref _evicted);
            set => Volatile.Write(ref _evicted, value);
        }

        private bool _evicted;

        public CollectionSegment Segment => Volatile.Read(ref _segment);

        /// <summary>Versions only move forward, whoever installs them and in whatever order.</summary>
        public void InstallIfNewer(CollectionSegment segment)
        {
            CollectionSegment current = Segment;
            while (segment.Version > current.Version)
            {
                CollectionSegment seen = Interlocked.CompareExchange(ref _segment, segment, current);
                if (ReferenceEquals(seen, current))
                {
                    // Drop the view over the replaced version now rather than at the next read, so
                    // the old version (graph links, columns, filter indexes) can be collected. The
                    // next read folds in whatever the log holds past the new version.
                    View = new CollectionView(segment, new Dictionary<string, TailChange>(StringComparer.Ordinal), segment.LogPosition);
                    return;
                }

                current = seen;
            }
        }

        private CollectionView _view;

        public CollectionView View
        {
            get => Volatile.Read(ref _view);
            set => Volatile.Write(ref _view, value);
        }
    }
}
