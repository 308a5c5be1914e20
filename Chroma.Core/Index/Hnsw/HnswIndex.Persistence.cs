using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Chroma.Core.Model;

namespace Chroma.Core.Index.Hnsw;

// Save/Load. Format version 1, all little-endian:
//
//   header   64 bytes: u32 magic "HNSW", u16 version, u8 space, u8 0, i32 dimension, i32 M,
//            i32 efConstruction, i32 count, i32 deletedCount, i32 entryPoint, i32 maxLevel,
//            u32 0, u64 level-RNG state, 12 zero bytes, u32 CRC32 of the 60 bytes before it
//   then six sections, each u64 byte length + payload + u32 CRC32 of the payload:
//   rows     count * stride f32 (stride = dimension, +1 inverse norm for cosine)
//   levels   count u8
//   layer 0  count * (1 + 2M) i32 (link count, then links; unused slots are 0)
//   upper    for each node with level > 0, in label order: level * (1 + M) i32
//   deleted  ceil(count / 64) u64 bitset
//
// The level-RNG state is saved so that a loaded index keeps adding exactly like the original.
public sealed partial class HnswIndex
{
    internal const uint FileMagic = 0x57534E48; // "HNSW" as little-endian bytes
    internal const ushort FileFormatVersion = 1;
    private const int HeaderSize = 64;
    private const int IoBlockBytes = 1 << 16;

