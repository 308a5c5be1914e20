using System.Threading.Channels;
using Chroma.Core.Catalog;
using Chroma.Core.Execution;
using Chroma.Core.Log;
using Chroma.Core.Memory;
using Chroma.Core.Model;
using Chroma.Core.Segments;

namespace Chroma.Core.Compaction;

/// <summary>
/// Builds index versions from the log (Chroma's compaction orchestrator):
/// <code>
/// FetchLog (after the version's position) -> Materialize -> ApplyLogToSegmentWriter (SegmentBuilder)
///   -> Flush (segment files to blob storage) -> Register (catalog CAS on version)
///   -> Install (readers switch) -> AdvanceCompaction (log drops what is covered) -> delete old files
/// </code>
/// Ordering is what makes it crash safe: files are complete before the version is registered,
/// and the log drops entries only after the registration that covers them. A crash at any
/// point leaves either the old version with its full tail or the new one with a shorter tail.
/// </summary>
public sealed class Compactor : IAsyncDisposable
{
    private readonly ICatalog _catalog;
    private readonly IWriteAheadLog _log;
    private readonly ISegmentStore _segments;
    private readonly CollectionViewCache _views;
    private readonly Action<string>? _logError;
    private readonly int _reservedCores;
    private readonly Channel<Guid> _pending = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<Guid> _queued = new();
    private readonly SemaphoreSlim _compactGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>Labels of versions replaced since the last release of their memory.</summary>
    private long _replacedLabels;

    private const long ReleaseThresholdLabels = ResidentMemory.LargeBuildLabels;

    /// <param name="reservedCores">
    /// Cores the index build leaves to other work (<see cref="SegmentBuilder.BuildThreads"/>): 1 where
    /// the process or the machine also serves requests, 0 on a node that only compacts.
    /// </param>
    public Compactor(ICatalog catalog, IWriteAheadLog log, ISegmentStore segments, CollectionViewCache views, Action<string>? logError = null, int reservedCores = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(reservedCores);
        _catalog = catalog;
        _log = log;
        _segments = segments;
        _views = views;
        _logError = logError;
        _reservedCores = reservedCores;
    }

    /// <summary>Starts compacting in the background whenever <see cref="Notify"/> is called.</summary>
    public void Start() => _loop ??= Task.Run(RunAsync);

    /// <summary>New log entries exist for the collection.</summary>
    public void Notify(Guid collectionId)
    {
        lock (_queued)
        {
            if (!_queued.Add(collectionId)) return;
        }

        _pending.Writer.TryWrite(collectionId);
    }

