using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Chroma.Core.Distance;
using Chroma.Core.Model;

namespace Chroma.Core.Index.Hnsw;

// The int8 copy of the vectors that a query's graph walk reads (scalar quantisation).
//
// Why: at 100k x 384 the float rows are 154 MB, far past the 32 MB L3 of the machines we measure
// on, so the walk waits on memory; a distance from floats pulls 24 cache lines, one from codes 6.
// In process on bench/compare's data this took search from ~4,100 to ~6,150 queries/s at the
// same recall.
//
// Exactness: the walk ranks its ef candidates by code distances; Search then recomputes the
// distances of the closest of them (RescoreCount) from the float rows and sorts them again. Every
// returned distance is exact, and only which candidates the walk finds can differ from an
// all-float walk. Index builds (Insert) walk the float rows, so the graph does not depend on the codes.
//
// Encoding: each row (normalised first, for cosine) minus the mean of the first ChunkSize rows,
// scaled by its own largest magnitude to [-127, 127]. Subtracting the mean keeps the resolution
// for data with a common offset (all-positive features, say), where scaling the raw rows would
// spend the 8 bits on the offset that every row shares. With r = v - mean and q' = q - mean,
//   ip/cosine: q.v = q.mean + mean.r + q'.r        l2: |q - v|^2 = |q'|^2 + |r|^2 - 2 q'.r
// so only q'.r comes from codes: q.mean and |q'|^2 are computed once per query, mean.r and |r|^2
// once per row, exactly. Both sides of q'.r are then small when the data is tightly grouped,
// and so is its rounding error (cosine over offset data lost a fifth of its recall without the
// mean.r term, whose rounding error scales with |mean|).
//
// Codes exist once the index holds ChunkSize rows; below that the rows fit in cache and the walk
// uses floats. They are derived from the float rows (on insert and on load) and never persisted,
// so the file format does not depend on them; training on the first rows, which never change,
// makes a loaded or cloned index encode exactly like the original.
public sealed partial class HnswIndex
{
    private const int CodeMax = 127;
    private const int QueryCodeLimit = 16383;
    private const int CodeAlignment = 32;   // DotCodes consumes 32 codes per step
    private const int CodeTrainingRows = ChunkSize;

    private bool HasCodes => _codeMean.Length != 0;

    /// <summary>
    /// The largest query code: 16383, or less for rows over 1032 codes, so that DotCodes' int32
    /// sum stays below 2^31 even when every code is at its extreme (sign vectors, say).
    /// </summary>
    private static int QueryCodeMaxOf(int codeStride) => Math.Min(QueryCodeLimit, int.MaxValue / (codeStride * CodeMax));

    /// <summary>Bytes per code row: the dimension rounded up to <see cref="CodeAlignment"/>, zero-padded.</summary>
    private static int CodeStrideOf(int dimension) => (dimension + CodeAlignment - 1) & ~(CodeAlignment - 1);

    /// <summary>Once Count reaches the training size: takes the mean and encodes every row so far.</summary>
    private void EnsureCodes()
    {
        if (HasCodes || _count < CodeTrainingRows) return;
        // Summed in double: 1024 rows of float would lose the low bits of the mean.
        var sum = new double[_dimension];
        Span<float> row = _encodeScratch;
        for (int label = 0; label < CodeTrainingRows; label++)
        {
            SpaceRow(label, row);
            for (int i = 0; i < _dimension; i++) sum[i] += row[i];
        }
        var mean = new float[_dimension];
        for (int i = 0; i < _dimension; i++) mean[i] = (float)(sum[i] / CodeTrainingRows);
        _codeMean = mean;

        for (int c = 0; c < _chunkCount; c++) EnsureCodeChunk(c);
        for (int label = 0; label < _count; label++) EncodeRow(label);
    }

    /// <summary>Sizes a chunk's codes to its float rows, keeping the codes it has.</summary>
    private void EnsureCodeChunk(int chunk)
    {
        int rows = _chunks[chunk].Length / _stride;
        sbyte[]? codes = _codeChunks[chunk];
        if (codes is not null && codes.Length == rows * _codeStride) return;
        var grown = new sbyte[rows * _codeStride];
        codes?.AsSpan().CopyTo(grown);
        _codeChunks[chunk] = grown;
    }