    public void Save(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Span<byte> header = stackalloc byte[HeaderSize];
        header.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(header, FileMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], FileFormatVersion);
        header[6] = (byte)_space;
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], _dimension);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], _maxNeighbors);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], _efConstruction);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], _count);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], _deletedCount);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], _entryPoint);
        BinaryPrimitives.WriteInt32LittleEndian(header[32..], _maxLevel);
        BinaryPrimitives.WriteUInt64LittleEndian(header[40..], _rngState);
        BinaryPrimitives.WriteUInt32LittleEndian(header[60..], Crc32.HashToUInt32(header[..60]));
        destination.Write(header);

        var crc = new Crc32();
        byte[] buffer = new byte[IoBlockBytes];

        BeginSection(destination, crc, (long)_count * _stride * sizeof(float));
        for (int c = 0; c * ChunkSize < _count; c++)
        {
            int rows = Math.Min(ChunkSize, _count - (c * ChunkSize));
            WriteInts(destination, crc, MemoryMarshal.Cast<float, int>(_chunks[c].AsSpan(0, rows * _stride)), buffer);
        }
        EndSection(destination, crc);

        BeginSection(destination, crc, _count);
        WriteBytes(destination, crc, _levels.AsSpan(0, _count));
        EndSection(destination, crc);

        BeginSection(destination, crc, (long)_count * _linkStride0 * sizeof(int));
        WriteInts(destination, crc, _links0.AsSpan(0, _count * _linkStride0), buffer);
        EndSection(destination, crc);

        BeginSection(destination, crc, UpperLinkInts(_levels, _count, _linkStrideUpper) * sizeof(int));
        for (int i = 0; i < _count; i++)
        {
            int[]? upper = _upperLinks[i];
            if (upper is not null) WriteInts(destination, crc, upper, buffer);
        }
        EndSection(destination, crc);

        int words = (_count + 63) >> 6;
        BeginSection(destination, crc, (long)words * sizeof(ulong));
        if (BitConverter.IsLittleEndian)
        {
            WriteBytes(destination, crc, MemoryMarshal.AsBytes(_deleted.AsSpan(0, words)));
        }
        else
        {
            // A u64 is not two swapped i32s: write each word on its own.
            Span<byte> word = stackalloc byte[sizeof(ulong)];
            for (int i = 0; i < words; i++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(word, _deleted[i]);
                WriteBytes(destination, crc, word);
            }
        }
        EndSection(destination, crc);
    }

    public static HnswIndex Load(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            return LoadCore(source);
        }
        catch (EndOfStreamException)
        {
            ThrowHelper.DataCorrupted("HNSW index file is truncated.");
            return null!;
        }
    }

    private static HnswIndex LoadCore(Stream source)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        source.ReadExactly(header);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != FileMagic)
            ThrowHelper.DataCorrupted("Not an HNSW index file: bad magic number.");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        if (version != FileFormatVersion)
            ThrowHelper.DataCorrupted($"HNSW index file has format version {version}; this build reads version {FileFormatVersion}.");
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[60..]) != Crc32.HashToUInt32(header[..60]))
            ThrowHelper.DataCorrupted("HNSW index file header checksum mismatch.");

        var space = (DistanceSpace)header[6];
        int dimension = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        int maxNeighbors = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        int efConstruction = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
        int count = BinaryPrimitives.ReadInt32LittleEndian(header[20..]);
        int deletedCount = BinaryPrimitives.ReadInt32LittleEndian(header[24..]);
        int entryPoint = BinaryPrimitives.ReadInt32LittleEndian(header[28..]);
        int maxLevel = BinaryPrimitives.ReadInt32LittleEndian(header[32..]);
        ulong rngState = BinaryPrimitives.ReadUInt64LittleEndian(header[40..]);
        if (space is not (DistanceSpace.L2 or DistanceSpace.Cosine or DistanceSpace.InnerProduct)
            || dimension <= 0 || maxNeighbors < 2 || efConstruction < 1 || count < 0
            || deletedCount < 0 || deletedCount > count || maxLevel > MaxLevelCap
            || (count == 0 ? entryPoint != -1 || maxLevel != -1 : (uint)entryPoint >= (uint)count || maxLevel < 0))
        {
            ThrowHelper.DataCorrupted("HNSW index file header holds inconsistent values.");
        }

        var index = new HnswIndex(dimension, space, maxNeighbors, efConstruction, Math.Max(count, 1), rngState, allocate: true);
        var crc = new Crc32();

        ExpectSection(source, crc, (long)count * index._stride * sizeof(float), "vectors");
        for (int c = 0; c * ChunkSize < count; c++)
        {
            int rows = Math.Min(ChunkSize, count - (c * ChunkSize));
            ReadInts(source, crc, MemoryMarshal.Cast<float, int>(index._chunks[c].AsSpan(0, rows * index._stride)));
        }
        VerifySection(source, crc, "vectors");

        ExpectSection(source, crc, count, "levels");
        ReadBytes(source, crc, index._levels.AsSpan(0, count));
        VerifySection(source, crc, "levels");

        ExpectSection(source, crc, (long)count * index._linkStride0 * sizeof(int), "layer-0 links");
        ReadInts(source, crc, index._links0.AsSpan(0, count * index._linkStride0));
        VerifySection(source, crc, "layer-0 links");

        ExpectSection(source, crc, UpperLinkInts(index._levels, count, index._linkStrideUpper) * sizeof(int), "upper links");
        for (int i = 0; i < count; i++)
        {
            int level = index._levels[i];
            if (level > maxLevel) ThrowHelper.DataCorrupted($"HNSW index file: node {i} has level {level} above the top level {maxLevel}.");
            if (level == 0) continue;
            var upper = new int[level * index._linkStrideUpper];
            ReadInts(source, crc, upper);
            index._upperLinks[i] = upper;
        }
        VerifySection(source, crc, "upper links");

        int words = (count + 63) >> 6;
        ExpectSection(source, crc, (long)words * sizeof(ulong), "deleted set");
        Span<ulong> deleted = index._deleted.AsSpan(0, words);
        ReadBytes(source, crc, MemoryMarshal.AsBytes(deleted));
        if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(deleted, deleted);
        VerifySection(source, crc, "deleted set");

        index._count = count;
        index._deletedCount = deletedCount;
        index._entryPoint = entryPoint;
        index._maxLevel = maxLevel;
        index.ValidateGraph();
        index.EnsureCodes();
        return index;
    }

    /// <summary>
    /// A file can pass its checksums and still be wrong (written by a buggy build). Checking every
    /// link once here keeps the search loops free of bounds checks they would otherwise need.
    /// </summary>
    private void ValidateGraph()
    {
        int popCount = 0;
        for (int w = 0; w < (_count + 63) >> 6; w++) popCount += System.Numerics.BitOperations.PopCount(_deleted[w]);
        if (popCount != _deletedCount) ThrowHelper.DataCorrupted("HNSW index file: deleted count does not match the deleted set.");
        if (_count > 0 && _levels[_entryPoint] != _maxLevel) ThrowHelper.DataCorrupted("HNSW index file: entry point is not on the top level.");

        for (int node = 0; node < _count; node++)
        {
            for (int level = 0; level <= _levels[node]; level++)
            {
                Span<int> list = LinkList(node, level);
                int max = level == 0 ? _maxNeighbors0 : _maxNeighbors;
                if ((uint)list[0] > (uint)max) ThrowHelper.DataCorrupted($"HNSW index file: node {node} has {list[0]} links on level {level}.");
                for (int i = 1; i <= list[0]; i++)
                {
                    int target = list[i];
                    if ((uint)target >= (uint)_count || _levels[target] < level)
                        ThrowHelper.DataCorrupted($"HNSW index file: node {node} links to invalid node {target} on level {level}.");
                }
            }
        }
    }

    /// <summary>Ints in the upper-links section: each node contributes level * (1 + M).</summary>
    private static long UpperLinkInts(ReadOnlySpan<byte> levels, int count, int stride)
    {
        long total = 0;
        for (int i = 0; i < count; i++) total += levels[i];
        return total * stride;
    }

    private static void BeginSection(Stream destination, Crc32 crc, long byteLength)
    {
        Span<byte> length = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(length, byteLength);
        destination.Write(length);
        crc.Reset();
    }

    private static void EndSection(Stream destination, Crc32 crc)
    {
        Span<byte> checksum = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(checksum, crc.GetCurrentHashAsUInt32());
        destination.Write(checksum);
    }

    /// <summary>
    /// Writes in blocks of <see cref="IoBlockBytes"/>: a stream over a pipe allocates a segment as large
    /// as each write, and one write of the layer-0 links (13 MB at 100k vectors) left arrays that size
    /// behind in the shared pool, or as garbage, at every compaction.
    /// </summary>
    private static void WriteBytes(Stream destination, Crc32 crc, ReadOnlySpan<byte> bytes)
    {
        crc.Append(bytes);
        while (!bytes.IsEmpty)
        {
            int n = Math.Min(bytes.Length, IoBlockBytes);
            destination.Write(bytes[..n]);
            bytes = bytes[n..];
        }
    }

    private static void WriteInts(Stream destination, Crc32 crc, ReadOnlySpan<int> values, byte[] buffer)
    {
        if (BitConverter.IsLittleEndian)
        {
            WriteBytes(destination, crc, MemoryMarshal.AsBytes(values));
            return;
        }
        Span<int> block = MemoryMarshal.Cast<byte, int>(buffer.AsSpan());
        while (!values.IsEmpty)
        {
            int n = Math.Min(values.Length, block.Length);
            BinaryPrimitives.ReverseEndianness(values[..n], block);
            WriteBytes(destination, crc, MemoryMarshal.AsBytes(block[..n]));
            values = values[n..];
        }
    }

    private static void ExpectSection(Stream source, Crc32 crc, long expectedBytes, string name)
    {
        Span<byte> length = stackalloc byte[sizeof(long)];
        source.ReadExactly(length);
        long actual = BinaryPrimitives.ReadInt64LittleEndian(length);
        if (actual != expectedBytes)
            ThrowHelper.DataCorrupted($"HNSW index file: {name} section holds {actual} bytes, the header implies {expectedBytes}.");
        crc.Reset();
    }

    private static void VerifySection(Stream source, Crc32 crc, string name)
    {
        Span<byte> checksum = stackalloc byte[sizeof(uint)];
        source.ReadExactly(checksum);
        if (BinaryPrimitives.ReadUInt32LittleEndian(checksum) != crc.GetCurrentHashAsUInt32())
            ThrowHelper.DataCorrupted($"HNSW index file: {name} section checksum mismatch.");
    }

    private static void ReadBytes(Stream source, Crc32 crc, Span<byte> destination)
    {
        source.ReadExactly(destination);
        crc.Append(destination);
    }

    private static void ReadInts(Stream source, Crc32 crc, Span<int> destination)
    {
        ReadBytes(source, crc, MemoryMarshal.AsBytes(destination));
        if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(destination, destination);
    }
}