    /// <summary>
    /// Compacts everything the log holds for the collection now. Returns false when there was
    /// nothing to do, the collection is gone, or another compaction registered first.
    /// </summary>
    public async Task<bool> CompactAsync(Guid collectionId, CancellationToken ct = default)
    {
        await _compactGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await CompactOnceAsync(collectionId, ct).ConfigureAwait(false);
        }
        finally
        {
            _compactGate.Release();
        }
    }

    private async Task<bool> CompactOnceAsync(Guid collectionId, CancellationToken ct)
    {
        CollectionInfo collection;
        try
        {
            collection = await _catalog.GetCollectionByIdAsync(collectionId, ct: ct).ConfigureAwait(false);
        }
        catch (ChromaException e) when (e.Code == ChromaErrorCode.NotFound)
        {
            return false; // deleted meanwhile; its log and files went with it
        }

        CollectionSegment current = await _views.GetSegmentAsync(collection, ct).ConfigureAwait(false);
        long latest = await _log.ScoutAsync(collectionId, ct).ConfigureAwait(false);
        if (latest <= current.LogPosition) return false;

        var materializer = new LogMaterializer(current);
        long last = current.LogPosition;
        while (last < latest)
        {
            IReadOnlyList<LogEntry> entries = await _log.ReadAsync(collectionId, last, int.MaxValue, ct).ConfigureAwait(false);
            if (entries.Count == 0) break;
            foreach (LogEntry entry in entries)
            {
                materializer.Apply(entry);
                last = entry.LastOffset;
            }
        }

        if (last <= current.LogPosition) return false;
        long version = current.Version + 1;
        CollectionSegment next;
        if (materializer.Changes.Count == 0)
        {
            next = current.WithVersion(version, last);
        }
        else
        {
            // Re-read the dimension: the writer fixed it in the catalog before the first append.
            int dimension = collection.Dimension
                ?? (await _catalog.GetCollectionByIdAsync(collectionId, ct: ct).ConfigureAwait(false)).Dimension
                ?? ThrowHelper.InvalidArgument<int>($"Collection {collectionId} has records but no dimension.");
            HnswConfiguration hnsw = collection.Configuration.Hnsw;
            // While writes keep arriving, build on one thread and leave the other cores to the
            // requests (and the clients) feeding them; the catch-up build once they stop uses all.
            if (!IsIdle()) hnsw = hnsw with { NumThreads = 1 };
            next = SegmentBuilder.Build(current, materializer.Changes, version, last, dimension, hnsw, _reservedCores);
        }

        await _segments.SaveAsync(next, ct).ConfigureAwait(false);

        // Installed before it is registered: a read that sees the new version in the catalog while the
        // in-memory one is still the old would load the whole version back from its files (hundreds of
        // milliseconds and a second copy in memory at 100k records; seen under a client polling during
        // ingest). Serving it early is safe: it holds only durable log entries, and a read folds the
        // tail from its LogPosition. If registration fails the view is evicted and reloaded.
        _views.Install(next);
        bool registered;
        try
        {
            registered = await _catalog.RegisterVersionAsync(collectionId, current.Version, version, last, ct).ConfigureAwait(false);
        }
        catch (ChromaException e) when (e.Code == ChromaErrorCode.NotFound)
        {
            // Deleted while we built: its data was dropped before our files landed, so drop them too.
            _views.Evict(collectionId);
            await _segments.DropAsync(collectionId, ct).ConfigureAwait(false);
            return false;
        }
        catch
        {
            _views.Evict(collectionId);
            throw;
        }

        if (!registered)
        {
            _views.Evict(collectionId); // someone else registered: reload from the catalog next time
            return false;
        }

        Interlocked.Add(ref _replacedLabels, current.LabelCount);
        await _log.AdvanceCompactionAsync(collectionId, last, ct).ConfigureAwait(false);
        await _segments.DeleteOlderVersionsAsync(collectionId, version, ct).ConfigureAwait(false);
        return true;
    }

    private async Task RunAsync()
    {
        CancellationToken ct = _stop.Token;
        try
        {
            await foreach (Guid collectionId in _pending.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                lock (_queued)
                {
                    _queued.Remove(collectionId);
                }

                try
                {
                    await CompactAsync(collectionId, ct).ConfigureAwait(false);
                    if (IsIdle()) ReleaseReplacedVersions();
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    // The background loop is a host boundary: one collection's failure must not stop
                    // compaction of the others. Nothing is lost: the log keeps every entry until a
                    // version covering it is registered, and the next write retries.
                    _logError?.Invoke($"Compaction of collection {collectionId} failed: {e}");
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Once the write burst is over (nothing queued), hands the memory of replaced index versions
    /// back to the operating system. A replaced version is large (every vector's links, the record
    /// columns, its filter indexes) and dies all at once; left to the collector's own pace it keeps
    /// the process resident at several times its live data. One full compacting collection at an
    /// idle moment costs a short pause where nobody is writing.
    /// </summary>
    private bool IsIdle()
    {
        lock (_queued)
        {
            return _queued.Count == 0;
        }
    }

    private void ReleaseReplacedVersions()
    {
        if (Volatile.Read(ref _replacedLabels) < ReleaseThresholdLabels) return;
        Interlocked.Exchange(ref _replacedLabels, 0);
        ResidentMemory.ReleaseNow();
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        _stop.Cancel();
        if (_loop is not null) await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
