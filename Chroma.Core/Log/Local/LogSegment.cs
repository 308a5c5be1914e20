using Microsoft.Win32.SafeHandles;

namespace Chroma.Core.Log.Local;

/// <summary>
/// One segment file of a collection's log and a sparse in-memory index of its frames, so a read
/// can seek near its start offset instead of scanning the segment. Mutated only under the
/// owning <see cref="CollectionLog"/>'s state lock.
/// </summary>
internal sealed class LogSegment(string path, long firstOffset)
{
    /// <summary>An index point every this many bytes bounds memory to ~16 points per MiB of log.</summary>
    private const long IndexSpacing = 64 * 1024;

    private readonly List<IndexPoint> _index = [];
    private long _lastIndexedPosition = long.MinValue;

    public string Path { get; } = path;
    public long FirstOffset { get; } = firstOffset;

    /// <summary>Bytes of complete, durable frames (header included).</summary>
    public long Length { get; set; } = LogFileFormat.SegmentHeaderSize;

    /// <summary>Last offset held, FirstOffset - 1 when the segment has no frame yet.</summary>
    public long LastOffset { get; private set; } = firstOffset - 1;

    /// <summary>The write handle, only on the active (last) segment.</summary>
    public SafeFileHandle? WriteHandle { get; set; }

    public void AddFrame(long entryFirstOffset, int recordCount, long position, long frameLength)
    {
        if (position - _lastIndexedPosition >= IndexSpacing)
        {
            _index.Add(new IndexPoint(entryFirstOffset, position));
            _lastIndexedPosition = position;
        }

        LastOffset = entryFirstOffset + recordCount - 1;
        Length = position + frameLength;
    }

    /// <summary>A file position at or before the frame holding <paramref name="offset"/>.</summary>
    public long SeekPosition(long offset)
    {
        int lo = 0, hi = _index.Count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_index[mid].FirstOffset <= offset)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found < 0 ? LogFileFormat.SegmentHeaderSize : _index[found].Position;
    }

    private readonly record struct IndexPoint(long FirstOffset, long Position);
}
