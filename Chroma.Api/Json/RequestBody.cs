using Chroma.Core.Memory;
using Microsoft.AspNetCore.Http;

namespace Chroma.Api.Json;

/// <summary>
/// A request body buffered whole into one pooled array, so the parsers run a single
/// <c>Utf8JsonReader</c> over a contiguous span. Kestrel enforces the size limit (40 MiB).
/// Dispose returns the array to the pool when this class rented it.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private byte[] _buffer;
    private readonly int _offset;
    private int _length;
    private readonly bool _rented;

    private RequestBody(byte[] buffer, int offset, int length, bool rented)
    {
        _buffer = buffer;
        _offset = offset;
        _length = length;
        _rented = rented;
    }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(_offset, _length);

    public static async Task<RequestBody> ReadAsync(HttpContext context)
    {
        var request = context.Request;
        // A middleware in front (the gateway's edge validation) already holds the whole body in
        // memory: parse its buffer in place rather than copying megabytes of embeddings again.
        // Its owner returns it to the pool after the request, so it is not ours to return.
        if (request.Body is MemoryStream buffered && buffered.TryGetBuffer(out ArraySegment<byte> whole))
        {
            int start = (int)buffered.Position;
            return new RequestBody(whole.Array!, whole.Offset + start, whole.Count - start, rented: false);
        }

        // Kestrel enforces the size limit; no second one here.
        (byte[] buffer, int length) = (await PooledStreamReader.ReadToEndAsync(request.Body, request.ContentLength, int.MaxValue, context.RequestAborted))!.Value;
        return new RequestBody(buffer, 0, length, rented: true);
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (_rented && buffer.Length > 0) BufferPool<byte>.Return(buffer);
    }
}
