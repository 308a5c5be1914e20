using Chroma.Core.Filtering;
using Chroma.Core.Filtering.Planning;
using Chroma.Core.Index.Metadata;
using Chroma.Core.Segments;

namespace Chroma.Core.Execution.Operators;

/// <summary>
/// Filter: the records of a view that pass an optional id list and where/where_document.
/// Input: a view, ids (or null), a compiled filter (or null).
/// Output: base labels and tail records that pass, or "everything" when nothing restricts. The
/// planner's labels stay a bitset: a broad filter passes most of the collection, and a list of
/// them (400 KB at 100k) would be garbage on the large-object heap for every such read.
/// Without ids, the index version is filtered by <see cref="FilterPlanner"/> over its metadata and
/// trigram indexes (built on first use); the log tail, small by design, by brute force.
/// </summary>
internal static class FilterOperator
{
    public static FilterOutput Execute(CollectionView view, string[]? ids, RecordFilter? filter)
    {
        if (ids is null && (filter is null || filter.MatchesEverything)) return FilterOutput.Everything;

        CollectionSegment segment = view.Segment;
        ulong[]? allowed = view.BaseAllowed;
        var tail = new List<MaterializedRecord>();

        if (ids is not null)
        {
            var labels = new List<int>();
            var seen = new HashSet<string>(ids.Length, StringComparer.Ordinal);
            foreach (string id in ids)
            {
                if (!seen.Add(id)) continue;
                if (view.Tail.TryGetValue(id, out TailChange? change))
                {
                    if (change.Current is not null && (filter is null || filter.Matches(change.Current.Metadata, change.Current.Document)))
                        tail.Add(change.Current);
                }
                else if (segment.TryGetLabel(id, out int label)
                    && (filter is null || filter.Matches(segment.MetadataOf(label), segment.DocumentTextOf(label))))
                {
                    labels.Add(label);
                }
            }

            labels.Sort();
            tail.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
            return FilterOutput.FromList(labels, tail);
        }

        ulong[] labelBits = [];
        if (segment.LiveCount > 0 && !filter!.MatchesNothing)
        {
            // The planner's domain: live labels the tail did not override (the live set itself when allowed is null).
            FilterIndexes indexes = segment.FilterIndexes;
            labelBits = allowed is null ? FilterPlanner.Execute(indexes, filter) : FilterPlanner.Execute(indexes, filter, allowed);
        }

        foreach (MaterializedRecord record in view.TailLive)
        {
            if (filter!.Matches(record.Metadata, record.Document)) tail.Add(record);
        }

        tail.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
        return FilterOutput.FromBits(labelBits, tail);
    }
}

/// <summary>
/// Base labels (ascending) and tail records (in insertion order) that pass; <see cref="IsEverything"/>
/// when unrestricted. The base labels are a list (an id lookup) or a bitset (the planner), never both
/// unless a reader asks for the other form.
/// </summary>
internal sealed class FilterOutput
{
    public static readonly FilterOutput Everything = new(null, null, null, 0);

    private readonly ulong[]? _labelBits;
    private List<int>? _labels;

    private FilterOutput(List<int>? labels, ulong[]? labelBits, List<MaterializedRecord>? tail, int labelCount)
    {
        _labels = labels;
        _labelBits = labelBits;
        Tail = tail;
        LabelCount = labelCount;
    }

    public static FilterOutput FromList(List<int> labels, List<MaterializedRecord> tail) => new(labels, null, tail, labels.Count);

    public static FilterOutput FromBits(ulong[] labelBits, List<MaterializedRecord> tail) =>
        new(null, labelBits, tail, LabelBitset.PopCount(labelBits));

    public bool IsEverything => Tail is null;

    /// <summary>How many base labels pass.</summary>
    public int LabelCount { get; }

    /// <summary>The passing base labels in ascending order (made from the bitset on first use).</summary>
    public List<int> Labels => _labels ??= LabelBitset.ToList(_labelBits);

    /// <summary>The planner's bitset (label count / 64 words), if it made one.</summary>
    public ulong[]? LabelBits => _labelBits;

    public List<MaterializedRecord>? Tail { get; }
}
