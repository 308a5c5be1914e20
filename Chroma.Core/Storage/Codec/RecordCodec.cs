using System.Buffers;
using System.Buffers.Binary;
using Chroma.Core.Model;

namespace Chroma.Core.Storage.Codec;

/// <summary>
/// The binary encoding of record batches and metadata maps, shared by the write-ahead log and
/// the index files. Little-endian, length-prefixed, no framing or checksum of its own: the
/// container (log frame, index block) carries those.
/// <code>
/// batch    := op:u8 count:u32 columns:u8 ids[count]:string
///             (embeddings[count]: dim:i32 (-1 = null) f32[dim])?  columns bit 0
///             (documents[count]:  nstring)?                       columns bit 1
///             (uris[count]:       nstring)?                       columns bit 2
///             (metadatas[count]:  metadata)?                      columns bit 3
/// string   := len:i32 utf8[len]          nstring := the same, len -1 = null
/// metadata := n:i32 (-1 = null) (key:string kind:u8 value)[n]    kind = MetadataValueKind
/// </code>
/// The byte layout is frozen by golden tests: change it only with a new container format version.
/// </summary>
public static partial class RecordCodec
{
    private const byte HasEmbeddings = 1;
    private const byte HasDocuments = 2;
    private const byte HasUris = 4;
    private const byte HasMetadatas = 8;
    private const byte KnownColumns = HasEmbeddings | HasDocuments | HasUris | HasMetadatas;

    /// <summary>Bytes before the first id: op, count, column flags.</summary>
    public const int BatchHeaderSize = 1 + sizeof(uint) + 1;

    public static void WriteBatch(IBufferWriter<byte> writer, OperationKind operation, RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(batch);
        if (!Enum.IsDefined(operation)) ThrowHelper.InvalidArgument($"Unknown operation kind {(byte)operation}.");

        int count = batch.Count;
        CheckColumn(batch.Embeddings?.Length, count, "embeddings");
        CheckColumn(batch.Documents?.Length, count, "documents");
        CheckColumn(batch.Uris?.Length, count, "uris");
        CheckColumn(batch.Metadatas?.Length, count, "metadatas");

        byte columns = 0;
        if (batch.Embeddings is not null) columns |= HasEmbeddings;
        if (batch.Documents is not null) columns |= HasDocuments;
        if (batch.Uris is not null) columns |= HasUris;
        if (batch.Metadatas is not null) columns |= HasMetadatas;

        Span<byte> header = writer.GetSpan(BatchHeaderSize);
        header[0] = (byte)operation;
        BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(1), (uint)count);
        header[5] = columns;
        writer.Advance(BatchHeaderSize);

        string[] ids = batch.Ids;
        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] is null) ThrowHelper.InvalidArgument($"Record id at index {i} is null.");
            WriteString(writer, ids[i]);
        }

        if (batch.Embeddings is { } embeddings)
        {
            for (int i = 0; i < embeddings.Length; i++) WriteEmbedding(writer, embeddings[i]);
        }

        if (batch.Documents is { } documents)
        {
            for (int i = 0; i < documents.Length; i++) WriteNullableString(writer, documents[i]);
        }

        if (batch.Uris is { } uris)
        {
            for (int i = 0; i < uris.Length; i++) WriteNullableString(writer, uris[i]);
        }

        if (batch.Metadatas is { } metadatas)
        {
            for (int i = 0; i < metadatas.Length; i++) WriteMetadata(writer, metadatas[i]);
        }
    }

    public static RecordBatch ReadBatch(ReadOnlySpan<byte> data, out OperationKind operation)
    {
        var reader = new SpanReader(data);
        RecordBatch batch = ReadBatch(ref reader, out operation);
        if (!reader.IsEnd) ThrowHelper.DataCorrupted($"{reader.Remaining} unexpected bytes after a record batch.");
        return batch;
    }

    public static RecordBatch ReadBatch(ref SpanReader reader, out OperationKind operation)
    {
        operation = ReadOperation(ref reader);
        // Every id costs at least its 4-byte length prefix.
        int count = reader.ReadCount(sizeof(int));
        byte columns = reader.ReadByte();
        if ((columns & ~KnownColumns) != 0) ThrowHelper.DataCorrupted($"Unknown record batch column flags 0x{columns:x2}.");

        string[] ids = new string[count];
        for (int i = 0; i < ids.Length; i++) ids[i] = reader.ReadString();

        float[]?[]? embeddings = null;
        if ((columns & HasEmbeddings) != 0)
        {
            embeddings = new float[]?[count];
            for (int i = 0; i < embeddings.Length; i++) embeddings[i] = ReadEmbedding(ref reader);
        }

        string?[]? documents = null;
        if ((columns & HasDocuments) != 0)
        {
            documents = new string?[count];
            for (int i = 0; i < documents.Length; i++) documents[i] = reader.ReadNullableString();
        }

        string?[]? uris = null;
        if ((columns & HasUris) != 0)
        {
            uris = new string?[count];
            for (int i = 0; i < uris.Length; i++) uris[i] = reader.ReadNullableString();
        }

        Dictionary<string, MetadataValue>?[]? metadatas = null;
        if ((columns & HasMetadatas) != 0)
        {
            metadatas = new Dictionary<string, MetadataValue>?[count];
            for (int i = 0; i < metadatas.Length; i++) metadatas[i] = ReadMetadata(ref reader);
        }

        return new RecordBatch(ids, embeddings, documents, uris, metadatas);
    }

    /// <summary>Reads only the operation and record count of an encoded batch (log recovery needs no more).</summary>
    public static void ReadBatchHeader(ReadOnlySpan<byte> data, out OperationKind operation, out int count)
    {
        var reader = new SpanReader(data);
        operation = ReadOperation(ref reader);
        uint raw = reader.ReadUInt32();
        if (raw > int.MaxValue) ThrowHelper.DataCorrupted($"Invalid record count {raw}.");
        count = (int)raw;
    }

    private static OperationKind ReadOperation(ref SpanReader reader)
    {
        byte op = reader.ReadByte();
        if (op < (byte)OperationKind.Add || op > (byte)OperationKind.Delete)
            ThrowHelper.DataCorrupted($"Unknown operation kind {op} in a record batch.");
        return (OperationKind)op;
    }

    private static void WriteEmbedding(IBufferWriter<byte> writer, float[]? embedding)
    {
        if (embedding is null)
        {
            WriteInt32(writer, -1);
            return;
        }

        WriteInt32(writer, embedding.Length);
        WriteSingles(writer, embedding);
    }

    private static float[]? ReadEmbedding(ref SpanReader reader)
    {
        int dimension = reader.ReadInt32();
        if (dimension == -1) return null;
        if (dimension < 0) ThrowHelper.DataCorrupted($"Invalid embedding dimension {dimension}.");
        return reader.ReadSingles(dimension);
    }

    private static void CheckColumn(int? length, int count, string column)
    {
        if (length is { } n && n != count)
            ThrowHelper.InvalidArgument($"The {column} column has {n} entries but there are {count} ids.");
    }
}
