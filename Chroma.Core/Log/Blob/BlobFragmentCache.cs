namespace Chroma.Core.Log.Blob;

/// <summary>
/// Decoded fragments by blob key, bounded by their encoded size, evicted oldest-inserted first.
/// Fragments are immutable, so an entry is never stale; a compacted or dropped fragment is
/// simply never asked for again and ages out. Thread-safe; held only for dictionary work.
/// </summary>
internal sealed class BlobFragmentCache(long capacityBytes)
{
    private readonly object _lock = new();
    private readonly Dictionary<string, (LogEntry[] Entries, long Bytes)> _entries = new(StringComparer.Ordinal);
    private readonly Queue<string> _insertionOrder = new();
    private long _bytes;

    public bool TryGet(string key, out LogEntry[] entries)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out (LogEntry[] Entries, long Bytes) cached))
            {
                entries = cached.Entries;
                return true;
            }
        }

        entries = [];
        return false;
    }

    public void Add(string key, LogEntry[] entries, long bytes)
    {
        if (bytes > capacityBytes) return;
        lock (_lock)
        {
            if (!_entries.TryAdd(key, (entries, bytes))) return;
            _insertionOrder.Enqueue(key);
            _bytes += bytes;
            while (_bytes > capacityBytes && _insertionOrder.TryDequeue(out string? oldest))
            {
                if (_entries.Remove(oldest, out (LogEntry[] Entries, long Bytes) evicted)) _bytes -= evicted.Bytes;
            }
        }
    }

    public void Remove(string key)
    {
        // The key stays in the queue; dequeuing it later finds nothing and costs nothing.
        lock (_lock)
        {
            if (_entries.Remove(key, out (LogEntry[] Entries, long Bytes) removed)) _bytes -= removed.Bytes;
        }
    }
}