    /// <summary>A stored row in the space distances are taken in: normalised for cosine, as is otherwise.</summary>
    private void SpaceRow(int label, Span<float> destination)
    {
        ReadOnlySpan<float> row = MemoryMarshal.CreateReadOnlySpan(ref Row(label), _dimension);
        if (_space == DistanceSpace.Cosine) TensorPrimitives.Multiply(row, Unsafe.Add(ref Row(label), _dimension), destination);
        else row.CopyTo(destination);
    }

    /// <summary>Writes the codes of a stored row, r = v - mean: round(r * 127 / max|r|), its scale, and its exact term (|r|^2 for l2, mean.r otherwise).</summary>
    private void EncodeRow(int label)
    {
        Span<float> residual = _encodeScratch;
        SpaceRow(label, residual);
        TensorPrimitives.Subtract(residual, _codeMean, residual);
        Span<sbyte> codes = MemoryMarshal.CreateSpan(ref CodeRow(label), _codeStride);
        codes.Clear();
        _codeFactors[2 * label] = Quantize(residual, codes, CodeMax);
        _codeFactors[(2 * label) + 1] = VectorKernels.Dot(residual, _space == DistanceSpace.L2 ? residual : _codeMean);
    }

    /// <summary>
    /// Rounds <paramref name="values"/> * max / max|values| into <paramref name="codes"/>; returns
    /// the value one code step stands for (0 for an all-zero vector, whose codes stay 0).
    /// </summary>
    private static float Quantize<TCode>(ReadOnlySpan<float> values, Span<TCode> codes, int max)
        where TCode : struct, System.Numerics.INumberBase<TCode>
    {
        float maxMagnitude = MathF.Abs(TensorPrimitives.MaxMagnitude(values));
        if (!(maxMagnitude > 0f)) return 0f;
        // In double: max / maxMagnitude overflows float for subnormal rows.
        double toCode = max / (double)maxMagnitude;
        for (int i = 0; i < values.Length; i++) codes[i] = TCode.CreateTruncating(Math.Round(values[i] * toCode));
        return (float)(maxMagnitude / (double)max);
    }

    /// <summary>The walk over codes for a prepared query (see the decomposition above).</summary>
    private CodeDistance CodeWalk(float[] prepared, HnswSearchContext context)
    {
        Span<float> residual = context.QueryResidual;
        TensorPrimitives.Subtract(prepared, _codeMean, residual);
        float constant = VectorKernels.Dot(residual, _space == DistanceSpace.L2 ? residual : _codeMean);
        short[] queryCodes = context.QueryCodes;
        queryCodes.AsSpan().Clear();
        float queryScale = Quantize<short>(residual, queryCodes, _queryCodeMax);
        return new CodeDistance(this, queryCodes, queryScale, constant);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref sbyte CodeRow(int label) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_codeChunks[label >> ChunkShift]!), (label & ChunkMask) * _codeStride);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float CodeDistanceToNode(short[] query, float queryScale, float queryConstant, int node)
    {
        ref float factors = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_codeFactors), 2 * node);
        float dot = VectorKernels.DotCodes(ref CodeRow(node), ref MemoryMarshal.GetArrayDataReference(query), _codeStride)
            * queryScale * factors;
        float term = Unsafe.Add(ref factors, 1);
        return _space == DistanceSpace.L2
            ? queryConstant + term - (2f * dot)
            : 1f - (queryConstant + term + dot);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void PrefetchCodes(int node)
    {
        if (!Sse.IsSupported) return;
        // A prefetch never faults: if the GC has just moved the chunk, the hint is merely wasted.
        byte* row = (byte*)Unsafe.AsPointer(ref CodeRow(node));
        for (int line = 0; line < _codeStride; line += 64) Sse.Prefetch0(row + line);
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_codeFactors), 2 * node)));
    }

    /// <summary>How a walk measures a node: exactly, or from its codes. A struct, so each walk is compiled for one.</summary>
    private interface INodeDistance
    {
        float To(int node);

        void Prefetch(int node);
    }

    private readonly struct ExactDistance(HnswIndex index, float[] query) : INodeDistance
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float To(int node) => index.DistanceToNode(query, node);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prefetch(int node) => index.PrefetchRow(node);
    }

    private readonly struct CodeDistance(HnswIndex index, short[] query, float queryScale, float queryConstant) : INodeDistance
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float To(int node) => index.CodeDistanceToNode(query, queryScale, queryConstant, node);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prefetch(int node) => index.PrefetchCodes(node);
    }
}
