using Chroma.Core.Filtering;
using Chroma.Core.Segments;

namespace Chroma.Core.Execution.Operators;

/// <summary>
/// Filter: the records of a view that pass an optional id list and where/where_document.
/// Input: a view, ids (or null), a compiled filter (or null).
/// Output: base labels and tail records that pass, or "everything" when nothing restricts.
/// Brute force over the record store for now; the metadata and full-text indexes plug in here.
/// </summary>
internal static class FilterOperator
{
    public static FilterOutput Execute(CollectionView view, string[]? ids, RecordFilter? filter)
    {
        if (ids is null && filter is null) return FilterOutput.Everything;

        CollectionSegment segment = view.Segment;
        ulong[]? allowed = view.BaseAllowed;
        var labels = new List<int>();
        var tail = new List<MaterializedRecord>();

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
            int labelCount = segment.LabelCount;
            for (int label = 0; label < labelCount; label++)
            {
                if (view.IsBaseLabelCurrent(label, allowed) && filter!.Matches(segment.MetadataOf(label), segment.DocumentOf(label)))
                    labels.Add(label);
            }

            foreach (MaterializedRecord record in view.TailLive)
            {
                if (filter!.Matches(record.Metadata, record.Document)) tail.Add(record);
            }
        }

        tail.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
        return new FilterOutput(labels, tail);
    }
}

/// <summary>Base labels in ascending order and tail records in insertion order; <see cref="IsEverything"/> when unrestricted.</summary>
internal sealed class FilterOutput
{
    public static readonly FilterOutput Everything = new(null, null);

    public FilterOutput(List<int>? labels, List<MaterializedRecord>? tail)
    {
        Labels = labels;
        Tail = tail;
    }

    public List<int>? Labels { get; }
    public List<MaterializedRecord>? Tail { get; }
    public bool IsEverything => Labels is null;
}
