using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using Chroma.Core.Log.Local;
using Chroma.Core.Model;
using Chroma.Core.Storage.Codec;

namespace Chroma.Core.Log.Blob;

/// <summary>
/// Blob layout of the distributed write-ahead log (format version 1), all little-endian.
/// <code>
/// keys      {prefix}{collectionId:N}/manifest
///           {prefix}{collectionId:N}/fragments/{firstOffset:D20}-{writer:x16}{sequence:x8}.frag
/// fragment  header  magic "CWBF":u32 version:u16 reserved:u16 collectionId:16 (Guid.TryWriteBytes)
///                   firstOffset:i64 lastOffset:i64 entryCount:u32 crc32(previous 44 bytes):u32
///           frames  payloadLength:u32 crc32(payload):u32 payload        (as the local log's frames)
///           payload firstOffset:i64 batch (RecordCodec)
/// manifest  magic "CWBM":u32 version:u16 reserved:u16 collectionId:16 nextOffset:i64
///           compactionOffset:i64 fragmentCount:u32
///           (firstOffset:i64 lastOffset:i64 length:i64 crc32(fragment blob):u32 name:string)[fragmentCount]
///           crc32(all previous bytes):u32
/// </code>
/// A fragment is immutable and written create-only under a name no other write uses (the writer
/// token and sequence), so a conflict loser's orphan never blocks anyone. The manifest is the
/// only mutable blob and the commit point: a fragment exists for readers only once a manifest
/// lists it. The byte layout is frozen by golden tests.
/// </summary>
internal static class BlobLogFormat
{
    public const uint FragmentMagic = 0x46425743;  // "CWBF" as little-endian bytes
    public const uint ManifestMagic = 0x4D425743;  // "CWBM"
    public const ushort FormatVersion = 1;
    public const int FragmentHeaderSize = 48;
    public const int FrameHeaderSize = LogFileFormat.FrameHeaderSize;
    public const int ManifestHeaderSize = 44;
    public const int MaxPayloadSize = LogFileFormat.MaxPayloadSize;
    public const string ManifestName = "manifest";
    public const string FragmentFolder = "fragments/";
    public const string FragmentExtension = ".frag";
    private const int OffsetDigits = 20;

    public static string CollectionFolder(string prefix, Guid collectionId) => prefix + collectionId.ToString("N") + "/";

    public static string ManifestKey(string prefix, Guid collectionId) => CollectionFolder(prefix, collectionId) + ManifestName;

    public static string FragmentKey(string prefix, Guid collectionId, string name) => CollectionFolder(prefix, collectionId) + FragmentFolder + name;

    public static string FragmentName(long firstOffset, ulong writerToken, uint sequence) =>
        firstOffset.ToString("D20", CultureInfo.InvariantCulture) + "-"
        + writerToken.ToString("x16", CultureInfo.InvariantCulture)
        + sequence.ToString("x8", CultureInfo.InvariantCulture) + FragmentExtension;

    /// <summary>The first offset encoded in a fragment blob's name, or false for a name this format did not write.</summary>
    public static bool TryParseFragmentName(ReadOnlySpan<char> name, out long firstOffset)
    {
        firstOffset = 0;
        return name.Length > OffsetDigits && name[OffsetDigits] == '-' && name.EndsWith(FragmentExtension, StringComparison.Ordinal)
            && long.TryParse(name.Slice(0, OffsetDigits), NumberStyles.None, CultureInfo.InvariantCulture, out firstOffset);
    }

