using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.IO.Pipelines;
using Chroma.Core.Index.Hnsw;
using Chroma.Core.Model;
using Chroma.Core.Storage;
using Chroma.Core.Storage.Codec;

namespace Chroma.Core.Segments;

/// <summary>
/// Index versions as blobs: <c>{collection:N}/v{version:D12}/records.bin</c> (the record store)
/// and <c>.../hnsw.bin</c> (graph and vectors, HnswIndex's own format). A version's files are
/// written before the version is registered and never change afterwards.
/// <para>records.bin, little-endian: a 48-byte header [magic "CRRS" u32][format u16][flags u16]
/// [collection id 16][version i64][log position i64][label count i32][reserved u32], then per
/// label [live u8] and, when live, [sequence i64][id][document?][uri?][metadata] in the record
/// codec's encoding, then a CRC-32 of everything before it.</para>
/// </summary>
public sealed class BlobSegmentStore : ISegmentStore
{
    internal const uint RecordsMagic = 0x53525243; // "CRRS"
    internal const ushort RecordsFormat = 1;
    internal const int RecordsHeaderSize = 48;
    private const ushort FlagLabelsInSequenceOrder = 1;

    private readonly IBlobStore _blobs;

    public BlobSegmentStore(IBlobStore blobs) => _blobs = blobs;

    public async Task SaveAsync(CollectionSegment segment, CancellationToken ct = default)
    {
        await StreamToBlobAsync(Key(segment.CollectionId, segment.Version, "records.bin"), stream =>
        {
            using var writer = new StreamBufferWriter(stream);
            WriteRecords(writer, segment);
            writer.Flush();
        }, ct).ConfigureAwait(false);

        if (segment.Index is { } index)
        {
            await StreamToBlobAsync(Key(segment.CollectionId, segment.Version, "hnsw.bin"), index.Save, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Streams a file into the blob store through a bounded pipe: index files hold every record
    /// and vector, so building them whole in memory would double the process's memory at each
    /// compaction (and leave the buffers in the shared pool).
    /// </summary>
    private async Task StreamToBlobAsync(string key, Action<Stream> write, CancellationToken ct)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 4 << 20, resumeWriterThreshold: 2 << 20, useSynchronizationContext: false));
        Task produce = Task.Run(() =>
        {
            try
            {
                using (Stream stream = pipe.Writer.AsStream(leaveOpen: true)) write(stream);
                pipe.Writer.Complete();
            }
            catch (Exception e)
            {
                // Hand the failure to the reading side so the blob write fails instead of storing a truncated file.
                pipe.Writer.Complete(e);
                throw;
            }
        }, CancellationToken.None);

        bool stored = false;
        try
        {
            using Stream content = pipe.Reader.AsStream();
            await _blobs.PutAsync(key, content, BlobCondition.None, ct).ConfigureAwait(false);
            stored = true;
        }
        finally
        {
            // Unblocks the producer if the store stopped reading early.
            await pipe.Reader.CompleteAsync().ConfigureAwait(false);
            if (stored)
            {
                await produce.ConfigureAwait(false);
            }
            else
            {
                // The store's exception is the one to report; wait for the producer and observe its fault.
                await Task.WhenAny(produce).ConfigureAwait(false);
                _ = produce.Exception;
            }
        }
    }

    public async Task<CollectionSegment> LoadAsync(Guid collectionId, long version, CancellationToken ct = default)
    {
        if (version == 0) return CollectionSegment.Empty(collectionId);

        ReadOnlyMemory<byte> records;
        using (BlobReadResult? blob = await _blobs.OpenReadAsync(Key(collectionId, version, "records.bin"), ct).ConfigureAwait(false))
        {
            records = blob is null ? ThrowMissing(collectionId, version, "records.bin") : await blob.ReadAllAsync(ct).ConfigureAwait(false);
        }

        HnswIndex? index = null;
        using (BlobReadResult? graph = await _blobs.OpenReadAsync(Key(collectionId, version, "hnsw.bin"), ct).ConfigureAwait(false))
        {
            if (graph is not null) index = HnswIndex.Load(graph.Content);
        }

        return ReadRecords(records.Span, collectionId, version, index);
    }

    public async Task DeleteOlderVersionsAsync(Guid collectionId, long keepVersion, CancellationToken ct = default)
    {
        foreach (string key in await _blobs.ListAsync(Prefix(collectionId), ct).ConfigureAwait(false))
        {
            if (TryParseVersion(collectionId, key, out long version) && version < keepVersion)
                await _blobs.DeleteAsync(key, ct).ConfigureAwait(false);
        }
    }

    public async Task DropAsync(Guid collectionId, CancellationToken ct = default)
    {
        foreach (string key in await _blobs.ListAsync(Prefix(collectionId), ct).ConfigureAwait(false))
        {
            await _blobs.DeleteAsync(key, ct).ConfigureAwait(false);
        }
    }

