using System.Buffers.Binary;
using System.IO.Hashing;
using Chroma.Core.Memory;
using Chroma.Core.Model;
using Chroma.Core.Storage.Codec;
using Microsoft.Win32.SafeHandles;

namespace Chroma.Core.Log.Local;

// Reads: the recent-entry cache first, the segment files otherwise.
internal sealed partial class CollectionLog
{
    public IReadOnlyList<LogEntry> Read(long afterOffset, int maxRecords)
    {
        if (maxRecords < 1) ThrowHelper.InvalidArgument($"maxRecords must be at least 1, got {maxRecords}.");
        if (afterOffset < 0) afterOffset = 0;

        var result = new List<LogEntry>();
        lock (_stateLock)
        {
            if (afterOffset >= _durableOffset || _cache.TryRead(afterOffset, maxRecords, result)) return result;
        }

        _filesLock.EnterReadLock();
        try
        {
            ReadFromSegments(afterOffset, maxRecords, result);
        }
        finally
        {
            _filesLock.ExitReadLock();
        }

        return result;
    }

    /// <summary>Runs under the shared files lock, so no segment file is deleted meanwhile.</summary>
    private void ReadFromSegments(long afterOffset, int maxRecords, List<LogEntry> result)
    {
        // Snapshot what is durable now; appends continue past these lengths without disturbing us.
        var spans = new List<(string Path, long Start, long End)>();
        lock (_stateLock)
        {
            for (int i = 0; i < _segments.Count; i++)
            {
                LogSegment segment = _segments[i];
                if (segment.LastOffset <= afterOffset) continue;
                spans.Add((segment.Path, segment.SeekPosition(afterOffset + 1), segment.Length));
            }
        }

        long records = 0;
        Span<byte> frameHeader = stackalloc byte[LogFileFormat.FrameHeaderSize];
        byte[] payload = BufferPool<byte>.Rent(64 * 1024);
        try
        {
            foreach ((string path, long start, long end) in spans)
            {
                using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                long position = start;
                while (position < end)
                {
                    RandomAccess.Read(handle, frameHeader, position);
                    int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(frameHeader);
                    uint crc = BinaryPrimitives.ReadUInt32LittleEndian(frameHeader.Slice(4));
                    if (length < sizeof(ulong) || length > end - position - LogFileFormat.FrameHeaderSize)
                        ThrowHelper.DataCorrupted($"Write-ahead log segment '{path}' has a corrupt frame at byte {position}.");
                    if (payload.Length < length)
                    {
                        BufferPool<byte>.Return(payload);
                        payload = BufferPool<byte>.Rent(length);
                    }

                    Span<byte> bytes = payload.AsSpan(0, length);
                    if (RandomAccess.Read(handle, bytes, position + LogFileFormat.FrameHeaderSize) != length || Crc32.HashToUInt32(bytes) != crc)
                        ThrowHelper.DataCorrupted($"Write-ahead log segment '{path}' has a corrupt frame at byte {position} (checksum mismatch).");
                    position += LogFileFormat.FrameHeaderSize + length;

                    long firstOffset = BinaryPrimitives.ReadInt64LittleEndian(bytes);
                    RecordCodec.ReadBatchHeader(bytes.Slice(sizeof(ulong)), out _, out int count);
                    if (firstOffset + count - 1 <= afterOffset) continue;
                    if (result.Count > 0 && records + count > maxRecords) return;

                    RecordBatch batch = RecordCodec.ReadBatch(bytes.Slice(sizeof(ulong)), out OperationKind operation);
                    result.Add(new LogEntry(firstOffset, operation, batch));
                    records += count;
                }
            }
        }
        finally
        {
            BufferPool<byte>.Return(payload);
        }
    }
}
