using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Chroma.Core.Index.Metadata;

/// <summary>
/// Label sets as <c>ulong[]</c> bitsets: bit <c>label &amp; 63</c> of word <c>label &gt;&gt; 6</c>.
/// The same layout as the HNSW index's allowed-label filter, so a planned filter can be handed
/// to the graph search unchanged. All operations work on the first <c>words</c> words only,
/// so rented (longer) arrays are fine.
/// </summary>
public static class LabelBitset
{
    public static int WordCount(int labelCount) => (labelCount + 63) >> 6;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Set(Span<ulong> bits, int label) => bits[label >> 6] |= 1UL << label;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Clear(Span<ulong> bits, int label) => bits[label >> 6] &= ~(1UL << label);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSet(ReadOnlySpan<ulong> bits, int label) => (bits[label >> 6] & (1UL << label)) != 0;

    /// <summary>destination &amp;= source.</summary>
    public static void And(Span<ulong> destination, ReadOnlySpan<ulong> source) =>
        TensorPrimitives.BitwiseAnd(destination, source[..destination.Length], destination);

    /// <summary>destination |= source.</summary>
    public static void Or(Span<ulong> destination, ReadOnlySpan<ulong> source) =>
        TensorPrimitives.BitwiseOr(destination, source[..destination.Length], destination);

    /// <summary>destination = within &amp; ~destination: the complement of destination inside <paramref name="within"/>.</summary>
    public static void ComplementWithin(Span<ulong> destination, ReadOnlySpan<ulong> within)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = within[i] & ~destination[i];
    }

    /// <summary>destination &amp;= ~source.</summary>
    public static void AndNot(Span<ulong> destination, ReadOnlySpan<ulong> source)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] &= ~source[i];
    }

    public static int PopCount(ReadOnlySpan<ulong> bits)
    {
        int count = 0;
        foreach (ulong word in bits) count += BitOperations.PopCount(word);
        return count;
    }

    /// <summary>
    /// destination &amp;= the set holding exactly <paramref name="sortedLabels"/>. One pass over
    /// both: words without a listed label become zero.
    /// </summary>
    public static void AndSorted(Span<ulong> destination, ReadOnlySpan<int> sortedLabels)
    {
        int next = 0;
        for (int word = 0; word < destination.Length; word++)
        {
            ulong mask = 0;
            int limit = (word + 1) << 6;
            while (next < sortedLabels.Length && sortedLabels[next] < limit)
            {
                mask |= 1UL << sortedLabels[next];
                next++;
            }
            destination[word] &= mask;
        }
    }

    /// <summary>destination |= the listed labels (any order; duplicates are harmless).</summary>
    public static void OrLabels(Span<ulong> destination, ReadOnlySpan<int> labels)
    {
        foreach (int label in labels) destination[label >> 6] |= 1UL << label;
    }

    /// <summary>The set labels in ascending order, in a list sized to hold exactly them.</summary>
    public static List<int> ToList(ReadOnlySpan<ulong> bits)
    {
        var labels = new List<int>(PopCount(bits));
        AppendLabels(bits, labels);
        return labels;
    }

    /// <summary>Appends the set labels in ascending order.</summary>
    public static void AppendLabels(ReadOnlySpan<ulong> bits, List<int> labels)
    {
        for (int word = 0; word < bits.Length; word++)
        {
            ulong value = bits[word];
            while (value != 0)
            {
                labels.Add((word << 6) + BitOperations.TrailingZeroCount(value));
                value &= value - 1;
            }
        }
    }
}
