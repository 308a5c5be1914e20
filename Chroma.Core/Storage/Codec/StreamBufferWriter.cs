using System.Buffers;
using Chroma.Core.Memory;

namespace Chroma.Core.Storage.Codec;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that streams to a <see cref="Stream"/> through one pooled
/// chunk, so writing a large file costs a chunk of memory, not the file's size.
/// <see cref="Flush"/> (or dispose) writes what is still buffered.
/// </summary>
public sealed class StreamBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int ChunkSize = 64 * 1024;
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _written;

    public StreamBufferWriter(Stream stream)
    {
        _stream = stream;
        _buffer = BufferPool<byte>.Rent(ChunkSize);
    }

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _written))
            throw new ArgumentOutOfRangeException(nameof(count), "Cannot advance past the end of the buffer.");
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Flush()
    {
        if (_written == 0) return;
        _stream.Write(_buffer, 0, _written);
        _written = 0;
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0) BufferPool<byte>.Return(buffer);
    }

    private void Ensure(int sizeHint)
    {
        int needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed) return;
        Flush();
        if (_buffer.Length >= needed) return;
        // One value larger than a chunk (a long document): a bigger buffer for the rest of this file.
        BufferPool<byte>.Return(_buffer);
        _buffer = BufferPool<byte>.Rent(needed);
    }
}
