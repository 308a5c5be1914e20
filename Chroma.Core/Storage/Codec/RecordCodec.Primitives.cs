using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Chroma.Core.Storage.Codec;

// Little-endian primitive writers the engine's file formats reuse; the readers are on SpanReader.
public static partial class RecordCodec
{
    public static void WriteByte(IBufferWriter<byte> writer, byte value)
    {
        writer.GetSpan(1)[0] = value;
        writer.Advance(1);
    }

    public static void WriteInt32(IBufferWriter<byte> writer, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(writer.GetSpan(sizeof(int)), value);
        writer.Advance(sizeof(int));
    }

    public static void WriteUInt32(IBufferWriter<byte> writer, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(writer.GetSpan(sizeof(uint)), value);
        writer.Advance(sizeof(uint));
    }

    public static void WriteInt64(IBufferWriter<byte> writer, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(writer.GetSpan(sizeof(long)), value);
        writer.Advance(sizeof(long));
    }

    public static void WriteDouble(IBufferWriter<byte> writer, double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(writer.GetSpan(sizeof(double)), value);
        writer.Advance(sizeof(double));
    }

    /// <summary>Writes raw little-endian floats (no count).</summary>
    public static void WriteSingles(IBufferWriter<byte> writer, ReadOnlySpan<float> values)
    {
        int size = checked(values.Length * sizeof(float));
        Span<byte> span = writer.GetSpan(size);
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(span);
        }
        else
        {
            for (int i = 0; i < values.Length; i++)
                BinaryPrimitives.WriteSingleLittleEndian(span.Slice(i * sizeof(float)), values[i]);
        }

        writer.Advance(size);
    }

    /// <summary>A non-null string: i32 UTF-8 length, then the bytes. Read with <see cref="SpanReader.ReadString"/>.</summary>
    public static void WriteString(IBufferWriter<byte> writer, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        WriteNullableString(writer, value);
    }

    /// <summary>Like <see cref="WriteString"/>, with length -1 for null. Read with <see cref="SpanReader.ReadNullableString"/>.</summary>
    public static void WriteNullableString(IBufferWriter<byte> writer, string? value)
    {
        if (value is null)
        {
            WriteInt32(writer, -1);
            return;
        }

        int length = Encoding.UTF8.GetByteCount(value);
        Span<byte> span = writer.GetSpan(sizeof(int) + length);
        BinaryPrimitives.WriteInt32LittleEndian(span, length);
        Encoding.UTF8.GetBytes(value, span.Slice(sizeof(int)));
        writer.Advance(sizeof(int) + length);
    }

    /// <summary>
    /// A string already in UTF-8, in <see cref="WriteNullableString"/>'s encoding (null as length -1).
    /// Read with <see cref="SpanReader.ReadNullableUtf8"/>.
    /// </summary>
    public static void WriteNullableUtf8(IBufferWriter<byte> writer, byte[]? utf8)
    {
        if (utf8 is null)
        {
            WriteInt32(writer, -1);
            return;
        }

        Span<byte> span = writer.GetSpan(sizeof(int) + utf8.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, utf8.Length);
        utf8.CopyTo(span.Slice(sizeof(int)));
        writer.Advance(sizeof(int) + utf8.Length);
    }
}
