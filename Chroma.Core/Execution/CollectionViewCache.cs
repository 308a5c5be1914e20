using System.Collections.Concurrent;
using Chroma.Core.Log;
using Chroma.Core.Model;
using Chroma.Core.Segments;

namespace Chroma.Core.Execution;

/// <summary>
/// Per collection: the latest index version in memory and the materialized log tail after
/// it. <see cref="GetViewAsync"/> asks the log for its latest offset on every read and folds
/// in whatever is new, so a read sees every acknowledged write (FetchLog of Chroma's plan).
/// </summary>
public sealed class CollectionViewCache
{
    private readonly IWriteAheadLog _log;
    private readonly ISegmentStore _segments;
    private readonly ConcurrentDictionary<Guid, CollectionState> _states = new();

    public CollectionViewCache(IWriteAheadLog log, ISegmentStore segments)
    {
        _log = log;
        _segments = segments;
    }

    public async ValueTask<CollectionView> GetViewAsync(CollectionInfo collection, CancellationToken ct = default)
    {
        CollectionState state = await GetStateAsync(collection, ct).ConfigureAwait(false);
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
        // GetOrAdd then install: a concurrent first load of an older version must not win.
        _states.GetOrAdd(segment.CollectionId, static (_, s) => new CollectionState(s), segment).InstallIfNewer(segment);
    }

    public void Evict(Guid collectionId) => _states.TryRemove(collectionId, out _);

    public void Clear() => _states.Clear();

    private async ValueTask<CollectionState> GetStateAsync(CollectionInfo collection, CancellationToken ct)
    {
        if (!_states.TryGetValue(collection.Id, out CollectionState? state))
        {
            CollectionSegment loaded = await _segments.LoadAsync(collection.Id, collection.Version, ct).ConfigureAwait(false);
            return _states.GetOrAdd(collection.Id, new CollectionState(loaded));
        }

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
        }

        return state;
    }

    private sealed class CollectionState
    {
        private CollectionSegment _segment;

        public CollectionState(CollectionSegment segment)
        {
            _segment = segment;
            _view = new CollectionView(segment, new Dictionary<string, TailChange>(StringComparer.Ordinal), segment.LogPosition);
        }

        public SemaphoreSlim Gate { get; } = new(1, 1);

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
