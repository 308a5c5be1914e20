using System.Buffers;
using Chroma.Core.Memory;

namespace Chroma.Core.Storage.Codec;

/// <summary>
/// A growable <see cref="IBufferWriter{T}"/> over arrays rented from <see cref="BufferPool{T}"/>.
/// Reusable: <see cref="Clear"/> keeps the rented array for the next use. Dispose returns it.
/// Not thread-safe.
/// </summary>
public sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int MinimumSize = 256;

    private byte[] _buffer;
    private int _written;

    public PooledBufferWriter(int initialCapacity = MinimumSize)
    {
        _buffer = BufferPool<byte>.Rent(Math.Max(initialCapacity, MinimumSize));
    }

    public int WrittenCount => _written;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    /// <summary>
    /// Writable view of bytes already written, for patching a length or checksum that is only
    /// known after the bytes it covers (frame headers).
    /// </summary>
    public Span<byte> GetWrittenSpan(int start, int length) => _buffer.AsSpan(0, _written).Slice(start, length);

    /// <summary>Forgets the written bytes but keeps the rented array.</summary>
    public void Clear() => _written = 0;

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _written))
            throw new ArgumentOutOfRangeException(nameof(count), "Cannot advance past the end of the buffer.");
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureCapacity(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureCapacity(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _written += bytes.Length;
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        _written = 0;
        if (buffer.Length > 0) BufferPool<byte>.Return(buffer);
    }

    private void EnsureCapacity(int sizeHint)
    {
        if (sizeHint < 1) sizeHint = 1;
        if (_buffer.Length - _written >= sizeHint) return;
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this); // rented arrays are never empty

        long needed = (long)_written + sizeHint;
        long newSize = Math.Max(needed, (long)_buffer.Length * 2);
        if (newSize > Array.MaxLength)
        {
            if (needed > Array.MaxLength) throw new OutOfMemoryException("A pooled buffer cannot grow past Array.MaxLength bytes.");
            newSize = Array.MaxLength;
        }

        byte[] grown = BufferPool<byte>.Rent((int)newSize);
        _buffer.AsSpan(0, _written).CopyTo(grown);
        BufferPool<byte>.Return(_buffer);
        _buffer = grown;
    }
}
