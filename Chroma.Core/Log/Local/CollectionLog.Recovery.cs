using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using Chroma.Core.Memory;
using Chroma.Core.Model;
using Chroma.Core.Storage.Codec;
using Chroma.Core.Storage;
using Microsoft.Win32.SafeHandles;

namespace Chroma.Core.Log.Local;

// Opening a collection's log: verify every segment, cut a torn tail, rebuild offsets and indexes.
internal sealed partial class CollectionLog
{
    /// <summary>
    /// Opens (recovers) the log in <paramref name="directory"/>; an absent folder is an empty log.
    /// Only the last segment may end in a torn frame (a crash mid-append): it is cut back to the last
    /// complete frame, which loses nothing acknowledged since acknowledgement follows the fsync.
    /// Anything else that does not verify (a header, a frame inside an older segment, a gap in
    /// offsets) is DataLoss naming the file: recovery never guesses.
    /// </summary>
    public static CollectionLog Open(Guid collectionId, string directory, FileWriteAheadLogOptions options)
    {
        var log = new CollectionLog(collectionId, directory, options);
        if (Directory.Exists(directory))
        {
            log._directoryCreated = true;
            log.Recover();
        }

        return log;
    }

    private void Recover()
    {
        foreach (string temp in Directory.EnumerateFiles(_directory, "*" + LogFileFormat.TempExtension))
        {
            // A crash between writing a temp file and renaming it: the rename never happened.
            File.Delete(temp);
            _options.Log?.Invoke($"Write-ahead log: removed the unfinished file '{temp}'.");
        }

        string compactionPath = Path.Combine(_directory, LogFileFormat.CompactionFileName);
        if (File.Exists(compactionPath))
            _compactedOffset = LogFileFormat.ReadCompactionFile(File.ReadAllBytes(compactionPath), compactionPath);

        var files = new List<(long FirstOffset, string Path)>();
        foreach (string path in Directory.EnumerateFiles(_directory, "*" + LogFileFormat.SegmentExtension))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            if (!long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out long first) || first < 1)
                ThrowHelper.DataCorrupted($"Unexpected file '{path}' in the write-ahead log folder.");
            files.Add((first, path));
        }

        files.Sort(static (a, b) => a.FirstOffset.CompareTo(b.FirstOffset));

        long expected = -1;
        for (int i = 0; i < files.Count; i++)
        {
            (long first, string path) = files[i];
            if (expected >= 0 && first != expected)
                ThrowHelper.DataCorrupted($"Write-ahead log segment '{path}' starts at offset {first} but the previous segment ends at {expected - 1}.");

            LogSegment segment = RecoverSegment(path, first, isLast: i == files.Count - 1);
            _segments.Add(segment);
            expected = segment.LastOffset + 1;
        }

        long lastOffset = expected >= 0 ? expected - 1 : 0;
        if (_segments.Count > 0 && lastOffset < _compactedOffset)
            ThrowHelper.DataCorrupted($"The write-ahead log of collection {_collectionId} ends at offset {lastOffset} but offset {_compactedOffset} was compacted.");

        // With every segment compacted away, offsets continue after the compacted offset.
        _durableOffset = Math.Max(lastOffset, _compactedOffset);
        _nextOffset = _durableOffset + 1;

        // Segments fully compacted but not deleted (a crash between the two steps of AdvanceCompaction).
        while (_segments.Count > 1 && _segments[0].LastOffset <= _compactedOffset)
        {
            File.Delete(_segments[0].Path);
            _segments.RemoveAt(0);
        }

        if (_segments.Count > 0)
        {
            LogSegment active = _segments[^1];
            active.WriteHandle = File.OpenHandle(active.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        }
    }

    private LogSegment RecoverSegment(string path, long nameOffset, bool isLast)
    {
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, isLast ? FileAccess.ReadWrite : FileAccess.Read, FileShare.Read);
        long fileLength = RandomAccess.GetLength(handle);

        Span<byte> header = stackalloc byte[LogFileFormat.SegmentHeaderSize];
        int headerRead = fileLength >= LogFileFormat.SegmentHeaderSize ? RandomAccess.Read(handle, header, 0) : 0;
        long first = LogFileFormat.ReadSegmentHeader(header.Slice(0, headerRead), path, _collectionId);
        if (first != nameOffset)
            ThrowHelper.DataCorrupted($"Write-ahead log segment '{path}' says it starts at offset {first}, its name says {nameOffset}.");

        var segment = new LogSegment(path, first);
        string? tornReason = ScanFrames(handle, fileLength, segment);
        if (tornReason is null) return segment;

        if (!isLast)
        {
            ThrowHelper.DataCorrupted(
                $"Write-ahead log segment '{path}' is corrupt at byte {segment.Length} ({tornReason}) and is not the last segment.");
        }

        RandomAccess.SetLength(handle, segment.Length);
        RandomAccess.FlushToDisk(handle);
        _options.Log?.Invoke(
            $"Write-ahead log: cut a torn tail of {fileLength - segment.Length} bytes ({tornReason}) from '{path}' after offset {segment.LastOffset}.");
        return segment;
    }

    /// <summary>
    /// Reads frames from the header to the end of the file, adding each good one to the segment.
    /// Returns null when the file ends exactly after a frame, else why the rest is a torn tail.
    /// </summary>
    private static string? ScanFrames(SafeFileHandle handle, long fileLength, LogSegment segment)
    {
        long position = LogFileFormat.SegmentHeaderSize;
        long expectedOffset = segment.FirstOffset;
        Span<byte> frameHeader = stackalloc byte[LogFileFormat.FrameHeaderSize];
        byte[] payload = BufferPool<byte>.Rent(64 * 1024);
        try
        {
            while (position < fileLength)
            {
                long remaining = fileLength - position;
                if (remaining < LogFileFormat.FrameHeaderSize) return "partial frame header";
                RandomAccess.Read(handle, frameHeader, position);
                uint length = BinaryPrimitives.ReadUInt32LittleEndian(frameHeader);
                uint crc = BinaryPrimitives.ReadUInt32LittleEndian(frameHeader.Slice(4));
                if (length < sizeof(ulong) + RecordCodec.BatchHeaderSize || length > LogFileFormat.MaxPayloadSize)
                    return $"invalid frame length {length}";
                if (length > remaining - LogFileFormat.FrameHeaderSize) return "partial frame";

                if (payload.Length < length)
                {
                    BufferPool<byte>.Return(payload);
                    payload = BufferPool<byte>.Rent((int)length);
                }

                Span<byte> bytes = payload.AsSpan(0, (int)length);
                RandomAccess.Read(handle, bytes, position + LogFileFormat.FrameHeaderSize);
                if (Crc32.HashToUInt32(bytes) != crc) return "checksum mismatch";

                long offset = BinaryPrimitives.ReadInt64LittleEndian(bytes);
                RecordCodec.ReadBatchHeader(bytes.Slice(sizeof(ulong)), out _, out int count);
                // A frame that checks out but is out of sequence was written by something else: not a torn tail.
                if (offset != expectedOffset || count < 1)
                    ThrowHelper.DataCorrupted($"Write-ahead log frame at byte {position} holds offset {offset} x {count}, expected offset {expectedOffset}.");

                long frameLength = LogFileFormat.FrameHeaderSize + length;
                segment.AddFrame(offset, count, position, frameLength);
                expectedOffset += count;
                position += frameLength;
            }

            return null;
        }
        finally
        {
            BufferPool<byte>.Return(payload);
        }
    }
}
