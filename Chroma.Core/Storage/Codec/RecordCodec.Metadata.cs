using System.Buffers;
using Chroma.Core.Model;

namespace Chroma.Core.Storage.Codec;

// Metadata maps and values. Values are tagged with MetadataValueKind's frozen byte values.
//   Null: nothing   String: string   Int: i64   Float: f64   Bool: u8 (0/1)
//   StringArray: n:u32 string[n]   IntArray: n:u32 i64[n]   FloatArray: n:u32 f64[n]   BoolArray: n:u32 u8[n]
//   SparseVector: n:u32 u32[n] m:u32 f32[m] t:i32 (-1 = no tokens) string[t]
public static partial class RecordCodec
{
    /// <summary>Writes a metadata map; null is encoded distinctly from an empty map.</summary>
    public static void WriteMetadata(IBufferWriter<byte> writer, IReadOnlyDictionary<string, MetadataValue>? metadata)
    {
        if (metadata is null)
        {
            WriteInt32(writer, -1);
            return;
        }

        WriteInt32(writer, metadata.Count);
        // The struct enumerators avoid boxing on the common concrete types.
        if (metadata is CompactMetadata compact)
        {
            for (int slot = 0; slot < compact.Count; slot++) WriteEntry(writer, compact.KeyAt(slot), compact.ValueAt(slot));
        }
        else if (metadata is Dictionary<string, MetadataValue> dictionary)
        {
            foreach (KeyValuePair<string, MetadataValue> pair in dictionary) WriteEntry(writer, pair.Key, pair.Value);
        }
        else
        {
            foreach (KeyValuePair<string, MetadataValue> pair in metadata) WriteEntry(writer, pair.Key, pair.Value);
        }
    }

    public static Dictionary<string, MetadataValue>? ReadMetadata(ref SpanReader reader)
    {
        int count = ReadMetadataCount(ref reader);
        if (count == -1) return null;
        var metadata = new Dictionary<string, MetadataValue>(count, StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            string key = reader.ReadSharedString();
            MetadataValue value = ReadMetadataValue(ref reader);
            if (!metadata.TryAdd(key, value)) ThrowHelper.DataCorrupted($"Duplicate metadata key '{key}'.");
        }

        return metadata;
    }

    /// <summary>A map written by <see cref="WriteMetadata"/>, read into the record store's form.</summary>
    public static CompactMetadata? ReadCompactMetadata(ref SpanReader reader)
    {
        int count = ReadMetadataCount(ref reader);
        if (count == -1) return null;
        var builder = new CompactMetadata.Builder(count);
        for (int i = 0; i < count; i++) builder.Add(reader.ReadSharedString(), ReadMetadataValue(ref reader));
        return builder.Build();
    }

    private static int ReadMetadataCount(ref SpanReader reader)
    {
        int count = reader.ReadInt32();
        // Every entry costs at least a key length prefix and a kind byte.
        if (count < -1 || (long)count * (sizeof(int) + 1) > reader.Remaining)
            ThrowHelper.DataCorrupted($"Invalid metadata entry count {count}.");
        return count;
    }

    public static void WriteMetadataValue(IBufferWriter<byte> writer, MetadataValue value)
    {
        WriteByte(writer, (byte)value.Kind);
        switch (value.Kind)
        {
            case MetadataValueKind.Null:
                break;
            case MetadataValueKind.String:
                WriteString(writer, value.AsString);
                break;
            case MetadataValueKind.Int:
                WriteInt64(writer, value.AsInt);
                break;
            case MetadataValueKind.Float:
                WriteDouble(writer, value.AsFloat);
                break;
            case MetadataValueKind.Bool:
                WriteByte(writer, value.AsBool ? (byte)1 : (byte)0);
                break;
            case MetadataValueKind.StringArray:
                string[] strings = value.AsStrings;
                WriteUInt32(writer, (uint)strings.Length);
                for (int i = 0; i < strings.Length; i++) WriteString(writer, strings[i]);
                break;
            case MetadataValueKind.IntArray:
                long[] ints = value.AsInts;
                WriteUInt32(writer, (uint)ints.Length);
                for (int i = 0; i < ints.Length; i++) WriteInt64(writer, ints[i]);
                break;
            case MetadataValueKind.FloatArray:
                double[] floats = value.AsFloats;
                WriteUInt32(writer, (uint)floats.Length);
                for (int i = 0; i < floats.Length; i++) WriteDouble(writer, floats[i]);
                break;
            case MetadataValueKind.BoolArray:
                bool[] bools = value.AsBools;
                WriteUInt32(writer, (uint)bools.Length);
                for (int i = 0; i < bools.Length; i++) WriteByte(writer, bools[i] ? (byte)1 : (byte)0);
                break;
            case MetadataValueKind.SparseVector:
                WriteSparseVector(writer, value.AsSparseVector);
                break;
            default:
                ThrowHelper.InvalidArgument($"Unknown metadata value kind {(byte)value.Kind}.");
                break;
        }
    }

