using System.Numerics.Tensors;
using Chroma.Core.Distance;
using Chroma.Core.Model;

namespace Chroma.Core.Tests.Distance;

public class VectorKernelsTests
{
    private const int MaxLength = 256;

    [Fact]
    public void Dot_matches_scalar_double_reference_at_every_length()
    {
        var random = new Random(1);
        for (int length = 0; length <= MaxLength; length++)
        {
            float[] a = RandomVector(random, length);
            float[] b = RandomVector(random, length);
            double expected = 0, magnitude = 0;
            for (int i = 0; i < length; i++)
            {
                expected += (double)a[i] * b[i];
                magnitude += Math.Abs((double)a[i] * b[i]);
            }
            AssertClose(expected, VectorKernels.Dot(a, b), magnitude, length);
        }
    }

    [Fact]
    public void DotCodes_is_the_exact_integer_dot_product_up_to_the_largest_codes()
    {
        var random = new Random(4);
        for (int length = 32; length <= 1024 - 32; length += 32)
        {
            var codes = new sbyte[length];
            var query = new short[length];
            long expected = 0;
            for (int i = 0; i < length; i++)
            {
                // Mostly the extremes, with equal signs, so the sum approaches the overflow bound.
                codes[i] = (sbyte)(random.Next(4) == 0 ? random.Next(-127, 128) : 127);
                query[i] = (short)(random.Next(4) == 0 ? random.Next(-16383, 16384) : 16383);
                expected += codes[i] * query[i];
            }

            Assert.Equal(expected, VectorKernels.DotCodes(ref codes[0], ref query[0], length));
        }
    }

    [Fact]
    public void SquaredL2_matches_scalar_double_reference_at_every_length()
    {
        var random = new Random(2);
        for (int length = 0; length <= MaxLength; length++)
        {
            float[] a = RandomVector(random, length);
            float[] b = RandomVector(random, length);
            double expected = 0;
            for (int i = 0; i < length; i++)
            {
                double d = (double)a[i] - b[i];
                expected += d * d;
            }
            AssertClose(expected, VectorKernels.SquaredL2(a, b), expected, length);
        }
    }

    [Fact]
    public void Kernels_read_only_their_slice_of_a_larger_buffer()
    {
        // Offsets that break vector alignment, and poison around the slice: a kernel that
        // over-reads would pick up the huge values.
        var random = new Random(3);
        for (int length = 1; length <= 70; length++)
        {
            float[] bufferA = Enumerable.Repeat(1e30f, length + 10).ToArray();
            float[] bufferB = Enumerable.Repeat(1e30f, length + 10).ToArray();
            float[] a = RandomVector(random, length);
            float[] b = RandomVector(random, length);
            a.CopyTo(bufferA, 3);
            b.CopyTo(bufferB, 5);
            Assert.Equal(VectorKernels.Dot(a, b), VectorKernels.Dot(bufferA.AsSpan(3, length), bufferB.AsSpan(5, length)));
            Assert.Equal(VectorKernels.SquaredL2(a, b), VectorKernels.SquaredL2(bufferA.AsSpan(3, length), bufferB.AsSpan(5, length)));
        }
    }

    [Fact]
    public void Kernels_agree_with_TensorPrimitives()
    {
        var random = new Random(4);
        float[] a = RandomVector(random, 384);
        float[] b = RandomVector(random, 384);
        float distance = TensorPrimitives.Distance(a, b);
        Assert.Equal(TensorPrimitives.Dot(a, b), VectorKernels.Dot(a, b), 3);
        Assert.Equal(distance * distance, VectorKernels.SquaredL2(a, b), 2);
    }

    [Fact]
    public void Length_mismatch_is_a_dimension_error()
    {
        var error = Assert.Throws<ChromaException>(() => VectorKernels.Dot(new float[3], new float[4]));
        Assert.Equal(ChromaErrorCode.InvalidArgument, error.Code);
        Assert.Throws<ChromaException>(() => VectorKernels.SquaredL2(new float[5], new float[4]));
    }

    private static float[] RandomVector(Random random, int length)
    {
        var vector = new float[length];
        for (int i = 0; i < length; i++) vector[i] = (float)((random.NextDouble() * 2) - 1);
        return vector;
    }

    private static void AssertClose(double expected, float actual, double magnitude, int length)
    {
        // Float accumulation error grows with the sum of magnitudes, not with the (possibly
        // cancelling) result, so the tolerance is relative to that.
        double tolerance = (1e-6 * magnitude) + 1e-6;
        Assert.True(Math.Abs(expected - actual) <= tolerance,
            $"length {length}: expected {expected}, got {actual} (tolerance {tolerance})");
    }
}
