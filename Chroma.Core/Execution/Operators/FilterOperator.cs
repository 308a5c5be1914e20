using Chroma.Core.Filtering;
using Chroma.Core.Filtering.Planning;
using Chroma.Core.Index.Metadata;
using Chroma.Core.Segments;

namespace Chroma.Core.Execution.Operators;

/// <summary>
/// Filter: the records of a view that pass an optional id list and where/where_document.
/// Input: a view, ids (or null), a compiled filter (or null).
/// Output: base labels and tail records that pass, or "everything" when nothing restricts.
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
        var labels = new List<int>();
        var tail = new List<MaterializedRecord>();
        ulong[]? labelBits = null;

        if (ids is not null)
        {
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
                    && (filter is null || filter.Matches(segment.MetadataOf(label), segment.DocumentOf(label))))
                {
                    labels.Add(label);
                }
            }

            labels.Sort();
        }
        else
        {
            if (segment.LiveCount > 0 && !filter!.MatchesNothing)
            {
                // The planner's domain: live labels the tail did not override (the live set itself when allowed is null).
                FilterIndexes indexes = segment.FilterIndexes;
                labelBits = allowed is null ? FilterPlanner.Execute(indexes, filter) : FilterPlanner.Execute(indexes, filter, allowed);
                labels.EnsureCapacity(LabelBitset.PopCount(labelBits));
                LabelBitset.AppendLabels(labelBits, labels);
            }

            foreach (MaterializedRecord record in view.TailLive)
            {
                if (filter!.Matches(record.Metadata, record.Document)) tail.Add(record);
            }
        }

        tail.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
        return new FilterOutput(labels, tail, labelBits);
    }
}

/// <summary>Base labels in ascending order and tail records in insertion order; <see cref="IsEverything"/> when unrestricted.</summary>
internal sealed class FilterOutput
{
    public static readonly FilterOutput Everything = new(null, null);

    public FilterOutput(List<int>? labels, List<MaterializedRecord>? tail, ulong[]? labelBits = null)
    {
        Labels = labels;
        Tail = tail;
        LabelBits = labelBits;
    }

    public List<int>? Labels { get; }

    /// <summary>The same base labels as a bitset (label count / 64 words) when the planner made one, so k-NN need not rebuild it.</summary>
    public ulong[]? LabelBits { get; }

    public List<MaterializedRecord>? Tail { get; }
    public bool IsEverything => Labels is null;
}
