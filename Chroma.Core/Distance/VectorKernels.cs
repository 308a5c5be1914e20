using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using Chroma.Core.Model;

namespace Chroma.Core.Distance;

/// <summary>
/// Hand-written SIMD kernels for the two products the HNSW graph walk spends its time in.
/// Four independent accumulators hide the FMA latency (4 cycles, 2 ports), which is why these
/// beat <c>TensorPrimitives.Dot</c> by 35-40 % in HNSW QPS (PERFORMANCE-NOTES.md) although the
/// gap is smaller in a cache-hot microbenchmark. The widest supported vector size is picked at
/// JIT time; the remainder that does not fill one vector runs as scalar code.
/// </summary>
public static class VectorKernels
{
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) ThrowHelper.DimensionMismatch(a.Length, b.Length);
        return Dot(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), a.Length);
    }

    public static float SquaredL2(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) ThrowHelper.DimensionMismatch(a.Length, b.Length);
        return SquaredL2(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), a.Length);
    }

    /// <summary>Dot product of <paramref name="length"/> floats; the caller guarantees both ranges.</summary>
    internal static float Dot(ref float a, ref float b, int length)
    {
        int i = 0;
        float sum = 0f;
        if (Vector512.IsHardwareAccelerated && length >= Vector512<float>.Count)
        {
            Vector512<float> acc0 = Vector512<float>.Zero, acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (; i <= length - 4 * Vector512<float>.Count; i += 4 * Vector512<float>.Count)
            {
                acc0 = Fma(Vector512.LoadUnsafe(ref a, (nuint)i), Vector512.LoadUnsafe(ref b, (nuint)i), acc0);
                acc1 = Fma(Vector512.LoadUnsafe(ref a, (nuint)(i + 16)), Vector512.LoadUnsafe(ref b, (nuint)(i + 16)), acc1);
                acc2 = Fma(Vector512.LoadUnsafe(ref a, (nuint)(i + 32)), Vector512.LoadUnsafe(ref b, (nuint)(i + 32)), acc2);
                acc3 = Fma(Vector512.LoadUnsafe(ref a, (nuint)(i + 48)), Vector512.LoadUnsafe(ref b, (nuint)(i + 48)), acc3);
            }
            for (; i <= length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                acc0 = Fma(Vector512.LoadUnsafe(ref a, (nuint)i), Vector512.LoadUnsafe(ref b, (nuint)i), acc0);
            }
            sum = Vector512.Sum((acc0 + acc1) + (acc2 + acc3));
        }
        else if (Vector256.IsHardwareAccelerated && length >= Vector256<float>.Count)
        {
            Vector256<float> acc0 = Vector256<float>.Zero, acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (; i <= length - 4 * Vector256<float>.Count; i += 4 * Vector256<float>.Count)
            {
                acc0 = Fma(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), acc0);
                acc1 = Fma(Vector256.LoadUnsafe(ref a, (nuint)(i + 8)), Vector256.LoadUnsafe(ref b, (nuint)(i + 8)), acc1);
                acc2 = Fma(Vector256.LoadUnsafe(ref a, (nuint)(i + 16)), Vector256.LoadUnsafe(ref b, (nuint)(i + 16)), acc2);
                acc3 = Fma(Vector256.LoadUnsafe(ref a, (nuint)(i + 24)), Vector256.LoadUnsafe(ref b, (nuint)(i + 24)), acc3);
            }
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                acc0 = Fma(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), acc0);
            }
            sum = Vector256.Sum((acc0 + acc1) + (acc2 + acc3));
        }
        else if (Vector128.IsHardwareAccelerated && length >= Vector128<float>.Count)
        {
            Vector128<float> acc0 = Vector128<float>.Zero, acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (; i <= length - 4 * Vector128<float>.Count; i += 4 * Vector128<float>.Count)
            {
                acc0 = Fma(Vector128.LoadUnsafe(ref a, (nuint)i), Vector128.LoadUnsafe(ref b, (nuint)i), acc0);
                acc1 = Fma(Vector128.LoadUnsafe(ref a, (nuint)(i + 4)), Vector128.LoadUnsafe(ref b, (nuint)(i + 4)), acc1);
                acc2 = Fma(Vector128.LoadUnsafe(ref a, (nuint)(i + 8)), Vector128.LoadUnsafe(ref b, (nuint)(i + 8)), acc2);
                acc3 = Fma(Vector128.LoadUnsafe(ref a, (nuint)(i + 12)), Vector128.LoadUnsafe(ref b, (nuint)(i + 12)), acc3);
            }
            for (; i <= length - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                acc0 = Fma(Vector128.LoadUnsafe(ref a, (nuint)i), Vector128.LoadUnsafe(ref b, (nuint)i), acc0);
            }
            sum = Vector128.Sum((acc0 + acc1) + (acc2 + acc3));
        }

        for (; i < length; i++)
        {
            sum += Unsafe.Add(ref a, i) * Unsafe.Add(ref b, i);
        }
        return sum;
    }

    /// <summary>Squared Euclidean distance of <paramref name="length"/> floats (no sqrt: Chroma's l2).</summary>
    internal static float SquaredL2(ref float a, ref float b, int length)
    {
        int i = 0;
        float sum = 0f;
        if (Vector512.IsHardwareAccelerated && length >= Vector512<float>.Count)
        {
            Vector512<float> acc0 = Vector512<float>.Zero, acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (; i <= length - 4 * Vector512<float>.Count; i += 4 * Vector512<float>.Count)
            {
                var d0 = Vector512.LoadUnsafe(ref a, (nuint)i) - Vector512.LoadUnsafe(ref b, (nuint)i);
                var d1 = Vector512.LoadUnsafe(ref a, (nuint)(i + 16)) - Vector512.LoadUnsafe(ref b, (nuint)(i + 16));
                var d2 = Vector512.LoadUnsafe(ref a, (nuint)(i + 32)) - Vector512.LoadUnsafe(ref b, (nuint)(i + 32));
                var d3 = Vector512.LoadUnsafe(ref a, (nuint)(i + 48)) - Vector512.LoadUnsafe(ref b, (nuint)(i + 48));
                acc0 = Fma(d0, d0, acc0);
                acc1 = Fma(d1, d1, acc1);
                acc2 = Fma(d2, d2, acc2);
                acc3 = Fma(d3, d3, acc3);
            }
            for (; i <= length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var d = Vector512.LoadUnsafe(ref a, (nuint)i) - Vector512.LoadUnsafe(ref b, (nuint)i);
                acc0 = Fma(d, d, acc0);
            }
            sum = Vector512.Sum((acc0 + acc1) + (acc2 + acc3));
        }
        else if (Vector256.IsHardwareAccelerated && length >= Vector256<float>.Count)
        {
            Vector256<float> acc0 = Vector256<float>.Zero, acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (; i <= length - 4 * Vector256<float>.Count; i += 4 * Vector256<float>.Count)
            {
                var d0 = Vector256.LoadUnsafe(ref a, (nuint)i) - Vector256.LoadUnsafe(ref b, (nuint)i);
                var d1 = Vector256.LoadUnsafe(ref a, (nuint)(i + 8)) - Vector256.LoadUnsafe(ref b, (nuint)(i + 8));
                var d2 = Vector256.LoadUnsafe(ref a, (nuint)(i + 16)) - Vector256.LoadUnsafe(ref b, (nuint)(i + 16));
                var d3 = Vector256.LoadUnsafe(ref a, (nuint)(i + 24)) - Vector256.LoadUnsafe(ref b, (nuint)(i + 24));
                acc0 = Fma(d0, d0, acc0);
                acc1 = Fma(d1, d1, acc1);
                acc2 = Fma(d2, d2, acc2);
                acc3 = Fma(d3, d3, acc3);
            }
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var d = Vector256.LoadUnsafe(ref a, (nuint)i) - Vector256.LoadUnsafe(ref b, (nuint)i);
                acc0 = Fma(d, d, acc0);
            }
            sum = Vector256.Sum((acc0 + acc1) + (acc2 + acc3));
        }
        else if (Vector128.IsHardwareAccelerated && length >= Vector128<float>.Count)
        {
            Vector128<float> acc0 = Vector128<float>.Zero, acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (; i <= length - 4 * Vector128<float>.Count; i += 4 * Vector128<float>.Count)
            {
                var d0 = Vector128.LoadUnsafe(ref a, (nuint)i) - Vector128.LoadUnsafe(ref b, (nuint)i);
                var d1 = Vector128.LoadUnsafe(ref a, (nuint)(i + 4)) - Vector128.LoadUnsafe(ref b, (nuint)(i + 4));
                var d2 = Vector128.LoadUnsafe(ref a, (nuint)(i + 8)) - Vector128.LoadUnsafe(ref b, (nuint)(i + 8));
                var d3 = Vector128.LoadUnsafe(ref a, (nuint)(i + 12)) - Vector128.LoadUnsafe(ref b, (nuint)(i + 12));
                acc0 = Fma(d0, d0, acc0);
                acc1 = Fma(d1, d1, acc1);
                acc2 = Fma(d2, d2, acc2);
                acc3 = Fma(d3, d3, acc3);
            }
            for (; i <= length - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                var d = Vector128.LoadUnsafe(ref a, (nuint)i) - Vector128.LoadUnsafe(ref b, (nuint)i);
                acc0 = Fma(d, d, acc0);
            }
            sum = Vector128.Sum((acc0 + acc1) + (acc2 + acc3));
        }

        for (; i < length; i++)
        {
            float d = Unsafe.Add(ref a, i) - Unsafe.Add(ref b, i);
            sum += d * d;
        }
        return sum;
    }

    /// <summary>
    /// Integer dot product of int8 codes and an int16 query, <paramref name="length"/> a multiple
    /// of 32 (code rows are zero-padded to it). Each pair of products is summed into an int32
    /// lane (vpmaddwd). The caller keeps length * max|code| * max|query| below 2^31, so no lane
    /// and no sum of lanes can overflow.
    /// </summary>
    internal static int DotCodes(ref sbyte codes, ref short query, int length)
    {
        int i = 0;
        if (Avx512BW.IsSupported)
        {
            Vector512<int> acc0 = Vector512<int>.Zero, acc1 = acc0;
            for (; i <= length - 64; i += 64)
            {
                acc0 += CodeProducts512(ref codes, ref query, i);
                acc1 += CodeProducts512(ref codes, ref query, i + 32);
            }
            if (i < length) acc0 += CodeProducts512(ref codes, ref query, i);
            return Vector512.Sum(acc0 + acc1);
        }
        if (Avx2.IsSupported)
        {
            Vector256<int> acc0 = Vector256<int>.Zero, acc1 = acc0;
            for (; i < length; i += 32)
            {
                acc0 += CodeProducts256(ref codes, ref query, i);
                acc1 += CodeProducts256(ref codes, ref query, i + 16);
            }
            return Vector256.Sum(acc0 + acc1);
        }

        int sum = 0;
        for (; i < length; i++)
        {
            sum += Unsafe.Add(ref codes, i) * Unsafe.Add(ref query, i);
        }
        return sum;
    }

    /// <summary>32 codes widened to int16 times 32 query codes, adjacent products summed into 16 int32 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> CodeProducts512(ref sbyte codes, ref short query, int at) =>
        Avx512BW.MultiplyAddAdjacent(
            Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref codes, (nuint)at)),
            Vector512.LoadUnsafe(ref query, (nuint)at));

    /// <summary>16 codes widened to int16 times 16 query codes, adjacent products summed into 8 int32 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> CodeProducts256(ref sbyte codes, ref short query, int at) =>
        Avx2.MultiplyAddAdjacent(
            Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref codes, (nuint)at)),
            Vector256.LoadUnsafe(ref query, (nuint)at));

    // Fused only where the hardware fuses: the software fallback of FusedMultiplyAdd is far
    // slower than a separate multiply and add. AVX-512F always implies FMA.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Fma(Vector512<float> x, Vector512<float> y, Vector512<float> acc) =>
        Vector512.FusedMultiplyAdd(x, y, acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Fma(Vector256<float> x, Vector256<float> y, Vector256<float> acc) =>
        System.Runtime.Intrinsics.X86.Fma.IsSupported ? Vector256.FusedMultiplyAdd(x, y, acc) : (x * y) + acc;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Fma(Vector128<float> x, Vector128<float> y, Vector128<float> acc) =>
        System.Runtime.Intrinsics.X86.Fma.IsSupported || AdvSimd.IsSupported
            ? Vector128.FusedMultiplyAdd(x, y, acc)
            : (x * y) + acc;
}
