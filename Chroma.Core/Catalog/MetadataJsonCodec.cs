using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Chroma.Core.Model;

namespace Chroma.Core.Catalog;

/// <summary>
/// Persists a metadata map as JSON that keeps the kind of every <see cref="MetadataValue"/>,
/// shared by every catalog store (SQLite here, PostgreSQL later) so both read each other's rows.
/// </summary>
/// <remarks>
/// The form is Chroma's wire form wherever JSON can say the kind, so the column stays readable
/// in SQL: strings, bools, null and arrays are plain JSON; an int is written without a decimal
/// point and a float always with one (<c>1.0</c>, <c>1E+20</c>), which is how the reader tells
/// them apart. What plain JSON cannot carry (non-finite floats, empty arrays whose kind would be
/// lost, sparse vectors) is written as an object tagged with <c>"#type"</c>; a metadata value is
/// never a plain object, so a tagged object is unambiguous. Keys are written in ordinal order so
/// the stored text is deterministic.
/// </remarks>
public static class MetadataJsonCodec
{
    private const string TypeTag = "#type";

    public static string Serialize(IReadOnlyDictionary<string, MetadataValue> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, metadata);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static Dictionary<string, MetadataValue> Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        byte[] utf8 = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(utf8);
        try
        {
            reader.Read();
            return Read(ref reader);
        }
        catch (JsonException e)
        {
            throw Corrupt(e.Message);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader's Get* throw this on a token of the wrong type.
            throw Corrupt(e.Message);
        }
        catch (FormatException e)
        {
            throw Corrupt(e.Message);
        }
    }

    /// <summary>Writes the map as one JSON object at the writer's current position.</summary>
    public static void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, MetadataValue> metadata)
    {
        string[] keys = new string[metadata.Count];
        int n = 0;
        foreach (string key in metadata.Keys) keys[n++] = key;
        Array.Sort(keys, StringComparer.Ordinal);

        writer.WriteStartObject();
        foreach (string key in keys)
        {
            writer.WritePropertyName(key);
            WriteValue(writer, metadata[key]);
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads one JSON object; the reader must be positioned on its StartObject token.</summary>
    public static Dictionary<string, MetadataValue> Read(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var result = new Dictionary<string, MetadataValue>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            reader.Read();
            result[key] = ReadValue(ref reader);
        }

        return result;
    }

    public static void WriteValue(Utf8JsonWriter writer, MetadataValue value)
    {
        switch (value.Kind)
        {
            case MetadataValueKind.Null: writer.WriteNullValue(); break;
            case MetadataValueKind.String: writer.WriteStringValue(value.AsString); break;
            case MetadataValueKind.Int: writer.WriteNumberValue(value.AsInt); break;
            case MetadataValueKind.Bool: writer.WriteBooleanValue(value.AsBool); break;
            case MetadataValueKind.Float:
                if (double.IsFinite(value.AsFloat)) WriteFloat(writer, value.AsFloat);
                else WriteTaggedFloat(writer, value.AsFloat);
                break;
            case MetadataValueKind.StringArray: WriteStrings(writer, value.AsStrings); break;
            case MetadataValueKind.IntArray: WriteInts(writer, value.AsInts); break;
            case MetadataValueKind.FloatArray: WriteFloats(writer, value.AsFloats); break;
            case MetadataValueKind.BoolArray: WriteBools(writer, value.AsBools); break;
            case MetadataValueKind.SparseVector: WriteSparse(writer, value.AsSparseVector); break;
            default: throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "Unknown metadata kind.");
        }
    }

    public static MetadataValue ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null: return MetadataValue.Null;
            case JsonTokenType.String: return MetadataValue.FromString(reader.GetString()!);
            case JsonTokenType.True: return MetadataValue.FromBool(true);
            case JsonTokenType.False: return MetadataValue.FromBool(false);
            case JsonTokenType.Number:
                return IsFloatToken(ref reader) ? MetadataValue.FromFloat(reader.GetDouble()) : MetadataValue.FromInt(reader.GetInt64());
            case JsonTokenType.StartArray: return ReadPlainArray(ref reader);
            case JsonTokenType.StartObject: return ReadTagged(ref reader);
            default: throw Corrupt($"unexpected token {reader.TokenType}");
        }
    }

    private static void WriteFloat(Utf8JsonWriter writer, double value)
    {
        // A float must keep a decimal point or exponent, else it would read back as an int.
        Span<byte> text = stackalloc byte[40];
        value.TryFormat(text, out int written, "R", CultureInfo.InvariantCulture);
        if (text[..written].IndexOfAny((byte)'.', (byte)'E', (byte)'e') < 0)
        {
            text[written++] = (byte)'.';
            text[written++] = (byte)'0';
        }

        writer.WriteRawValue(text[..written], skipInputValidation: true);
    }

    private static void WriteTaggedFloat(Utf8JsonWriter writer, double value)
    {
        writer.WriteStartObject();
        writer.WriteString(TypeTag, "float");
        writer.WritePropertyName("value");
        WriteFloatElement(writer, value);
        writer.WriteEndObject();
    }

    private static void WriteFloatElement(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value)) WriteFloat(writer, value);
        else writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }

    private static void WriteStrings(Utf8JsonWriter writer, string[] values)
    {
        if (values.Length == 0) { WriteEmptyTagged(writer, "string[]"); return; }
        writer.WriteStartArray();
        foreach (string s in values) writer.WriteStringValue(s);
        writer.WriteEndArray();
    }

    private static void WriteInts(Utf8JsonWriter writer, long[] values)
    {
        if (values.Length == 0) { WriteEmptyTagged(writer, "int[]"); return; }
        writer.WriteStartArray();
        foreach (long v in values) writer.WriteNumberValue(v);
        writer.WriteEndArray();
    }

    private static void WriteBools(Utf8JsonWriter writer, bool[] values)
    {
        if (values.Length == 0) { WriteEmptyTagged(writer, "bool[]"); return; }
        writer.WriteStartArray();
        foreach (bool v in values) writer.WriteBooleanValue(v);
        writer.WriteEndArray();
    }

    private static void WriteFloats(Utf8JsonWriter writer, double[] values)
    {
        bool allFinite = true;
        foreach (double v in values) allFinite &= double.IsFinite(v);
        if (values.Length > 0 && allFinite)
        {
            writer.WriteStartArray();
            foreach (double v in values) WriteFloat(writer, v);
            writer.WriteEndArray();
            return;
        }

        writer.WriteStartObject();
        writer.WriteString(TypeTag, "float[]");
        writer.WriteStartArray("values");
        foreach (double v in values) WriteFloatElement(writer, v);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteEmptyTagged(Utf8JsonWriter writer, string type)
    {
        writer.WriteStartObject();
        writer.WriteString(TypeTag, type);
        writer.WriteStartArray("values");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteSparse(Utf8JsonWriter writer, SparseVector vector)
    {
        writer.WriteStartObject();
        writer.WriteString(TypeTag, "sparse_vector");
        writer.WriteStartArray("indices");
        foreach (uint i in vector.Indices) writer.WriteNumberValue(i);
        writer.WriteEndArray();
        writer.WriteStartArray("values");
        foreach (float v in vector.Values)
        {
            if (float.IsFinite(v)) writer.WriteNumberValue(v);
            else writer.WriteStringValue(v.ToString(CultureInfo.InvariantCulture));
        }

        writer.WriteEndArray();
        if (vector.Tokens is not null)
        {
            writer.WriteStartArray("tokens");
            foreach (string t in vector.Tokens) writer.WriteStringValue(t);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static bool IsFloatToken(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        return raw.IndexOfAny((byte)'.', (byte)'E', (byte)'e') >= 0;
    }

    private static MetadataValue ReadPlainArray(ref Utf8JsonReader reader)
    {
        // Written only non-empty and homogeneous; an int+float mix reads as a float array.
        var strings = new List<string>();
        var numbers = new List<double>();
        var ints = new List<long>();
        var bools = new List<bool>();
        bool anyFloat = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String: strings.Add(reader.GetString()!); break;
                case JsonTokenType.True: bools.Add(true); break;
                case JsonTokenType.False: bools.Add(false); break;
                case JsonTokenType.Number:
                    if (IsFloatToken(ref reader)) anyFloat = true;
                    else ints.Add(reader.GetInt64());
                    numbers.Add(reader.GetDouble());
                    break;
                default: throw Corrupt($"unexpected array element {reader.TokenType}");
            }
        }

        int kinds = (strings.Count > 0 ? 1 : 0) + (bools.Count > 0 ? 1 : 0) + (numbers.Count > 0 ? 1 : 0);
        if (kinds != 1) throw Corrupt("array is empty or mixes kinds");
        if (strings.Count > 0) return MetadataValue.FromStrings(strings.ToArray());
        if (bools.Count > 0) return MetadataValue.FromBools(bools.ToArray());
        return anyFloat ? MetadataValue.FromFloats(numbers.ToArray()) : MetadataValue.FromInts(ints.ToArray());
    }

    private static MetadataValue ReadTagged(ref Utf8JsonReader reader)
    {
        string? type = null;
        MetadataValue value = MetadataValue.Null;
        var floats = new List<double>();
        var indices = new List<uint>();
        var sparseValues = new List<float>();
        List<string>? tokens = null;
        bool sawValues = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string property = reader.GetString()!;
            reader.Read();
            switch (property)
            {
                case TypeTag: type = reader.GetString(); break;
                case "value": value = MetadataValue.FromFloat(ReadFloatElement(ref reader)); break;
                case "indices":
                    Expect(ref reader, JsonTokenType.StartArray);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) indices.Add(reader.GetUInt32());
                    break;
                case "values":
                    Expect(ref reader, JsonTokenType.StartArray);
                    sawValues = true;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) floats.Add(ReadFloatElement(ref reader));
                    break;
                case "tokens":
                    Expect(ref reader, JsonTokenType.StartArray);
                    tokens = new List<string>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) tokens.Add(reader.GetString()!);
                    break;
                default: reader.Skip(); break;
            }
        }

        switch (type)
        {
            case "float" when value.Kind == MetadataValueKind.Float: return value;
            case "float[]" when sawValues: return MetadataValue.FromFloats(floats.ToArray());
            case "string[]": return MetadataValue.FromStrings([]);
            case "int[]": return MetadataValue.FromInts([]);
            case "bool[]": return MetadataValue.FromBools([]);
            case "sparse_vector":
                foreach (double f in floats) sparseValues.Add((float)f);
                return MetadataValue.FromSparseVector(new SparseVector(indices.ToArray(), sparseValues.ToArray(), tokens?.ToArray()));
            default: throw Corrupt($"unknown tagged value type '{type}'");
        }
    }

    private static double ReadFloatElement(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number => reader.GetDouble(),
        JsonTokenType.String => double.Parse(reader.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => throw Corrupt($"expected a number, got {reader.TokenType}"),
    };

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type) throw Corrupt($"expected {type}, got {reader.TokenType}");
    }

    private static ChromaException Corrupt(string detail) =>
        new(ChromaErrorCode.DataLoss, $"Stored catalog metadata is not valid: {detail}.");
}
