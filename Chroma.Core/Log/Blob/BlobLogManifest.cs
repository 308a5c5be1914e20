using System.Buffers.Binary;
using System.IO.Hashing;
using Chroma.Core.Model;
using Chroma.Core.Storage.Codec;

namespace Chroma.Core.Log.Blob;

/// <summary>
/// One collection's log as committed: the fragments holding offsets
/// (<see cref="CompactionOffset"/>, <see cref="LastOffset"/>] (the first may start earlier),
/// in order and contiguous. Immutable: every change is a new manifest written with If-Match on
/// the ETag of the one it replaces. Layout in <see cref="BlobLogFormat"/>.
/// </summary>
internal sealed class BlobLogManifest
{
    public BlobLogManifest(Guid collectionId, long nextOffset, long compactionOffset, BlobLogFragmentRef[] fragments)
    {
        CollectionId = collectionId;
        NextOffset = nextOffset;
        CompactionOffset = compactionOffset;
        Fragments = fragments;
    }

    public Guid CollectionId { get; }

    /// <summary>The offset the next append gets; offsets start at 1.</summary>
    public long NextOffset { get; }

    public long CompactionOffset { get; }

    public BlobLogFragmentRef[] Fragments { get; }

    public long LastOffset => NextOffset - 1;

    public static BlobLogManifest Empty(Guid collectionId) => new(collectionId, 1, 0, []);

    public BlobLogManifest WithFragment(in BlobLogFragmentRef fragment)
    {
        var fragments = new BlobLogFragmentRef[Fragments.Length + 1];
        Fragments.CopyTo(fragments, 0);
        fragments[^1] = fragment;
        return new BlobLogManifest(CollectionId, fragment.LastOffset + 1, CompactionOffset, fragments);
    }

    /// <summary>The manifest after compacting through <paramref name="offset"/>; <paramref name="removed"/> gets the fragments it no longer lists.</summary>
    public BlobLogManifest WithCompaction(long offset, List<BlobLogFragmentRef> removed)
    {
        int drop = 0;
        while (drop < Fragments.Length && Fragments[drop].LastOffset <= offset) drop++;
        for (int i = 0; i < drop; i++) removed.Add(Fragments[i]);
        return new BlobLogManifest(CollectionId, NextOffset, offset, Fragments[drop..]);
    }

    public void Write(PooledBufferWriter writer)
    {
        Span<byte> header = writer.GetSpan(BlobLogFormat.ManifestHeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(header, BlobLogFormat.ManifestMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(header.Slice(4), BlobLogFormat.FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(header.Slice(6), 0);
        CollectionId.TryWriteBytes(header.Slice(8, 16));
        BinaryPrimitives.WriteInt64LittleEndian(header.Slice(24), NextOffset);
        BinaryPrimitives.WriteInt64LittleEndian(header.Slice(32), CompactionOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(40), (uint)Fragments.Length);
        writer.Advance(BlobLogFormat.ManifestHeaderSize);

        for (int i = 0; i < Fragments.Length; i++)
        {
            ref readonly BlobLogFragmentRef fragment = ref Fragments[i];
            RecordCodec.WriteInt64(writer, fragment.FirstOffset);
            RecordCodec.WriteInt64(writer, fragment.LastOffset);
            RecordCodec.WriteInt64(writer, fragment.Length);
            RecordCodec.WriteUInt32(writer, fragment.Crc);
            RecordCodec.WriteString(writer, fragment.Name);
        }

        RecordCodec.WriteUInt32(writer, Crc32.HashToUInt32(writer.WrittenSpan));
    }

    /// <summary>Decodes and validates a manifest blob; anything wrong is DataLoss naming the blob.</summary>
    public static BlobLogManifest Read(ReadOnlySpan<byte> data, Guid expectedCollectionId, string key)
    {
        if (data.Length < BlobLogFormat.ManifestHeaderSize + sizeof(uint))
            ThrowHelper.DataCorrupted($"Write-ahead log manifest '{key}' is truncated ({data.Length} bytes).");
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (magic != BlobLogFormat.ManifestMagic)
            ThrowHelper.DataCorrupted($"'{key}' is not a write-ahead log manifest (magic 0x{magic:x8}).");
        ReadOnlySpan<byte> body = data.Slice(0, data.Length - sizeof(uint));
        if (BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(body.Length)) != Crc32.HashToUInt32(body))
            ThrowHelper.DataCorrupted($"Write-ahead log manifest '{key}' is corrupt (checksum mismatch).");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(4));
        if (version != BlobLogFormat.FormatVersion)
            ThrowHelper.DataCorrupted($"Write-ahead log manifest '{key}' has format version {version}; this build reads version {BlobLogFormat.FormatVersion}.");

        var reader = new SpanReader(body.Slice(8));
        var collectionId = reader.ReadGuid();
        if (collectionId != expectedCollectionId)
            ThrowHelper.DataCorrupted($"Write-ahead log manifest '{key}' belongs to collection {collectionId}, not {expectedCollectionId}.");
        long nextOffset = reader.ReadInt64();
        long compactionOffset = reader.ReadInt64();
        // Each pointer costs at least 28 fixed bytes and a name length.
        int count = reader.ReadCount(3 * sizeof(long) + 2 * sizeof(uint));
        var fragments = new BlobLogFragmentRef[count];
        for (int i = 0; i < fragments.Length; i++)
        {
            long first = reader.ReadInt64();
            long last = reader.ReadInt64();
            long length = reader.ReadInt64();
            uint crc = reader.ReadUInt32();
            string name = reader.ReadString();
            fragments[i] = new BlobLogFragmentRef(first, last, name, length, crc);
        }

        if (!reader.IsEnd) ThrowHelper.DataCorrupted($"Write-ahead log manifest '{key}' has {reader.Remaining} unexpected trailing bytes.");
        var manifest = new BlobLogManifest(collectionId, nextOffset, compactionOffset, fragments);
        manifest.Validate(key);
        return manifest;
    }

    /// <summary>Offsets must be dense: the fragments chain without gaps from the compaction offset to the last offset.</summary>
    private void Validate(string key)
    {
        if (NextOffset < 1 || CompactionOffset < 0 || CompactionOffset > LastOffset)
            ThrowHelper.DataCorrupted($"Write-ahead log manifest '{key}' has inconsistent offsets (next {NextOffset}, compaction {CompactionOffset}).");

        long expectedNext = LastOffset + 1;
        for (int i = Fragments.Length - 1; i >= 0; i--)
        {
            ref readonly BlobLogFragmentRef fragment = ref Fragments[i];
            if (fragment.LastOffset + 1 != expectedNext || fragment.FirstOffset < 1 || fragment.FirstOffset > fragment.LastOffset
                || fragment.Length < BlobLogFormat.FragmentHeaderSize || !BlobLogFormat.TryParseFragmentName(fragment.Name, out long named) || named != fragment.FirstOffset)
            {
                ThrowHelper.DataCorrupted($"Write-ahead log manifest '{key}' has an inconsistent fragment entry {i} ('{fragment.Name}', offsets {fragment.FirstOffset}..{fragment.LastOffset}).");
            }

            expectedNext = fragment.FirstOffset;
        }

        // Whatever is not compacted must be in a fragment.
        if (expectedNext > CompactionOffset + 1)
            ThrowHelper.DataCorrupted($"Write-ahead log manifest '{key}' lists no fragment for offsets {CompactionOffset + 1}..{expectedNext - 1}.");
    }
}
