using Chroma.Core.Index.FullText;
using Chroma.Core.Index.Metadata;
using Chroma.Core.Memory;
using Chroma.Core.Model;

namespace Chroma.Core.Filtering.Planning;

/// <summary>
/// The filter-side view of one immutable version: its record columns, its live labels, and
/// the metadata and trigram indexes over them. Each index is built on first use, once
/// (concurrent first readers wait for the one build), so a version nobody filters never
/// pays for it and a version filtered only on metadata never builds the trigram index.
/// Derived data, never persisted.
/// </summary>
public sealed class FilterIndexes
{
    private readonly CompactMetadata?[] _metadatas;
    private readonly byte[]?[] _documents;
    private readonly ulong[] _live;
    private readonly Lazy<MetadataIndex> _metadata;
    private readonly Lazy<TrigramIndex> _fullText;
    private long _metadataBytes;
    private long _fullTextBytes;

    /// <param name="metadatas">Metadata by label; at least <paramref name="labelCount"/> long.</param>
    /// <param name="documents">Documents by label, in UTF-8; at least <paramref name="labelCount"/> long.</param>
    /// <param name="live">The live labels; at least <see cref="LabelBitset.WordCount"/>(labelCount) words.</param>
    public FilterIndexes(CompactMetadata?[] metadatas, byte[]?[] documents, int labelCount, ulong[] live)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(metadatas.Length, labelCount, nameof(metadatas));
        ArgumentOutOfRangeException.ThrowIfLessThan(documents.Length, labelCount, nameof(documents));
        ArgumentOutOfRangeException.ThrowIfLessThan(live.Length, LabelBitset.WordCount(labelCount), nameof(live));
        _metadatas = metadatas;
        _documents = documents;
        LabelCount = labelCount;
        _live = live;
        LiveCount = LabelBitset.PopCount(Live);
        _metadata = new Lazy<MetadataIndex>(() =>
        {
            MetadataIndex index = ReleasingScratch(MetadataIndex.Build(_metadatas.AsSpan(0, LabelCount), Live));
            Volatile.Write(ref _metadataBytes, index.EstimatedBytes);
            return index;
        }, LazyThreadSafetyMode.ExecutionAndPublication);
        _fullText = new Lazy<TrigramIndex>(() =>
        {
            TrigramIndex index = ReleasingScratch(TrigramIndex.Build(_documents.AsSpan(0, LabelCount), Live));
            Volatile.Write(ref _fullTextBytes, index.EstimatedBytes);
            return index;
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public int LabelCount { get; }

    public int LiveCount { get; }

    public int WordCount => LabelBitset.WordCount(LabelCount);

    public ReadOnlySpan<ulong> Live => _live.AsSpan(0, WordCount);

    /// <summary><see cref="Live"/>, for a reader that walks it across yields.</summary>
    public ReadOnlyMemory<ulong> LiveMemory => _live.AsMemory(0, WordCount);

    public MetadataIndex Metadata => _metadata.Value;

    public TrigramIndex FullText => _fullText.Value;

    /// <summary>
    /// Approximate bytes held: the live bitset, plus each index once a filter has needed it
    /// (measured once, when it is built).
    /// </summary>
    internal long EstimatedBytes =>
        HeapSize.Array(_live.Length, sizeof(ulong)) + Volatile.Read(ref _metadataBytes) + Volatile.Read(ref _fullTextBytes);

    /// <summary>A large build leaves its posting-list builders behind as garbage: give it back at once.</summary>
    private T ReleasingScratch<T>(T built)
    {
        if (LabelCount >= ResidentMemory.LargeBuildLabels) ResidentMemory.ReleaseSoon();
        return built;
    }

    internal CompactMetadata? MetadataOf(int label) => _metadatas[label];

    internal DocumentText DocumentTextOf(int label) => new(_documents[label]);
}