    internal static void WriteRecords(IBufferWriter<byte> output, CollectionSegment segment)
    {
        var writer = new ChecksummingBufferWriter(output);
        int labels = segment.LabelCount;
        Span<byte> header = writer.GetSpan(RecordsHeaderSize)[..RecordsHeaderSize];
        header.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(header, RecordsMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], RecordsFormat);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], segment.LabelsInSequenceOrder ? FlagLabelsInSequenceOrder : (ushort)0);
        segment.CollectionId.TryWriteBytes(header[8..24]);
        BinaryPrimitives.WriteInt64LittleEndian(header[24..], segment.Version);
        BinaryPrimitives.WriteInt64LittleEndian(header[32..], segment.LogPosition);
        BinaryPrimitives.WriteInt32LittleEndian(header[40..], labels);
        writer.Advance(RecordsHeaderSize);

        for (int label = 0; label < labels; label++)
        {
            bool live = segment.IsLive(label);
            RecordCodec.WriteByte(writer, live ? (byte)1 : (byte)0);
            if (!live) continue;
            RecordCodec.WriteInt64(writer, segment.SequenceOf(label));
            RecordCodec.WriteString(writer, segment.IdOf(label));
            RecordCodec.WriteNullableUtf8(writer, segment.Columns.Documents[label]);
            RecordCodec.WriteNullableString(writer, segment.UriOf(label));
            RecordCodec.WriteMetadata(writer, segment.MetadataOf(label));
        }

        RecordCodec.WriteUInt32(output, writer.Checksum);
    }

    internal static CollectionSegment ReadRecords(ReadOnlySpan<byte> data, Guid collectionId, long version, HnswIndex? index)
    {
        string name = $"records.bin of collection {collectionId} version {version}";
        if (data.Length < RecordsHeaderSize + sizeof(uint)) ThrowHelper.DataCorrupted($"{name} is truncated ({data.Length} bytes).");
        if (BinaryPrimitives.ReadUInt32LittleEndian(data) != RecordsMagic) ThrowHelper.DataCorrupted($"{name} has a bad magic number.");
        ushort format = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
        if (format != RecordsFormat) ThrowHelper.DataCorrupted($"{name} has format {format}; this build reads format {RecordsFormat}.");
        int body = data.Length - sizeof(uint);
        if (Crc32.HashToUInt32(data[..body]) != BinaryPrimitives.ReadUInt32LittleEndian(data[body..]))
            ThrowHelper.DataCorrupted($"{name} fails its checksum.");

        bool inOrder = (BinaryPrimitives.ReadUInt16LittleEndian(data[6..]) & FlagLabelsInSequenceOrder) != 0;
        var storedId = new Guid(data[8..24]);
        long storedVersion = BinaryPrimitives.ReadInt64LittleEndian(data[24..]);
        long logPosition = BinaryPrimitives.ReadInt64LittleEndian(data[32..]);
        int labels = BinaryPrimitives.ReadInt32LittleEndian(data[40..]);
        if (storedId != collectionId || storedVersion != version) ThrowHelper.DataCorrupted($"{name} belongs to collection {storedId} version {storedVersion}.");
        if (labels != (index?.Count ?? 0)) ThrowHelper.DataCorrupted($"{name} has {labels} labels but its index has {index?.Count ?? 0}.");

        RecordColumns columns = RecordColumns.Create(labels);
        var ids = new Dictionary<string, int>(labels, StringComparer.Ordinal);
        var reader = new SpanReader(data[RecordsHeaderSize..body]);
        for (int label = 0; label < labels; label++)
        {
            if (reader.ReadByte() == 0) continue;
            // Field order is the file's: sequence, id, document, uri, metadata.
            long sequence = reader.ReadInt64();
            string id = reader.ReadString();
            byte[]? document = reader.ReadNullableUtf8();
            string? uri = reader.ReadNullableString();
            columns.Set(label, id, document, uri, RecordCodec.ReadCompactMetadata(ref reader), sequence);
            ids[id] = label;
        }

        return new CollectionSegment(collectionId, version, logPosition, index, columns, ids, inOrder);
    }

    private static ReadOnlyMemory<byte> ThrowMissing(Guid collectionId, long version, string file)
    {
        ThrowHelper.DataCorrupted($"Index version {version} of collection {collectionId} is registered but its {file} is missing.");
        return default;
    }

    private static string Prefix(Guid collectionId) => collectionId.ToString("N") + "/";

    private static string Key(Guid collectionId, long version, string file) =>
        string.Create(CultureInfo.InvariantCulture, $"{collectionId:N}/v{version:D12}/{file}");

    /// <summary>
    /// True for a key <see cref="Key"/> makes, <c>{collection:N}/v{version:D12}/{file}</c>: a file of an
    /// index version, written once before the version is registered and never changed (what a cache
    /// in front of the blob store may keep).
    /// </summary>
    public static bool IsVersionFileKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ReadOnlySpan<char> rest = key;
        int slash = rest.IndexOf('/');
        if (slash != 32 || rest[..slash].ContainsAnyExcept(HexDigits)) return false;
        rest = rest[(slash + 1)..];
        slash = rest.IndexOf('/');
        if (slash != 13 || rest[0] != 'v' || rest[1..slash].ContainsAnyExceptInRange('0', '9')) return false;
        rest = rest[(slash + 1)..];
        return rest.Length > 0 && !rest.Contains('/');
    }

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private static bool TryParseVersion(Guid collectionId, string key, out long version)
    {
        version = 0;
        string prefix = Prefix(collectionId) + "v";
        if (!key.StartsWith(prefix, StringComparison.Ordinal)) return false;
        int slash = key.IndexOf('/', prefix.Length);
        return slash > prefix.Length
            && long.TryParse(key.AsSpan(prefix.Length, slash - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}
