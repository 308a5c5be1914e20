using System.Text;
using Chroma.Core.Memory;
using Chroma.Core.Model;

namespace Chroma.Core.Segments;

/// <summary>
/// The record store of an index version: one array per field, indexed by label. Arrays are
/// sized to a capacity; entries at labels >= the index count are unused. A new version copies
/// the arrays (references only, not strings or maps), which is cheap next to an HNSW insert.
/// </summary>
internal sealed class RecordColumns
{
    private RecordColumns(int capacity)
    {
        Ids = new string?[capacity];
        Documents = new byte[]?[capacity];
        Metadatas = new CompactMetadata?[capacity];
        Sequences = new long[capacity];
    }

    public string?[] Ids { get; private set; }
    /// <summary>UTF-8 (see <see cref="DocumentText"/> for why).</summary>
    public byte[]?[] Documents { get; private set; }
    /// <summary>Null until some record has a URI (most collections never do).</summary>
    public string?[]? Uris { get; private set; }
    public CompactMetadata?[] Metadatas { get; private set; }
    public long[] Sequences { get; private set; }

    public static RecordColumns Create(int capacity) => new(capacity);

    /// <summary>A copy with room for at least <paramref name="capacity"/> labels.</summary>
    public RecordColumns CopyWithCapacity(int usedLabels, int capacity)
    {
        var copy = new RecordColumns(Math.Max(capacity, usedLabels));
        Array.Copy(Ids, copy.Ids, usedLabels);
        Array.Copy(Documents, copy.Documents, usedLabels);
        if (Uris is not null)
        {
            copy.Uris = new string?[copy.Ids.Length];
            Array.Copy(Uris, copy.Uris, usedLabels);
        }
        Array.Copy(Metadatas, copy.Metadatas, usedLabels);
        Array.Copy(Sequences, copy.Sequences, usedLabels);
        return copy;
    }

    /// <summary>
    /// Approximate bytes of the columns and what the first <paramref name="usedLabels"/> entries
    /// reference: strings at two bytes a character, documents in UTF-8, a metadata map per record
    /// with its values.
    /// Metadata keys are shared between records (their shapes) and not counted.
    /// </summary>
    public long EstimateBytes(int usedLabels)
    {
        const int MapOverhead = HeapSize.ObjectOverhead + HeapSize.ArrayOverhead; // the map and its value array's header
        const int MapEntry = 24;     // one MetadataValue
        int referenceColumns = Uris is null ? 3 : 4;
        long bytes = (long)Ids.Length * ((referenceColumns * IntPtr.Size) + sizeof(long));
        for (int label = 0; label < usedLabels; label++)
        {
            if (Ids[label] is { } id) bytes += HeapSize.String(id);
            if (Documents[label] is { } document) bytes += HeapSize.Array(document.Length, sizeof(byte));
            if (Uris?[label] is { } uri) bytes += HeapSize.String(uri);
            if (Metadatas[label] is not { } metadata) continue;
            bytes += MapOverhead + ((long)metadata.Count * MapEntry);
            for (int slot = 0; slot < metadata.Count; slot++)
            {
                MetadataValue value = metadata.ValueAt(slot);
                if (value.Kind == MetadataValueKind.String) bytes += HeapSize.String(value.AsString);
                else if (value.IsArray || value.Kind == MetadataValueKind.SparseVector) bytes += 64;
            }
        }

        return bytes;
    }

    public void Set(int label, MaterializedRecord record) =>
        Set(label, record.Id, record.Document is null ? null : Encoding.UTF8.GetBytes(record.Document), record.Uri, record.Metadata, record.Sequence);

    public void Set(int label, string id, byte[]? documentUtf8, string? uri, IReadOnlyDictionary<string, MetadataValue>? metadata, long sequence)
    {
        Ids[label] = id;
        Documents[label] = documentUtf8;
        if (uri is not null) (Uris ??= new string?[Ids.Length])[label] = uri;
        else if (Uris is not null) Uris[label] = null;
        Metadatas[label] = CompactMetadata.From(metadata);
        Sequences[label] = sequence;
    }

    public void Clear(int label)
    {
        Documents[label] = null;
        if (Uris is not null) Uris[label] = null;
        Metadatas[label] = null;
    }
}
