using Chroma.Core.Filtering.Planning;
using Chroma.Core.Index.Hnsw;
using Chroma.Core.Index.Metadata;
using Chroma.Core.Memory;
using Chroma.Core.Model;

namespace Chroma.Core.Segments;

/// <summary>
/// One immutable index version of a collection, in memory: the HNSW graph over every
/// label's vector plus the record store (id, document, uri, metadata, insertion sequence)
/// indexed by label. It covers the log up to <see cref="LogPosition"/>.
/// <para>Invariant: once published, nothing here changes. The compactor builds the next
/// version from a copy (<see cref="SegmentBuilder"/>), so readers need no locks.</para>
/// </summary>
public sealed partial class CollectionSegment
{
    // Metadata and trigram indexes are derived from this version's columns: built on the first
    // filtered read, once (concurrent readers wait for one build), never persisted. Not readonly
    // only so WithVersion can share them: the records are the same.
    private Lazy<FilterIndexes> _filterIndexes;

    internal CollectionSegment(
        Guid collectionId,
        long version,
        long logPosition,
        HnswIndex? index,
        RecordColumns columns,
        Dictionary<string, int> labels,
        bool labelsInSequenceOrder)
    {
        CollectionId = collectionId;
        Version = version;
        LogPosition = logPosition;
        Index = index;
        Columns = columns;
        Labels = labels;
        LabelsInSequenceOrder = labelsInSequenceOrder;
        _filterIndexes = new Lazy<FilterIndexes>(BuildFilterIndexes, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public Guid CollectionId { get; }
    public long Version { get; }

    /// <summary>The last log offset applied to this version (0 for the empty version 0).</summary>
    public long LogPosition { get; }

    /// <summary>Null while the collection has no vector.</summary>
    public HnswIndex? Index { get; }

    internal RecordColumns Columns { get; }

    /// <summary>Live ids to labels. Deleted labels are absent here and deleted in the index.</summary>
    internal Dictionary<string, int> Labels { get; }

    /// <summary>
    /// True when label order equals insertion order for live labels, so a get can walk labels
    /// without sorting. An embedding update moves a record to a new label and clears it.
    /// </summary>
    internal bool LabelsInSequenceOrder { get; }

    public int LiveCount => Labels.Count;
    public int LabelCount => Index?.Count ?? 0;

    /// <summary>
    /// Approximate bytes this version holds in memory: the index, the record columns and the id
    /// map (computed on first use, one pass over the records), and the metadata and full-text
    /// indexes once a filtered read has built them.
    /// </summary>
    public long EstimatedBytes
    {
        get
        {
            long bytes = Volatile.Read(ref _estimatedBytes);
            if (bytes < 0)
            {
                int labelMapEntry = HeapSize.DictionaryEntryOverhead + IntPtr.Size + sizeof(int); // id reference, label
                bytes = (Index?.EstimatedBytes ?? 0) + Columns.EstimateBytes(LabelCount) + ((long)Labels.Count * labelMapEntry);
                Volatile.Write(ref _estimatedBytes, bytes);
            }
            return _filterIndexes.IsValueCreated ? bytes + _filterIndexes.Value.EstimatedBytes : bytes;
        }
    }

    private long _estimatedBytes = -1;

    public static CollectionSegment Empty(Guid collectionId) =>
        new(collectionId, 0, 0, null, RecordColumns.Create(0), new Dictionary<string, int>(StringComparer.Ordinal), true);

    /// <summary>The same records registered as a newer version covering more of the log (the log only touched absent ids).</summary>
    public CollectionSegment WithVersion(long version, long logPosition) =>
        new(CollectionId, version, logPosition, Index, Columns, Labels, LabelsInSequenceOrder) { _filterIndexes = _filterIndexes };

    /// <summary>The live labels with the metadata and full-text indexes over them, for the filter planner.</summary>
    internal FilterIndexes FilterIndexes => _filterIndexes.Value;

    public bool TryGetLabel(string id, out int label) => Labels.TryGetValue(id, out label);

    public bool IsLive(int label) => Index is not null && label < Index.Count && !Index.IsDeleted(label);

    public string IdOf(int label) => Columns.Ids[label]!;
    /// <summary>Decoded from the stored UTF-8: allocates. Filters read <see cref="DocumentTextOf"/>.</summary>
    public string? DocumentOf(int label) => DocumentTextOf(label).AsString();

    internal DocumentText DocumentTextOf(int label) => new(Columns.Documents[label]);
    public string? UriOf(int label) => Columns.Uris?[label];
    public CompactMetadata? MetadataOf(int label) => Columns.Metadatas[label];
    public long SequenceOf(int label) => Columns.Sequences[label];

    private FilterIndexes BuildFilterIndexes()
    {
        int labels = LabelCount;
        var live = new ulong[LabelBitset.WordCount(labels)];
        for (int label = 0; label < labels; label++)
        {
            if (IsLive(label)) LabelBitset.Set(live, label);
        }
        return new FilterIndexes(Columns.Metadatas, Columns.Documents, labels, live);
    }

    /// <summary>
    /// A copy of a stored record, its embedding copied too unless <paramref name="withEmbedding"/> is
    /// false (then it is empty: for a caller that replaces it). Not for hot loops.
    /// </summary>
    public MaterializedRecord GetRecord(int label, bool withEmbedding) => new()
    {
        Id = Columns.Ids[label]!,
        Embedding = withEmbedding ? Index!.GetVector(label).ToArray() : [],
        Document = DocumentOf(label),
        Uri = UriOf(label),
        Metadata = Columns.Metadatas[label],
        Sequence = Columns.Sequences[label],
        EmbeddingChanged = false,
    };
}