    public static void WriteFragmentHeader(Span<byte> destination, Guid collectionId, long firstOffset, long lastOffset, int entryCount)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, FragmentMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(4), FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(6), 0);
        collectionId.TryWriteBytes(destination.Slice(8, 16));
        BinaryPrimitives.WriteInt64LittleEndian(destination.Slice(24), firstOffset);
        BinaryPrimitives.WriteInt64LittleEndian(destination.Slice(32), lastOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(40), (uint)entryCount);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(44), Crc32.HashToUInt32(destination.Slice(0, 44)));
    }

    /// <summary>
    /// Appends one frame (header, offset, encoded batch) to a fragment under construction; the
    /// length and checksum are patched in once the payload is written.
    /// </summary>
    public static void WriteFrame(PooledBufferWriter fragment, long firstOffset, ReadOnlySpan<byte> encodedBatch)
    {
        int start = fragment.WrittenCount;
        fragment.GetSpan(LogFileFormat.FramePrefixSize);
        fragment.Advance(LogFileFormat.FramePrefixSize);
        fragment.Write(encodedBatch);
        LogFileFormat.CompleteFrame(fragment.GetWrittenSpan(start, fragment.WrittenCount - start), firstOffset);
    }

    /// <summary>
    /// Verifies a whole fragment blob against the manifest's pointer and decodes its entries.
    /// Anything wrong is DataLoss naming the blob: the manifest says these records were acknowledged.
    /// </summary>
    public static LogEntry[] ReadFragment(ReadOnlySpan<byte> data, in BlobLogFragmentRef expected, Guid collectionId, string key)
    {
        if (data.Length != expected.Length)
            ThrowHelper.DataCorrupted($"Write-ahead log fragment '{key}' is {data.Length} bytes; its manifest says {expected.Length}.");
        if (Crc32.HashToUInt32(data) != expected.Crc)
            ThrowHelper.DataCorrupted($"Write-ahead log fragment '{key}' is corrupt (checksum mismatch with its manifest).");
        if (data.Length < FragmentHeaderSize)
            ThrowHelper.DataCorrupted($"Write-ahead log fragment '{key}' is shorter than its {FragmentHeaderSize}-byte header.");

        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (magic != FragmentMagic)
            ThrowHelper.DataCorrupted($"'{key}' is not a write-ahead log fragment (magic 0x{magic:x8}).");
        if (BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(44)) != Crc32.HashToUInt32(data.Slice(0, 44)))
            ThrowHelper.DataCorrupted($"Write-ahead log fragment '{key}' has a corrupt header (checksum mismatch).");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(4));
        if (version != FormatVersion)
            ThrowHelper.DataCorrupted($"Write-ahead log fragment '{key}' has format version {version}; this build reads version {FormatVersion}.");
        var owner = new Guid(data.Slice(8, 16));
        long firstOffset = BinaryPrimitives.ReadInt64LittleEndian(data.Slice(24));
        long lastOffset = BinaryPrimitives.ReadInt64LittleEndian(data.Slice(32));
        uint entryCount = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(40));
        if (owner != collectionId || firstOffset != expected.FirstOffset || lastOffset != expected.LastOffset)
            ThrowHelper.DataCorrupted($"Write-ahead log fragment '{key}' holds collection {owner} offsets {firstOffset}..{lastOffset}; the manifest expects collection {collectionId} offsets {expected.FirstOffset}..{expected.LastOffset}.");
        // Every frame costs at least its header and offset.
        if (entryCount == 0 || entryCount > (uint)(data.Length / (FrameHeaderSize + sizeof(long))))
            ThrowHelper.DataCorrupted($"Write-ahead log fragment '{key}' has an invalid entry count {entryCount}.");

        var entries = new LogEntry[entryCount];
        var reader = new SpanReader(data.Slice(FragmentHeaderSize));
        long expectedOffset = firstOffset;
        for (int i = 0; i < entries.Length; i++)
        {
            int position = FragmentHeaderSize + reader.Position;
            uint length = reader.ReadUInt32();
            uint crc = reader.ReadUInt32();
            if (length < sizeof(long) + RecordCodec.BatchHeaderSize || length > (uint)reader.Remaining)
                ThrowHelper.DataCorrupted($"Write-ahead log fragment '{key}' has a corrupt frame at byte {position}.");
            ReadOnlySpan<byte> payload = reader.ReadBytes((int)length);
            if (Crc32.HashToUInt32(payload) != crc)
                ThrowHelper.DataCorrupted($"Write-ahead log fragment '{key}' has a corrupt frame at byte {position} (checksum mismatch).");
            long entryOffset = BinaryPrimitives.ReadInt64LittleEndian(payload);
            if (entryOffset != expectedOffset)
                ThrowHelper.DataCorrupted($"Write-ahead log fragment '{key}' has an entry at offset {entryOffset} where {expectedOffset} was expected.");
            RecordBatch batch = RecordCodec.ReadBatch(payload.Slice(sizeof(long)), out OperationKind operation);
            if (batch.Count == 0)
                ThrowHelper.DataCorrupted($"Write-ahead log fragment '{key}' has an empty entry at offset {entryOffset}.");
            entries[i] = new LogEntry(entryOffset, operation, batch);
            expectedOffset += batch.Count;
        }

        if (!reader.IsEnd || expectedOffset - 1 != lastOffset)
            ThrowHelper.DataCorrupted($"Write-ahead log fragment '{key}' does not end where its header says (offset {lastOffset}).");
        return entries;
    }
}
