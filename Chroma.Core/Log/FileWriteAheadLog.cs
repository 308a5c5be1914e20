using System.Collections.Concurrent;
using Chroma.Core.Log.Local;
using Chroma.Core.Model;

namespace Chroma.Core.Log;

/// <summary>
/// The write-ahead log of the local modes: append-only segment files, one folder per collection
/// (<c>{root}/{collectionId:N}/</c>), format in <see cref="LogFileFormat"/>.
/// <list type="bullet">
/// <item>Durable: an append completes after its frame is fsynced. Concurrent appends to a
///   collection are group-committed (one write and one fsync for everything queued).</item>
/// <item>Atomic: one frame per entry, so a multi-record write is wholly present or wholly absent.</item>
/// <item>Recovered lazily: a collection's segments are verified (and a torn tail cut) the first
///   time it is used, so one damaged collection does not stop the others.</item>
/// <item>Exclusive: a lock file keeps a second process from opening the same root.</item>
/// </list>
/// Collections are independent: their appends and reads never wait on each other.
/// </summary>
public sealed class FileWriteAheadLog : IWriteAheadLog, IDisposable
{
    private const string LockFileName = ".lock";

    private readonly FileWriteAheadLogOptions _options;
    private readonly ConcurrentDictionary<Guid, CollectionLog> _logs = new();
    private readonly object _openLock = new();
    private readonly FileStream _rootLock;
    private bool _disposed;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, byte> _dropped = new();

    public FileWriteAheadLog(FileWriteAheadLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.RootPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SegmentSizeBytes, 1024L);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CacheRecordsPerCollection, 0);
        _options = options with { RootPath = Path.GetFullPath(options.RootPath) };
        Directory.CreateDirectory(_options.RootPath);
        string lockPath = Path.Combine(_options.RootPath, LockFileName);
        try
        {
            // FileShare.None takes an exclusive lock (flock on Unix), released if the process dies.
            _rootLock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new ChromaException(ChromaErrorCode.FailedPrecondition,
                $"The write-ahead log folder '{_options.RootPath}' is in use by another process ({ex.Message}).");
        }
    }

    public FileWriteAheadLog(string rootPath, Action<string>? log = null)
        : this(new FileWriteAheadLogOptions { RootPath = rootPath, Log = log })
    {
    }

    public string RootPath => _options.RootPath;

    public ValueTask<LogEntry> AppendAsync(Guid collectionId, OperationKind operation, RecordBatch records, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        // Cancellation is honoured only before the entry is queued: once queued it may already be durable.
        ct.ThrowIfCancellationRequested();
        return new ValueTask<LogEntry>(GetOrOpen(collectionId).AppendAsync(operation, records));
    }

    public ValueTask<IReadOnlyList<LogEntry>> ReadAsync(Guid collectionId, long afterOffset, int maxRecords, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return ValueTask.FromResult(GetOrOpen(collectionId).Read(afterOffset, maxRecords));
    }

    public ValueTask<long> ScoutAsync(Guid collectionId, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return ValueTask.FromResult(GetOrOpen(collectionId).DurableOffset);
    }

    public ValueTask AdvanceCompactionAsync(Guid collectionId, long offset, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        GetOrOpen(collectionId).AdvanceCompaction(offset);
        return ValueTask.CompletedTask;
    }

    public ValueTask DropAsync(Guid collectionId, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_openLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // Collection ids are never reused: remember the drop so a write that raced the delete
            // fails instead of recreating the folder as an orphan.
            _dropped[collectionId] = 0;
            if (_logs.TryRemove(collectionId, out CollectionLog? log))
            {
                log.Drop();
            }
            else
            {
                // Never opened (or unreadable): the folder goes all the same.
                string directory = CollectionDirectory(collectionId);
                if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The collections that have a log folder, without opening (recovering) any of them: a damaged
    /// log then fails only its own collection, when it is first used.
    /// </summary>
    public IReadOnlyList<Guid> ListCollections()
    {
        var found = new List<Guid>();
        foreach (string directory in Directory.EnumerateDirectories(_options.RootPath))
        {
            if (Guid.TryParseExact(Path.GetFileName(directory), "N", out Guid collectionId)) found.Add(collectionId);
        }

        return found;
    }

    /// <summary>
    /// Recovers every collection folder now instead of at first use: for hosts that prefer to
    /// fail at start-up on a damaged log. Returns the collections found.
    /// </summary>
    public IReadOnlyList<Guid> RecoverAll()
    {
        IReadOnlyList<Guid> found = ListCollections();
        foreach (Guid collectionId in found) GetOrOpen(collectionId);
        return found;
    }

    public void Dispose()
    {
        lock (_openLock)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (CollectionLog log in _logs.Values) log.Dispose();
            _logs.Clear();
            _rootLock.Dispose();
        }
    }

    private CollectionLog GetOrOpen(Guid collectionId)
    {
        if (_logs.TryGetValue(collectionId, out CollectionLog? log)) return log;

        // Opening recovers from disk: done once per collection, under a lock so two callers never
        // recover the same folder concurrently. A failed open is not cached: the next call retries.
        lock (_openLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_logs.TryGetValue(collectionId, out log)) return log;
            if (_dropped.ContainsKey(collectionId)) ThrowHelper.CollectionNotFound(collectionId);
            log = CollectionLog.Open(collectionId, CollectionDirectory(collectionId), _options);
            _logs[collectionId] = log;
            return log;
        }
    }

    private string CollectionDirectory(Guid collectionId) => Path.Combine(_options.RootPath, collectionId.ToString("N"));
}
