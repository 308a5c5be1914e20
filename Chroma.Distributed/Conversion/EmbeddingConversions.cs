using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Chroma.Core.Model;
using Google.Protobuf;

namespace Chroma.Distributed.Conversion;

/// <summary>
/// float32 vectors as packed little-endian bytes: bit-exact (no text round trip), 4 bytes a
/// component, one copy each way on little-endian hosts.
/// </summary>
public static class EmbeddingConversions
{
    public static ByteString ToBytes(ReadOnlySpan<float> vector)
    {
        if (BitConverter.IsLittleEndian) return ByteString.CopyFrom(MemoryMarshal.AsBytes(vector));

        byte[] bytes = new byte[vector.Length * sizeof(float)];
        for (int i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return ByteString.CopyFrom(bytes);
    }

    public static float[] FromBytes(ByteString bytes)
    {
        ReadOnlySpan<byte> span = bytes.Span;
        if (span.Length % sizeof(float) != 0)
        {
            ThrowHelper.InvalidArgument($"An embedding of {span.Length} bytes is not a whole number of float32 values.");
        }

        float[] vector = new float[span.Length / sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            span.CopyTo(MemoryMarshal.AsBytes(vector.AsSpan()));
        }
        else
        {
            for (int i = 0; i < vector.Length; i++) vector[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(i * sizeof(float))..]);
        }

        return vector;
    }
}
