using Chroma.Core.Memory;

namespace Chroma.Core.Index.Metadata;

/// <summary>
/// The labels holding one indexed value: a sorted <c>int[]</c> when sparse, a bitset when
/// dense. The switch is at the memory break-even (a label costs 4 bytes in a list, the
/// bitset labelCount/8 bytes in all), which also keeps either form cheap to combine: a list
/// costs O(count), a bitset O(labelCount/64) word operations.
/// Immutable once built.
/// </summary>
public sealed class PostingList
{
    private readonly int[]? _labels;
    private readonly ulong[]? _bits;

    private PostingList(int[]? labels, ulong[]? bits, int count)
    {
        _labels = labels;
        _bits = bits;
        Count = count;
    }

    /// <summary>How many labels hold the value.</summary>
    public int Count { get; }

    public bool IsBitset => _bits is not null;

    /// <summary>Approximate bytes held (<see cref="HeapSize"/>).</summary>
    internal long EstimatedBytes => HeapSize.ObjectOverhead
        + (_bits is not null ? HeapSize.Array(_bits.Length, sizeof(ulong)) : HeapSize.Array(_labels!.Length, sizeof(int)));

    /// <summary>Builds from labels in ascending order without duplicates.</summary>
    public static PostingList FromSorted(ReadOnlySpan<int> sortedLabels, int labelCount)
    {
        if ((long)sortedLabels.Length * 32 >= labelCount && labelCount >= 64)
        {
            var bits = new ulong[LabelBitset.WordCount(labelCount)];
            LabelBitset.OrLabels(bits, sortedLabels);
            return new PostingList(null, bits, sortedLabels.Length);
        }
        return new PostingList(sortedLabels.ToArray(), null, sortedLabels.Length);
    }

    /// <summary>destination |= this.</summary>
    public void OrInto(Span<ulong> destination)
    {
        if (_bits is not null) LabelBitset.Or(destination, _bits);
        else LabelBitset.OrLabels(destination, _labels);
    }

    /// <summary>destination &amp;= this.</summary>
    public void AndInto(Span<ulong> destination)
    {
        if (_bits is not null) LabelBitset.And(destination, _bits);
        else LabelBitset.AndSorted(destination, _labels);
    }

    public bool Contains(int label)
    {
        if (_bits is not null) return (uint)(label >> 6) < (uint)_bits.Length && LabelBitset.IsSet(_bits, label);
        return Array.BinarySearch(_labels!, label) >= 0;
    }
}
