namespace Chroma.Core.Log.Local;

/// <summary>
/// The most recent entries of one collection. Invariant: the cached entries are a contiguous
/// suffix of the durable log (they end at the last durable offset), so a read starting inside
/// the cached range is answered wholly from memory. Guarded by the owning log's state lock.
/// </summary>
internal sealed class RecentEntryCache(int maxRecords)
{
    private readonly List<LogEntry> _entries = [];
    private int _head;
    private long _records;

    public void Add(LogEntry entry)
    {
        _entries.Add(entry);
        _records += entry.Records.Count;
        // Keep at least the newest entry, even when it alone exceeds the budget.
        while (_records > maxRecords && _entries.Count - _head > 1) RemoveHead();
        Compact();
    }

    public void Clear()
    {
        _entries.Clear();
        _head = 0;
        _records = 0;
    }

    /// <summary>Drops entries wholly at or below <paramref name="offset"/> (compacted).</summary>
    public void TrimThrough(long offset)
    {
        while (_head < _entries.Count && _entries[_head].LastOffset <= offset) RemoveHead();
        Compact();
    }

    /// <summary>
    /// Appends entries holding offsets above <paramref name="afterOffset"/> to <paramref name="result"/>
    /// when the cache covers offset afterOffset + 1; false when the disk must be read instead.
    /// </summary>
    public bool TryRead(long afterOffset, int maxRecords, List<LogEntry> result)
    {
        if (_head == _entries.Count || _entries[_head].FirstOffset > afterOffset + 1) return false;

        // First entry whose last offset is above afterOffset.
        int lo = _head, hi = _entries.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_entries[mid].LastOffset <= afterOffset) lo = mid + 1;
            else hi = mid;
        }

        long records = 0;
        for (int i = lo; i < _entries.Count; i++)
        {
            LogEntry entry = _entries[i];
            if (result.Count > 0 && records + entry.Records.Count > maxRecords) break;
            result.Add(entry);
            records += entry.Records.Count;
        }

        return true;
    }

    private void RemoveHead()
    {
        _records -= _entries[_head].Records.Count;
        _entries[_head] = null!;
        _head++;
    }

    // Amortized O(1): shift the live entries down once the dead prefix is half the list.
    private void Compact()
    {
        if (_head == 0 || _head < _entries.Count / 2) return;
        _entries.RemoveRange(0, _head);
        _head = 0;
    }
}
