namespace Chroma.Core.Memory;

/// <summary>Reads a whole stream into one buffer rented from <see cref="BufferPool{T}"/>.</summary>
public static class PooledStreamReader
{
    /// <summary>
    /// The stream's bytes in one rented buffer (the caller returns it to <see cref="BufferPool{T}"/>),
    /// or null when it holds more than <paramref name="limit"/> bytes. <paramref name="expectedLength"/>
    /// (a Content-Length) sizes the first buffer; the stream is read to its end whatever it says.
    /// On an exception the buffer is returned before it propagates.
    /// </summary>
    public static async Task<(byte[] Buffer, int Length)?> ReadToEndAsync(Stream stream, long? expectedLength, long limit, CancellationToken ct)
    {
        int capacity = expectedLength is > 0 and < int.MaxValue ? (int)Math.Min(expectedLength.Value, limit + 1) : 4096;
        byte[] buffer = BufferPool<byte>.Rent(capacity);
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    // Grow at most to limit + 1: one byte past the limit is enough to know it was passed.
                    byte[] next = BufferPool<byte>.Rent((int)Math.Min((long)buffer.Length * 2, Math.Min(limit + 1, Array.MaxLength)));
                    buffer.AsSpan(0, length).CopyTo(next);
                    BufferPool<byte>.Return(buffer);
                    buffer = next;
                }

                int read = await stream.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
                if (read == 0) return (buffer, length);
                length += read;
                if (length > limit)
                {
                    BufferPool<byte>.Return(buffer);
                    return null;
                }
            }
        }
        catch
        {
            BufferPool<byte>.Return(buffer);
            throw;
        }
    }
}
