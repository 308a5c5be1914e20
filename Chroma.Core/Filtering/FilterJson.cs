using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Chroma.Core.Model;

namespace Chroma.Core.Filtering;

/// <summary>Serialization helpers shared by the filter nodes.</summary>
internal static class FilterJson
{
    // Filters are logged and forwarded, never embedded in HTML: keep '+', '<', non-ASCII readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ToJson(WhereClause clause)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            clause.WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string ToJson(WhereDocumentClause clause)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            clause.WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Writes a scalar operand. A float always carries a fraction or exponent, because the
    /// parser reads integral-looking numbers as ints and the kind must survive a round trip.
    /// </summary>
    public static void WriteScalar(Utf8JsonWriter writer, MetadataValue value)
    {
        switch (value.Kind)
        {
            case MetadataValueKind.String:
                writer.WriteStringValue(value.AsString);
                break;
            case MetadataValueKind.Int:
                writer.WriteNumberValue(value.AsInt);
                break;
            case MetadataValueKind.Bool:
                writer.WriteBooleanValue(value.AsBool);
                break;
            case MetadataValueKind.Float:
                string text = value.AsFloat.ToString("R", CultureInfo.InvariantCulture);
                if (text.AsSpan().IndexOfAny('.', 'E', 'e') < 0)
                {
                    text += ".0";
                }
                writer.WriteRawValue(text, skipInputValidation: true);
                break;
            default:
                throw new InvalidOperationException($"A filter operand cannot be {value.Kind}.");
        }
    }
}