    public static MetadataValue ReadMetadataValue(ref SpanReader reader)
    {
        byte kind = reader.ReadByte();
        switch ((MetadataValueKind)kind)
        {
            case MetadataValueKind.Null:
                return MetadataValue.Null;
            case MetadataValueKind.String:
                return MetadataValue.FromString(reader.ReadSharedString());
            case MetadataValueKind.Int:
                return MetadataValue.FromInt(reader.ReadInt64());
            case MetadataValueKind.Float:
                return MetadataValue.FromFloat(reader.ReadDouble());
            case MetadataValueKind.Bool:
                return MetadataValue.FromBool(reader.ReadBool());
            case MetadataValueKind.StringArray:
            {
                string[] values = new string[reader.ReadCount(sizeof(int))];
                for (int i = 0; i < values.Length; i++) values[i] = reader.ReadSharedString();
                return MetadataValue.FromStrings(values);
            }

            case MetadataValueKind.IntArray:
            {
                long[] values = new long[reader.ReadCount(sizeof(long))];
                for (int i = 0; i < values.Length; i++) values[i] = reader.ReadInt64();
                return MetadataValue.FromInts(values);
            }

            case MetadataValueKind.FloatArray:
            {
                double[] values = new double[reader.ReadCount(sizeof(double))];
                for (int i = 0; i < values.Length; i++) values[i] = reader.ReadDouble();
                return MetadataValue.FromFloats(values);
            }

            case MetadataValueKind.BoolArray:
            {
                bool[] values = new bool[reader.ReadCount(1)];
                for (int i = 0; i < values.Length; i++) values[i] = reader.ReadBool();
                return MetadataValue.FromBools(values);
            }

            case MetadataValueKind.SparseVector:
                return MetadataValue.FromSparseVector(ReadSparseVector(ref reader));
            default:
                return ThrowUnknownKind(kind);
        }
    }

    private static void WriteEntry(IBufferWriter<byte> writer, string key, MetadataValue value)
    {
        WriteString(writer, key);
        WriteMetadataValue(writer, value);
    }

    private static void WriteSparseVector(IBufferWriter<byte> writer, SparseVector vector)
    {
        uint[] indices = vector.Indices;
        WriteUInt32(writer, (uint)indices.Length);
        for (int i = 0; i < indices.Length; i++) WriteUInt32(writer, indices[i]);

        WriteUInt32(writer, (uint)vector.Values.Length);
        WriteSingles(writer, vector.Values);

        if (vector.Tokens is not { } tokens)
        {
            WriteInt32(writer, -1);
            return;
        }

        WriteInt32(writer, tokens.Length);
        for (int i = 0; i < tokens.Length; i++) WriteString(writer, tokens[i]);
    }

    private static SparseVector ReadSparseVector(ref SpanReader reader)
    {
        uint[] indices = new uint[reader.ReadCount(sizeof(uint))];
        for (int i = 0; i < indices.Length; i++) indices[i] = reader.ReadUInt32();

        float[] values = reader.ReadSingles(reader.ReadCount(sizeof(float)));

        int tokenCount = reader.ReadInt32();
        string[]? tokens = null;
        if (tokenCount != -1)
        {
            if (tokenCount < 0 || (long)tokenCount * sizeof(int) > reader.Remaining)
                ThrowHelper.DataCorrupted($"Invalid sparse vector token count {tokenCount}.");
            tokens = new string[tokenCount];
            for (int i = 0; i < tokens.Length; i++) tokens[i] = reader.ReadString();
        }

        return new SparseVector(indices, values, tokens);
    }

    private static MetadataValue ThrowUnknownKind(byte kind)
    {
        ThrowHelper.DataCorrupted($"Unknown metadata value kind {kind}.");
        return default;
    }
}
