using System.Numerics;
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
        if (take <= 0) return [];

        // Sized once: a growing list of a broad get's rows would leave each doubling behind.
        long available = (filtered.IsEverything ? (long)view.Count : (long)filtered.LabelCount + filtered.Tail!.Count) - offset;
        var rows = new List<RowRef>((int)Math.Clamp(available, 0, take));
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
        IReadOnlyList<MaterializedRecord> tail = filtered.IsEverything ? view.TailLive : filtered.Tail!;
        var baseLabels = new AscendingLabels(segment, filtered, view.BaseAllowed);

        int t = 0;
        bool hasBase = baseLabels.MoveNext();
        while (hasBase || t < tail.Count)
        {
            if (t >= tail.Count || (hasBase && segment.SequenceOf(baseLabels.Current) < tail[t].Sequence))
            {
                yield return RowRef.FromLabel(segment, baseLabels.Current);
                hasBase = baseLabels.MoveNext();
            }
            else
            {
                yield return RowRef.FromTail(tail[t++]);
            }
        }
    }

    /// <summary>
    /// The base labels to return in sequence order: walked straight off a bitset when labels are
    /// in sequence order (the usual case), else sorted by sequence first.
    /// </summary>
    private sealed class AscendingLabels
    {
        private readonly ReadOnlyMemory<ulong> _bits;
        private readonly IReadOnlyList<int>? _list;
        private int _word = -1;
        private ulong _pending;
        private int _next;

        /// <param name="baseAllowed">The view's live labels not overridden by its tail (null: all live labels).</param>
        public AscendingLabels(CollectionSegment segment, FilterOutput filtered, ulong[]? baseAllowed)
        {
            // Spelled out: with "?:" or "??", a null array would convert to an empty memory, not to null.
            ReadOnlyMemory<ulong>? bits = null;
            if (filtered.IsEverything) bits = baseAllowed is not null ? baseAllowed : segment.FilterIndexes.LiveMemory;
            else if (filtered.LabelBits is not null) bits = filtered.LabelBits;
            if (!segment.LabelsInSequenceOrder)
            {
                _list = SortBySequence(segment, bits is { } set ? LabelBitset.ToList(set.Span) : filtered.Labels);
            }
            else if (bits is { } set)
            {
                _bits = set;
            }
            else
            {
                _list = filtered.Labels;
            }
        }

        public int Current { get; private set; }

        public bool MoveNext()
        {
            if (_list is not null)
            {
                if (_next >= _list.Count) return false;
                Current = _list[_next++];
                return true;
            }

            while (_pending == 0)
            {
                if (++_word >= _bits.Length) return false;
                _pending = _bits.Span[_word];
            }
            Current = (_word << 6) + BitOperations.TrailingZeroCount(_pending);
            _pending &= _pending - 1;
            return true;
        }
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
