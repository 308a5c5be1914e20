using Chroma.Core.Index.Metadata;
using Chroma.Core.Segments;

namespace Chroma.Core.Execution.Operators;

/// <summary>
/// Limit: the rows of a get in insertion order (first insert of each id), after offset,
/// at most limit. Input: a view and the filter output. Output: the rows to project.
/// </summary>
internal static class LimitOperator
{
    public static List<RowRef> Execute(CollectionView view, FilterOutput filtered, int offset, int? limit)
    {
        int take = limit ?? int.MaxValue;
        var rows = new List<RowRef>(Math.Min(take, 1024));
        if (take <= 0) return rows;

        CollectionSegment segment = view.Segment;
        int skip = offset;
        foreach (RowRef row in InsertionOrder(view, filtered))
        {
            if (skip > 0) { skip--; continue; }
            rows.Add(row);
            if (rows.Count >= take) break;
        }

        return rows;
    }

    /// <summary>Merges base labels and tail records by sequence.</summary>
    private static IEnumerable<RowRef> InsertionOrder(CollectionView view, FilterOutput filtered)
    {
        CollectionSegment segment = view.Segment;
        IReadOnlyList<int> baseLabels = filtered.IsEverything ? CurrentBaseLabels(view) : filtered.Labels!;
        IReadOnlyList<MaterializedRecord> tail = filtered.IsEverything ? view.TailLive : filtered.Tail!;
        if (!segment.LabelsInSequenceOrder) baseLabels = SortBySequence(segment, baseLabels);

        int b = 0, t = 0;
        while (b < baseLabels.Count || t < tail.Count)
        {
            if (t >= tail.Count || (b < baseLabels.Count && segment.SequenceOf(baseLabels[b]) < tail[t].Sequence))
            {
                yield return RowRef.FromLabel(segment, baseLabels[b++]);
            }
            else
            {
                yield return RowRef.FromTail(tail[t++]);
            }
        }
    }

    private static IReadOnlyList<int> CurrentBaseLabels(CollectionView view)
    {
        var labels = new List<int>(view.Segment.LiveCount);
        LabelBitset.AppendLabels(view.BaseAllowed ?? view.Segment.FilterIndexes.Live, labels);
        return labels;
    }

    private static int[] SortBySequence(CollectionSegment segment, IReadOnlyList<int> labels)
    {
        var sorted = new int[labels.Count];
        var keys = new long[labels.Count];
        for (int i = 0; i < sorted.Length; i++)
        {
            sorted[i] = labels[i];
            keys[i] = segment.SequenceOf(labels[i]);
        }

        Array.Sort(keys, sorted);
        return sorted;
    }
}
