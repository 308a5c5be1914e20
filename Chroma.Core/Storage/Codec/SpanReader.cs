using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Chroma.Core.Memory;
using Chroma.Core.Model;

namespace Chroma.Core.Storage.Codec;

/// <summary>
/// A forward-only little-endian reader over persisted bytes. Every read checks the remaining
/// length: truncated or corrupt input throws <see cref="ChromaException"/> with
/// <see cref="ChromaErrorCode.DataLoss"/>, never an index exception or a huge allocation.
/// </summary>
public ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public SpanReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly int Position => _position;
    public readonly int Remaining => _buffer.Length - _position;
    public readonly bool IsEnd => _position == _buffer.Length;

    public byte ReadByte()
    {
        if (_position >= _buffer.Length) ThrowTruncated(1);
        return _buffer[_position++];
    }

    public bool ReadBool()
    {
        byte value = ReadByte();
        if (value > 1) ThrowHelper.DataCorrupted($"Invalid boolean byte {value} at position {_position - 1}.");
        return value == 1;
    }

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(sizeof(int)));
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(sizeof(uint)));
    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(ReadBytes(sizeof(long)));
    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(ReadBytes(sizeof(double)));

    public Guid ReadGuid() => new(ReadBytes(16));

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if ((uint)count > (uint)Remaining) ThrowTruncated(count);
        ReadOnlySpan<byte> slice = _buffer.Slice(_position, count);
        _position += count;
        return slice;
    }

    /// <summary>
    /// Reads an element count and checks that the input can hold that many elements of at least
    /// <paramref name="minElementSize"/> bytes, so a corrupt count cannot cause a huge allocation.
    /// </summary>
    public int ReadCount(int minElementSize)
    {
        uint count = ReadUInt32();
        if (count > int.MaxValue || (long)count * minElementSize > Remaining)
            ThrowHelper.DataCorrupted($"Element count {count} at position {_position - 4} exceeds the {Remaining} bytes left.");
        return (int)count;
    }

    /// <summary>Reads a string written by <see cref="RecordCodec.WriteString"/>; null is corrupt here.</summary>
    public string ReadString()
    {
        string? value = ReadNullableString();
        if (value is null) ThrowHelper.DataCorrupted($"Unexpected null string at position {_position - 4}.");
        return value;
    }

    /// <summary>
    /// <see cref="ReadString"/> for short values that repeat across records (metadata keys and
    /// categorical values): equal values share one string object.
    /// </summary>
    public string ReadSharedString()
    {
        int length = ReadInt32();
        if (length < 0) ThrowHelper.DataCorrupted($"Invalid string length {length} at position {_position - 4}.");
        return Utf8StringCache.Get(ReadBytes(length));
    }

    /// <summary>
    /// Reads a string written by <see cref="RecordCodec.WriteNullableString"/> as its UTF-8 bytes,
    /// checked to be well-formed (the decoding reads replace what is not; keeping bytes must refuse it).
    /// </summary>
    public byte[]? ReadNullableUtf8()
    {
        if (!TryReadNullableBytes(out ReadOnlySpan<byte> utf8)) return null;
        if (!System.Text.Unicode.Utf8.IsValid(utf8)) ThrowHelper.DataCorrupted($"Invalid UTF-8 in the string at position {_position - utf8.Length}.");
        return utf8.ToArray();
    }

    /// <summary>Reads a string written by <see cref="RecordCodec.WriteNullableString"/>.</summary>
    public string? ReadNullableString()
    {
        if (!TryReadNullableBytes(out ReadOnlySpan<byte> utf8)) return null;
        return utf8.IsEmpty ? string.Empty : Encoding.UTF8.GetString(utf8);
    }

    /// <summary>The bytes of a length-prefixed nullable string; false for null (length -1).</summary>
    private bool TryReadNullableBytes(out ReadOnlySpan<byte> bytes)
    {
        int length = ReadInt32();
        bytes = default;
        if (length == -1) return false;
        if (length < 0) ThrowHelper.DataCorrupted($"Invalid string length {length} at position {_position - 4}.");
        bytes = ReadBytes(length);
        return true;
    }

    /// <summary>Reads <paramref name="count"/> little-endian floats into a new array.</summary>
    public float[] ReadSingles(int count)
    {
        if ((uint)count > (uint)(Remaining / sizeof(float))) ThrowTruncated((long)count * sizeof(float));
        float[] values = new float[count];
        ReadOnlySpan<byte> bytes = ReadBytes(count * sizeof(float));
        if (BitConverter.IsLittleEndian)
        {
            bytes.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else
        {
            for (int i = 0; i < values.Length; i++)
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * sizeof(float)));
        }

        return values;
    }

    private readonly void ThrowTruncated(long wanted) =>
        ThrowHelper.DataCorrupted($"Truncated data: needed {wanted} bytes at position {_position}, {Remaining} left.");
}
