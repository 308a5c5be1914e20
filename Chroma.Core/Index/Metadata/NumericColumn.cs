using Chroma.Core.Filtering;
using Chroma.Core.Filtering.Evaluation;
using Chroma.Core.Memory;
using Chroma.Core.Model;

namespace Chroma.Core.Index.Metadata;

/// <summary>
/// The numeric values of one metadata key, sorted by value, each with its label: ints and
/// floats in two columns so that every comparison stays exact (an i64 above 2^53 is not
/// rounded through a double; see <see cref="NumericComparison"/>). $eq, $gt, $gte, $lt and
/// $lte are then each a contiguous slice of both columns, found by binary search.
/// NaN floats are left out: they compare unordered, so they match no positive operator.
/// Immutable once built.
/// </summary>
public sealed class NumericColumn
{
    private readonly long[] _ints;
    private readonly int[] _intLabels;
    private readonly double[] _floats;
    private readonly int[] _floatLabels;

    // Every label of the column, when each label appears once (scalar fields) and the column is
    // dense enough for a bitset: a slice covering most of the column is then written as
    // "all minus the rest", touching fewer labels.
    private readonly ulong[]? _present;

    internal NumericColumn(long[] ints, int[] intLabels, double[] floats, int[] floatLabels, ulong[]? present)
    {
        _ints = ints;
        _intLabels = intLabels;
        _floats = floats;
        _floatLabels = floatLabels;
        _present = present;
    }

    /// <summary>Entries in both columns.</summary>
    public int Count => _ints.Length + _floats.Length;

    /// <summary>Approximate bytes held (<see cref="HeapSize"/>).</summary>
    internal long EstimatedBytes => HeapSize.ObjectOverhead
        + HeapSize.Array(_ints.Length, sizeof(long)) + HeapSize.Array(_intLabels.Length, sizeof(int))
        + HeapSize.Array(_floats.Length, sizeof(double)) + HeapSize.Array(_floatLabels.Length, sizeof(int))
        + (_present is null ? 0 : HeapSize.Array(_present.Length, sizeof(ulong)));

    /// <summary>
    /// The entries whose value satisfies <c>value op operand</c>, for Eq, Gt, Gte, Lt, Lte and an
    /// Int or Float operand, with exactly the semantics of the record filter.
    /// </summary>
    public NumericSelection Select(FilterOperator op, MetadataValue operand)
    {
        if (!operand.IsNumber) throw new ArgumentException($"A numeric selection needs an int or float operand, not {operand.Kind}.", nameof(operand));
        // A NaN operand is unordered with every value: it selects nothing, whatever the operator.
        if (operand.Kind == MetadataValueKind.Float && double.IsNaN(operand.AsFloat)) return default;
        int intLower = LowerBoundInts(operand, inclusive: true);
        int intUpper = LowerBoundInts(operand, inclusive: false);
        int floatLower = LowerBoundFloats(operand, inclusive: true);
        int floatUpper = LowerBoundFloats(operand, inclusive: false);
        return op switch
        {
            FilterOperator.Eq => new NumericSelection(intLower, intUpper, floatLower, floatUpper),
            FilterOperator.Gt => new NumericSelection(intUpper, _ints.Length, floatUpper, _floats.Length),
            FilterOperator.Gte => new NumericSelection(intLower, _ints.Length, floatLower, _floats.Length),
            FilterOperator.Lt => new NumericSelection(0, intLower, 0, floatLower),
            FilterOperator.Lte => new NumericSelection(0, intUpper, 0, floatUpper),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Not an ordering or equality operator."),
        };
    }

    /// <summary>destination |= the selected labels.</summary>
    public void OrInto(NumericSelection selection, Span<ulong> destination)
    {
        LabelBitset.OrLabels(destination, _intLabels.AsSpan(selection.IntStart, selection.IntEnd - selection.IntStart));
        LabelBitset.OrLabels(destination, _floatLabels.AsSpan(selection.FloatStart, selection.FloatEnd - selection.FloatStart));
    }

    /// <summary>destination = the selected labels; destination must be all zero on entry.</summary>
    public void WriteInto(NumericSelection selection, Span<ulong> destination)
    {
        if (_present is null || selection.Count * 2 <= Count)
        {
            OrInto(selection, destination);
            return;
        }

        _present.AsSpan(0, destination.Length).CopyTo(destination);
        ClearLabels(destination, _intLabels.AsSpan(0, selection.IntStart));
        ClearLabels(destination, _intLabels.AsSpan(selection.IntEnd));
        ClearLabels(destination, _floatLabels.AsSpan(0, selection.FloatStart));
        ClearLabels(destination, _floatLabels.AsSpan(selection.FloatEnd));
    }

    private static void ClearLabels(Span<ulong> destination, ReadOnlySpan<int> labels)
    {
        foreach (int label in labels) destination[label >> 6] &= ~(1UL << label);
    }

    /// <summary>First index whose int is &gt;= operand (inclusive) or &gt; operand (exclusive).</summary>
    private int LowerBoundInts(MetadataValue operand, bool inclusive)
    {
        bool isInt = operand.Kind == MetadataValueKind.Int;
        long intOperand = isInt ? operand.AsInt : 0;
        double floatOperand = isInt ? 0 : operand.AsFloat;
        int low = 0, high = _ints.Length;
        while (low < high)
        {
            int mid = (int)((uint)(low + high) >> 1);
            int order = isInt ? _ints[mid].CompareTo(intOperand) : NumericComparison.Compare(_ints[mid], floatOperand);
            if (order < 0 || (!inclusive && order == 0)) low = mid + 1;
            else high = mid;
        }
        return low;
    }

    private int LowerBoundFloats(MetadataValue operand, bool inclusive)
    {
        bool isInt = operand.Kind == MetadataValueKind.Int;
        long intOperand = isInt ? operand.AsInt : 0;
        double floatOperand = isInt ? 0 : operand.AsFloat;
        int low = 0, high = _floats.Length;
        while (low < high)
        {
            int mid = (int)((uint)(low + high) >> 1);
            // Stored NaNs are not in the column and the operand is not NaN: the order is total here.
            int order = isInt ? -NumericComparison.Compare(intOperand, _floats[mid]) : NumericComparison.Compare(_floats[mid], floatOperand);
            if (order < 0 || (!inclusive && order == 0)) low = mid + 1;
            else high = mid;
        }
        return low;
    }
}
