using Chroma.Core.Model;
using Chroma.Core.Storage;
using Chroma.Core.Storage.Codec;
using Microsoft.Win32.SafeHandles;

namespace Chroma.Core.Log.Local;

/// <summary>
/// The log of one collection: its segment files, offsets, cache and group commit.
/// <para>Locks, taken in this order when nested:</para>
/// <list type="number">
/// <item><c>_writeLock</c>: file mutation (writing a group, rolling, compaction, drop, close); at most one writer.</item>
/// <item><c>_filesLock</c> (read/write): disk readers hold it shared while reading segment files;
///   whoever deletes segment files holds it exclusively, so a reader never loses a file mid-read.</item>
/// <item><c>_stateLock</c>: the segment list, lengths, offsets and cache; held briefly, never over I/O.</item>
/// </list>
/// <c>_pendingLock</c> (the queue of appends and the "a writer is running" flag) is a leaf: nothing
/// else is taken while it is held, so it may be taken under any of the others.
/// </summary>
internal sealed partial class CollectionLog : IDisposable
{
    private readonly Guid _collectionId;
    private readonly string _directory;
    private readonly FileWriteAheadLogOptions _options;

    private readonly object _pendingLock = new();
    private List<PendingAppend> _pending = [];
    private List<PendingAppend> _spare = [];
    private bool _writerActive;

    private readonly object _writeLock = new();
    private readonly ReaderWriterLockSlim _filesLock = new(LockRecursionPolicy.NoRecursion);
    private readonly object _stateLock = new();

    private readonly List<LogSegment> _segments = [];
    private readonly RecentEntryCache _cache;
    private readonly List<ReadOnlyMemory<byte>> _gather = [];
    private long _nextOffset = 1;
    private long _durableOffset;
    private long _compactedOffset;
    private bool _directoryCreated;

    // Set once (under _pendingLock) when the log stops taking writes; makes the error each later append gets.
    private volatile Func<Exception>? _closed;

    private CollectionLog(Guid collectionId, string directory, FileWriteAheadLogOptions options)
    {
        _collectionId = collectionId;
        _directory = directory;
        _options = options;
        _cache = new RecentEntryCache(options.CacheRecordsPerCollection);
    }

    public long DurableOffset => Volatile.Read(ref _durableOffset);

    public Task<LogEntry> AppendAsync(OperationKind operation, RecordBatch records)
    {
        if (records.Count == 0) ThrowHelper.InvalidArgument("A log entry needs at least one record.");

        var frame = new PooledBufferWriter((int)Math.Min(LogFileFormat.FramePrefixSize + 64L * records.Count, 1 << 20));
        PendingAppend pending;
        try
        {
            // The prefix (length, checksum, offset) is filled by the writer once the offset is known;
            // a new writer always has room for it.
            frame.Advance(LogFileFormat.FramePrefixSize);
            RecordCodec.WriteBatch(frame, operation, records);
            if (frame.WrittenCount - LogFileFormat.FrameHeaderSize > LogFileFormat.MaxPayloadSize)
                ThrowHelper.InvalidArgument($"The write is too large for one log entry ({frame.WrittenCount} bytes encoded, at most {LogFileFormat.MaxPayloadSize}).");
            pending = new PendingAppend(operation, records, frame);
        }
        catch (ChromaException)
        {
            frame.Dispose();
            throw;
        }

        bool lead;
        lock (_pendingLock)
        {
            if (_closed is { } closed)
            {
                frame.Dispose();
                throw closed();
            }

            _pending.Add(pending);
            lead = !_writerActive;
            _writerActive = true;
        }

        // The first appender of an idle log writes its own group inline (no thread hop on the
        // uncontended path). Appends arriving meanwhile form the next group, written by a pool
        // thread so this caller is released as soon as its own entry is durable.
        if (lead)
        {
            WriteNextGroup();
            if (!TryGoIdle()) ThreadPool.UnsafeQueueUserWorkItem(static log => log.DrainPending(), this, preferLocal: false);
        }

        return pending.Completion.Task;
    }

    private void DrainPending()
    {
        do
        {
            WriteNextGroup();
        }
        while (!TryGoIdle());
    }

    private bool TryGoIdle()
    {
        lock (_pendingLock)
        {
            if (_pending.Count > 0) return false;
            _writerActive = false;
            return true;
        }
    }

    private void WriteNextGroup()
    {
        List<PendingAppend> group;
        lock (_pendingLock)
        {
            // Only the single active writer swaps, so _spare is free to take.
            group = _pending;
            _pending = _spare;
        }

        try
        {
            lock (_writeLock) WriteGroup(group);
        }
        finally
        {
            // Whatever happened, no caller is left waiting forever.
            for (int i = 0; i < group.Count; i++)
            {
                if (!group[i].Completion.Task.IsCompleted)
                    group[i].Completion.TrySetException(new InvalidOperationException("The write-ahead log writer stopped unexpectedly."));
                group[i].Frame.Dispose();
            }

            group.Clear();
            lock (_pendingLock) _spare = group;
        }
    }

