using Chroma.Core.Model;
using Chroma.Core.Storage;

namespace Chroma.Core.Log.Local;

// Compaction, drop and close: everything that deletes files or stops the log.
internal sealed partial class CollectionLog
{
    /// <summary>
    /// Persists the compaction offset (temp + fsync + rename) and then deletes every segment
    /// whose entries are all at or below it. The offset file is written first: after a crash
    /// between the two steps, recovery still knows where offsets continue.
    /// </summary>
    public void AdvanceCompaction(long offset)
    {
        lock (_writeLock)
        {
            ThrowIfClosed();
            if (offset <= _compactedOffset) return;
            long durable = DurableOffset;
            if (offset > durable)
                ThrowHelper.InvalidArgument($"Cannot compact collection {_collectionId} up to offset {offset}: the last durable offset is {durable}.");

            WriteCompactionFile(offset);

            List<LogSegment> removed = [];
            _filesLock.EnterWriteLock();
            try
            {
                lock (_stateLock)
                {
                    _compactedOffset = offset;
                    int count = 0;
                    while (count < _segments.Count && _segments[count].LastOffset <= offset) count++;
                    removed.AddRange(_segments.GetRange(0, count));
                    _segments.RemoveRange(0, count);
                    _cache.TrimThrough(offset);
                }

                // The active segment may go too (it is recreated at the next append): close its handle first.
                foreach (LogSegment segment in removed)
                {
                    segment.WriteHandle?.Dispose();
                    segment.WriteHandle = null;
                    File.Delete(segment.Path);
                }
            }
            finally
            {
                _filesLock.ExitWriteLock();
            }

            if (removed.Count > 0) FileSystemSync.FlushDirectory(_directory);
        }
    }

    /// <summary>Stops the log and deletes its folder.</summary>
    public void Drop()
    {
        string message = $"The log of collection {_collectionId} was dropped.";
        Close(() => new ChromaException(ChromaErrorCode.NotFound, message));
        lock (_writeLock)
        {
            _filesLock.EnterWriteLock();
            try
            {
                lock (_stateLock)
                {
                    _segments.Clear();
                    _cache.Clear();
                }

                if (Directory.Exists(_directory))
                {
                    Directory.Delete(_directory, recursive: true);
                    string? parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(_directory));
                    if (parent is not null) FileSystemSync.FlushDirectory(parent);
                }
            }
            finally
            {
                _filesLock.ExitWriteLock();
            }
        }
    }

    public void Dispose()
    {
        Close(static () => new ObjectDisposedException(nameof(FileWriteAheadLog)));
    }

    /// <summary>
    /// Refuses new appends, fails the queued ones and closes the write handle. Idempotent; the
    /// first reason wins.
    /// </summary>
    private void Close(Func<Exception> error)
    {
        List<PendingAppend> queued;
        lock (_pendingLock)
        {
            _closed ??= error;
            queued = _pending;
            _pending = [];
        }

        for (int i = 0; i < queued.Count; i++)
        {
            queued[i].Completion.TrySetException(_closed());
            queued[i].Frame.Dispose();
        }

        // _writeLock may already be held by this thread (RollBackTo runs inside the writer): Monitor is reentrant.
        lock (_writeLock)
        {
            lock (_stateLock)
            {
                foreach (LogSegment segment in _segments)
                {
                    segment.WriteHandle?.Dispose();
                    segment.WriteHandle = null;
                }
            }
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed is { } closed) throw closed();
    }

    private void WriteCompactionFile(long offset)
    {
        string path = Path.Combine(_directory, LogFileFormat.CompactionFileName);
        string temp = path + LogFileFormat.TempExtension;
        Span<byte> data = stackalloc byte[LogFileFormat.CompactionFileSize];
        LogFileFormat.WriteCompactionFile(data, offset);
        using (var handle = File.OpenHandle(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            RandomAccess.Write(handle, data, 0);
            RandomAccess.FlushToDisk(handle);
        }

        File.Move(temp, path, overwrite: true);
        FileSystemSync.FlushDirectory(_directory);
    }
}
