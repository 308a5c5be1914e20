using Chroma.Core.Memory;

namespace Chroma.Core.Tests.Memory;

public class PooledStreamReaderTests
{
    [Theory]
    [InlineData(4096, 4096)]   // exactly the limit, a power of two: the pool hands out an array of exactly that size
    [InlineData(4095, 4096)]
    [InlineData(0, 4096)]
    [InlineData(70_000, 1 << 20)]
    public async Task BodiesUpToTheLimitAreReadWhole(int size, long limit)
    {
        byte[] content = Content(size);
        foreach (long? declared in (long?[])[size, null])
        {
            var read = await PooledStreamReader.ReadToEndAsync(new TrickleStream(content), declared, limit, CancellationToken.None);
            Assert.NotNull(read);
            Assert.Equal(content, read.Value.Buffer.AsSpan(0, read.Value.Length).ToArray());
            BufferPool<byte>.Return(read.Value.Buffer);
        }
    }

    [Theory]
    [InlineData(4097, 4096)]
    [InlineData(100_000, 65_536)]
    public async Task BodiesOverTheLimitAreRefused(int size, long limit)
    {
        foreach (long? declared in (long?[])[size, null, limit])
        {
            Assert.Null(await PooledStreamReader.ReadToEndAsync(new TrickleStream(Content(size)), declared, limit, CancellationToken.None));
        }
    }

    private static byte[] Content(int size)
    {
        var content = new byte[size];
        new Random(size).NextBytes(content);
        return content;
    }

    /// <summary>Hands out at most 1,000 bytes per read, as a network stream does.</summary>
    private sealed class TrickleStream(byte[] content) : MemoryStream(content, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1000)], cancellationToken);
    }
}