    /// <summary>Assigns offsets, writes every frame of the group with one gathered write, fsyncs once.</summary>
    private void WriteGroup(List<PendingAppend> group)
    {
        if (_closed is { } closed)
        {
            FailGroup(group, closed());
            return;
        }

        LogSegment segment;
        try
        {
            segment = EnsureActiveSegment();
        }
        catch (IOException ex)
        {
            FailGroup(group, ex);
            return;
        }

        long offset = _nextOffset;
        long position = segment.Length;
        _gather.Clear();
        for (int i = 0; i < group.Count; i++)
        {
            PooledBufferWriter frame = group[i].Frame;
            LogFileFormat.CompleteFrame(frame.GetWrittenSpan(0, frame.WrittenCount), offset);
            _gather.Add(frame.WrittenMemory);
            offset += group[i].Records.Count;
        }

        SafeFileHandle handle = segment.WriteHandle!;
        try
        {
            RandomAccess.Write(handle, _gather, position);
            RandomAccess.FlushToDisk(handle);
        }
        catch (IOException ex)
        {
            RollBackTo(segment, position, ex);
            FailGroup(group, ex);
            return;
        }
        catch (UnauthorizedAccessException ex)
        {
            RollBackTo(segment, position, ex);
            FailGroup(group, ex);
            return;
        }
        finally
        {
            _gather.Clear();
        }

        var entries = new LogEntry[group.Count];
        lock (_stateLock)
        {
            long entryOffset = _nextOffset;
            long entryPosition = position;
            for (int i = 0; i < group.Count; i++)
            {
                PendingAppend pending = group[i];
                var entry = new LogEntry(entryOffset, pending.Operation, pending.Records);
                segment.AddFrame(entryOffset, pending.Records.Count, entryPosition, pending.Frame.WrittenCount);
                _cache.Add(entry);
                entries[i] = entry;
                entryOffset += pending.Records.Count;
                entryPosition += pending.Frame.WrittenCount;
            }

            _nextOffset = offset;
            Volatile.Write(ref _durableOffset, offset - 1);
        }

        // Completed only after the state is published: a read issued on acknowledgement sees the entry.
        for (int i = 0; i < group.Count; i++) group[i].Completion.TrySetResult(entries[i]);
    }

    /// <summary>
    /// A failed write may have left part of the group in the file: cut it off so the next frame
    /// follows the last good one. If even that fails the log stops taking writes (until reopened,
    /// when recovery cuts the torn tail) rather than risk a hole.
    /// </summary>
    private void RollBackTo(LogSegment segment, long length, Exception cause)
    {
        try
        {
            RandomAccess.SetLength(segment.WriteHandle!, length);
            RandomAccess.FlushToDisk(segment.WriteHandle!);
        }
        catch (IOException)
        {
            string message = $"The write-ahead log of collection {_collectionId} is unavailable after a failed write: {cause.Message}";
            Close(() => new ChromaException(ChromaErrorCode.Unavailable, message));
        }
    }

    private static void FailGroup(List<PendingAppend> group, Exception error)
    {
        for (int i = 0; i < group.Count; i++) group[i].Completion.TrySetException(error);
    }

    /// <summary>The segment to append to: creates the first one, or rolls a full one.</summary>
    private LogSegment EnsureActiveSegment()
    {
        LogSegment? active;
        lock (_stateLock) active = _segments.Count > 0 ? _segments[^1] : null;

        if (active?.WriteHandle is not null && active.Length < _options.SegmentSizeBytes) return active;

        if (!_directoryCreated)
        {
            Directory.CreateDirectory(_directory);
            FileSystemSync.FlushDirectory(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(_directory))!);
            _directoryCreated = true;
        }

        LogSegment segment = CreateSegment(_nextOffset);
        lock (_stateLock)
        {
            if (active?.WriteHandle is { } previous)
            {
                // Every byte of the previous segment is already fsynced by its last group.
                previous.Dispose();
                active.WriteHandle = null;
            }

            _segments.Add(segment);
        }

        return segment;
    }

    /// <summary>
    /// Writes the header to a temp file, fsyncs, renames: a segment file always has a whole
    /// header, so a short or bad header at recovery is corruption, never a crash artefact.
    /// </summary>
    private LogSegment CreateSegment(long firstOffset)
    {
        string path = Path.Combine(_directory, LogFileFormat.SegmentFileName(firstOffset));
        string temp = path + LogFileFormat.TempExtension;
        Span<byte> header = stackalloc byte[LogFileFormat.SegmentHeaderSize];
        LogFileFormat.WriteSegmentHeader(header, _collectionId, firstOffset);
        using (SafeFileHandle tempHandle = File.OpenHandle(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            RandomAccess.Write(tempHandle, header, 0);
            RandomAccess.FlushToDisk(tempHandle);
        }

        File.Move(temp, path, overwrite: true);
        FileSystemSync.FlushDirectory(_directory);
        return new LogSegment(path, firstOffset)
        {
            WriteHandle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete),
        };
    }
}
