using Chroma.Core.Memory;
using Microsoft.AspNetCore.Http;

namespace Chroma.Api.Json;

/// <summary>
/// A request body buffered whole into one pooled array, so the parsers run a single
/// <c>Utf8JsonReader</c> over a contiguous span. Kestrel enforces the size limit (40 MiB).
/// Dispose returns the array to the pool.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private byte[] _buffer;
    private int _length;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    public static async Task<RequestBody> ReadAsync(HttpContext context)
    {
        var request = context.Request;
        long? declared = request.ContentLength;
        int capacity = declared is > 0 and < int.MaxValue ? (int)declared.Value : 4096;
        byte[] buffer = BufferPool<byte>.Rent(capacity);
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    byte[] next = BufferPool<byte>.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(next);
                    BufferPool<byte>.Return(buffer);
                    buffer = next;
                }

                int read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted);
                if (read == 0) break;
                length += read;
            }
        }
        catch
        {
            BufferPool<byte>.Return(buffer);
            throw;
        }

        return new RequestBody(buffer, length);
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0) BufferPool<byte>.Return(buffer);
    }
}
