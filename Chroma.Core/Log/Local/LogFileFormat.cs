using System.Buffers.Binary;
using System.IO.Hashing;
using Chroma.Core.Model;

namespace Chroma.Core.Log.Local;

/// <summary>
/// On-disk layout of the local write-ahead log (format version 1), all little-endian.
/// <code>
/// segment file  {firstOffset:D20}.log
///   header  magic "CWAL":u32 version:u16 reserved:u16 collectionId:16 (Guid.TryWriteBytes) firstOffset:u64 crc32(previous 32 bytes):u32
///   frames  payloadLength:u32 crc32(payload):u32 payload
///   payload firstOffset:u64 batch (RecordCodec)
/// compaction file  compaction.bin
///   magic "CWCP":u32 version:u16 reserved:u16 compactedOffset:u64 crc32(previous 16 bytes):u32
/// </code>
/// One frame per LogEntry: a frame is either wholly valid (length and CRC check) or a torn tail.
/// </summary>
internal static class LogFileFormat
{
    public const uint SegmentMagic = 0x4C415743;     // "CWAL" as little-endian bytes
    public const uint CompactionMagic = 0x50435743;  // "CWCP"
    public const ushort FormatVersion = 1;
    public const int SegmentHeaderSize = 36;
    public const int FrameHeaderSize = 8;
    /// <summary>Frame header plus the payload's offset field: the bytes reserved before an encoded batch.</summary>
    public const int FramePrefixSize = FrameHeaderSize + sizeof(ulong);
    public const int CompactionFileSize = 20;
    public const int MaxPayloadSize = 1 << 30;
    public const string SegmentExtension = ".log";
    public const string CompactionFileName = "compaction.bin";
    public const string TempExtension = ".tmp";

    public static string SegmentFileName(long firstOffset) => firstOffset.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + SegmentExtension;

    public static void WriteSegmentHeader(Span<byte> destination, Guid collectionId, long firstOffset)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, SegmentMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(4), FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(6), 0);
        collectionId.TryWriteBytes(destination.Slice(8, 16));
        BinaryPrimitives.WriteInt64LittleEndian(destination.Slice(24), firstOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(32), Crc32.HashToUInt32(destination.Slice(0, 32)));
    }

    /// <summary>Validates a segment header and returns its first offset; anything wrong is DataLoss naming the file.</summary>
    public static long ReadSegmentHeader(ReadOnlySpan<byte> header, string path, Guid expectedCollectionId)
    {
        if (header.Length < SegmentHeaderSize)
            ThrowHelper.DataCorrupted($"Write-ahead log segment '{path}' is shorter than its {SegmentHeaderSize}-byte header.");
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (magic != SegmentMagic)
            ThrowHelper.DataCorrupted($"'{path}' is not a write-ahead log segment (magic 0x{magic:x8}).");
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(32));
        if (crc != Crc32.HashToUInt32(header.Slice(0, 32)))
            ThrowHelper.DataCorrupted($"Write-ahead log segment '{path}' has a corrupt header (checksum mismatch).");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header.Slice(4));
        if (version != FormatVersion)
            ThrowHelper.DataCorrupted($"Write-ahead log segment '{path}' has format version {version}; this build reads version {FormatVersion}.");
        var collectionId = new Guid(header.Slice(8, 16));
        if (collectionId != expectedCollectionId)
            ThrowHelper.DataCorrupted($"Write-ahead log segment '{path}' belongs to collection {collectionId}, not {expectedCollectionId}.");
        return BinaryPrimitives.ReadInt64LittleEndian(header.Slice(24));
    }

    public static void WriteCompactionFile(Span<byte> destination, long compactedOffset)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, CompactionMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(4), FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(6), 0);
        BinaryPrimitives.WriteInt64LittleEndian(destination.Slice(8), compactedOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(16), Crc32.HashToUInt32(destination.Slice(0, 16)));
    }

    public static long ReadCompactionFile(ReadOnlySpan<byte> data, string path)
    {
        if (data.Length != CompactionFileSize
            || BinaryPrimitives.ReadUInt32LittleEndian(data) != CompactionMagic
            || BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(16)) != Crc32.HashToUInt32(data.Slice(0, 16)))
        {
            ThrowHelper.DataCorrupted($"Write-ahead log compaction file '{path}' is corrupt.");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(4));
        if (version != FormatVersion)
            ThrowHelper.DataCorrupted($"Write-ahead log compaction file '{path}' has format version {version}; this build reads version {FormatVersion}.");
        return BinaryPrimitives.ReadInt64LittleEndian(data.Slice(8));
    }

    /// <summary>Fills a frame's header in place: the prefix reserved before an encoded batch.</summary>
    public static void CompleteFrame(Span<byte> frame, long firstOffset)
    {
        BinaryPrimitives.WriteInt64LittleEndian(frame.Slice(FrameHeaderSize), firstOffset);
        ReadOnlySpan<byte> payload = frame.Slice(FrameHeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.Slice(4), Crc32.HashToUInt32(payload));
    }
}
