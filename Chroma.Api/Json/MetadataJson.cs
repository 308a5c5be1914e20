using System.Text.Json;
using Chroma.Core.Model;

namespace Chroma.Api.Json;

/// <summary>Metadata maps and values to JSON; ints stay exact i64, floats keep a decimal point.</summary>
internal static class MetadataJson
{
    /// <summary>A map, or null for a missing or empty map (Chroma returns no metadata as null).</summary>
    public static void WriteMap(Utf8JsonWriter writer, IReadOnlyDictionary<string, MetadataValue>? map)
    {
        if (map is null || map.Count == 0)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        // The struct enumerators avoid boxing on the two concrete types (stored and parsed maps).
        if (map is CompactMetadata compact)
        {
            foreach (var (key, value) in compact) WriteEntry(writer, key, value);
        }
        else if (map is Dictionary<string, MetadataValue> dictionary)
        {
            foreach (var (key, value) in dictionary) WriteEntry(writer, key, value);
        }
        else
        {
            foreach (var (key, value) in map) WriteEntry(writer, key, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteEntry(Utf8JsonWriter writer, string key, MetadataValue value)
    {
        writer.WritePropertyName(key);
        WriteValue(writer, value);
    }

    public static void WriteValue(Utf8JsonWriter writer, MetadataValue value)
    {
        switch (value.Kind)
        {
            case MetadataValueKind.String:
                writer.WriteStringValue(value.AsString);
                break;
            case MetadataValueKind.Int:
                writer.WriteNumberValue(value.AsInt);
                break;
            case MetadataValueKind.Float:
                JsonNumbers.WriteDouble(writer, value.AsFloat);
                break;
            case MetadataValueKind.Bool:
                writer.WriteBooleanValue(value.AsBool);
                break;
            case MetadataValueKind.StringArray:
                writer.WriteStartArray();
                foreach (var item in value.AsStrings) writer.WriteStringValue(item);
                writer.WriteEndArray();
                break;
            case MetadataValueKind.IntArray:
                writer.WriteStartArray();
                foreach (var item in value.AsInts) writer.WriteNumberValue(item);
                writer.WriteEndArray();
                break;
            case MetadataValueKind.FloatArray:
                writer.WriteStartArray();
                foreach (var item in value.AsFloats) JsonNumbers.WriteDouble(writer, item);
                writer.WriteEndArray();
                break;
            case MetadataValueKind.BoolArray:
                writer.WriteStartArray();
                foreach (var item in value.AsBools) writer.WriteBooleanValue(item);
                writer.WriteEndArray();
                break;
            case MetadataValueKind.SparseVector:
                WriteSparseVector(writer, value.AsSparseVector);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteSparseVector(Utf8JsonWriter writer, SparseVector vector)
    {
        writer.WriteStartObject();
        writer.WriteString("#type", "sparse_vector");
        writer.WriteStartArray("indices");
        foreach (var index in vector.Indices) writer.WriteNumberValue(index);
        writer.WriteEndArray();
        writer.WriteStartArray("values");
        foreach (var item in vector.Values) JsonNumbers.WriteFloat(writer, item);
        writer.WriteEndArray();
        if (vector.Tokens is { } tokens)
        {
            writer.WriteStartArray("tokens");
            foreach (var token in tokens) writer.WriteStringValue(token);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
