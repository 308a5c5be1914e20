using Chroma.Core.Memory;

namespace Chroma.Core.Tests.Memory;

/// <summary>The pools are process-wide, and a build anywhere may drop them: these tests run alone.</summary>
[CollectionDefinition(nameof(BufferPoolTests), DisableParallelization = true)]
public sealed class BufferPoolTestsCollection;

[Collection(nameof(BufferPoolTests))]
public class BufferPoolTests
{
    [Fact]
    public void LargeArraysAreReusedButNotHoardedWithoutBound()
    {
        const int length = (3 << 20) + 17; // a size no other test rents: the large pool is process-wide
        byte[][] rented = Enumerable.Range(0, 10).Select(_ => BufferPool<byte>.Rent(length)).ToArray();
        Assert.All(rented, array => Assert.True(array.Length >= length));
        foreach (byte[] array in rented) BufferPool<byte>.Return(array);

        byte[][] again = Enumerable.Range(0, 10).Select(_ => BufferPool<byte>.Rent(length)).ToArray();
        int reused = again.Count(array => rented.Any(old => ReferenceEquals(old, array)));
        // Two per size bucket, and a rent may fall through to the next two larger buckets: at most 6
        // of the 10 come back; the shared pool would have kept them all (one per thread, 32 per core).
        Assert.InRange(reused, 2, 6);
        foreach (byte[] array in again) BufferPool<byte>.Return(array);
    }

    [Fact]
    public void ArraysOfAFewHundredKilobytesKeepEightOfASize()
    {
        const int length = (200 << 10) + 3; // the 256 KiB bucket of the medium pool
        byte[][] rented = Enumerable.Range(0, 20).Select(_ => BufferPool<byte>.Rent(length)).ToArray();
        foreach (byte[] array in rented) BufferPool<byte>.Return(array);

        byte[][] again = Enumerable.Range(0, 20).Select(_ => BufferPool<byte>.Rent(length)).ToArray();
        // Eight in the 256 KiB bucket and eight in the next one, which a rent falls through to.
        Assert.Equal(16, again.Count(array => rented.Any(old => ReferenceEquals(old, array))));
        foreach (byte[] array in again) BufferPool<byte>.Return(array);
    }

    [Fact]
    public void DroppingRetainedArraysEmptiesThePoolsAndStillTakesBackEarlierRentals()
    {
        int[] lengths = [(3 << 20) + 5, (300 << 10) + 5];
        byte[][] kept = lengths.Select(BufferPool<byte>.Rent).ToArray();
        byte[] outstanding = BufferPool<byte>.Rent(lengths[1]);
        foreach (byte[] array in kept) BufferPool<byte>.Return(array);

        LargeBufferPools.DropRetained();

        BufferPool<byte>.Return(outstanding); // rented before the drop: accepted (and let go) by the new pool
        byte[][] again = lengths.Select(BufferPool<byte>.Rent).ToArray();
        Assert.DoesNotContain(again, array => kept.Any(old => ReferenceEquals(old, array)));
        foreach (byte[] array in again) BufferPool<byte>.Return(array);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(1 << 16)]
    [InlineData((1 << 16) + 1)]
    [InlineData(1 << 20)]
    [InlineData((1 << 20) + 1)]
    public void RentReturnsAtLeastTheLengthAndTakesItBack(int length)
    {
        byte[] array = BufferPool<byte>.Rent(length);
        Assert.True(array.Length >= length);
        BufferPool<byte>.Return(array); // a mismatched pool would throw "buffer not from pool"
    }

    [Fact]
    public void ElementSizeSetsTheLargeThreshold()
    {
        float[] floats = BufferPool<float>.Rent((1 << 18) + 1); // just over 1 MiB of floats
        Assert.True(floats.Length * sizeof(float) > 1 << 20);
        BufferPool<float>.Return(floats);
    }
}
