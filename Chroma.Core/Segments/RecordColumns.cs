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
        Documents = new string?[capacity];
        Uris = new string?[capacity];
        Metadatas = new Dictionary<string, MetadataValue>?[capacity];
        Sequences = new long[capacity];
    }

    public string?[] Ids { get; private set; }
    public string?[] Documents { get; private set; }
    public string?[] Uris { get; private set; }
    public Dictionary<string, MetadataValue>?[] Metadatas { get; private set; }
    public long[] Sequences { get; private set; }

    public static RecordColumns Create(int capacity) => new(capacity);

    /// <summary>A copy with room for at least <paramref name="capacity"/> labels.</summary>
    public RecordColumns CopyWithCapacity(int usedLabels, int capacity)
    {
        var copy = new RecordColumns(Math.Max(capacity, usedLabels));
        Array.Copy(Ids, copy.Ids, usedLabels);
        Array.Copy(Documents, copy.Documents, usedLabels);
        Array.Copy(Uris, copy.Uris, usedLabels);
        Array.Copy(Metadatas, copy.Metadatas, usedLabels);
        Array.Copy(Sequences, copy.Sequences, usedLabels);
        return copy;
    }

    public void Set(int label, MaterializedRecord record) =>
        Set(label, record.Id, record.Document, record.Uri, record.Metadata, record.Sequence);

    public void Set(int label, string id, string? document, string? uri, Dictionary<string, MetadataValue>? metadata, long sequence)
    {
        Ids[label] = id;
        Documents[label] = document;
        Uris[label] = uri;
        Metadatas[label] = metadata;
        Sequences[label] = sequence;
    }

    public void Clear(int label)
    {
        Documents[label] = null;
        Uris[label] = null;
        Metadatas[label] = null;
    }
}
