namespace Chroma.Core.Index.Metadata;

/// <summary>Collects (value, label) pairs of one key during a build, then sorts them by value.</summary>
internal sealed class NumericColumnBuilder
{
    private readonly bool _uniqueLabels;
    private long[] _ints = [];
    private int[] _intLabels = [];
    private int _intCount;
    private double[] _floats = [];
    private int[] _floatLabels = [];
    private int _floatCount;

    /// <param name="uniqueLabels">True for scalar fields (one value per label); false for array elements.</param>
    public NumericColumnBuilder(bool uniqueLabels) => _uniqueLabels = uniqueLabels;

    public void AddInt(long value, int label)
    {
        if (_intCount == _ints.Length)
        {
            int size = Math.Max(8, _intCount * 2);
            Array.Resize(ref _ints, size);
            Array.Resize(ref _intLabels, size);
        }
        _ints[_intCount] = value;
        _intLabels[_intCount++] = label;
    }

    public void AddFloat(double value, int label)
    {
        if (double.IsNaN(value)) return;
        if (_floatCount == _floats.Length)
        {
            int size = Math.Max(8, _floatCount * 2);
            Array.Resize(ref _floats, size);
            Array.Resize(ref _floatLabels, size);
        }
        _floats[_floatCount] = value;
        _floatLabels[_floatCount++] = label;
    }

    public NumericColumn Build(int labelCount)
    {
        long[] ints = _ints[.._intCount];
        int[] intLabels = _intLabels[.._intCount];
        double[] floats = _floats[.._floatCount];
        int[] floatLabels = _floatLabels[.._floatCount];
        // Order among equal values does not matter: slices are scattered into bitsets.
        Array.Sort(ints, intLabels);
        Array.Sort(floats, floatLabels);

        ulong[]? present = null;
        int count = _intCount + _floatCount;
        if (_uniqueLabels && (long)count * 32 >= labelCount && labelCount >= 64)
        {
            present = new ulong[LabelBitset.WordCount(labelCount)];
            LabelBitset.OrLabels(present, intLabels);
            LabelBitset.OrLabels(present, floatLabels);
        }
        return new NumericColumn(ints, intLabels, floats, floatLabels, present);
    }
}
