using System.Globalization;
using System.Text.Json;
using Chroma.Core.Memory;

namespace Chroma.Api.Json;

/// <summary>
/// Number tokens written by hand. Python clients turn <c>1000</c> into an int and <c>1000.0</c>
/// into a float, so a float must keep its decimal point; System.Text.Json would print 1000.0f as
/// <c>1000</c>. Floats use the shortest round-trip form from <see cref="FloatFormatter"/> (what Rust's ryu
/// prints, modulo exponent spelling, which JSON treats alike).
/// </summary>
internal static class JsonNumbers
{
    public static void WriteFloat(Utf8JsonWriter writer, float value)
    {
        if (!float.IsFinite(value))
        {
            // JSON has no NaN/Infinity; inputs are validated finite so this is a guard only.
            writer.WriteNullValue();
            return;
        }

        Span<byte> buffer = stackalloc byte[FloatFormatter.MaxLength];
        int length = FloatFormatter.Format(value, buffer);
        writer.WriteRawValue(buffer[..length], skipInputValidation: true);
    }

    /// <summary>
    /// A whole vector as one raw token: formatting the floats into one pooled buffer and handing
    /// the writer a single value costs a fraction of one writer call per element.
    /// </summary>
    public static void WriteFloatArray(Utf8JsonWriter writer, ReadOnlySpan<float> values)
    {
        // Each element takes at most MaxLength bytes plus ','; the formatter needs MaxLength free
        // bytes even for a short number, which the last element's slot plus ']' leaves.
        int capacity = 2 + (values.Length * (FloatFormatter.MaxLength + 1));
        byte[] rented = BufferPool<byte>.Rent(capacity);
        try
        {
            Span<byte> buffer = rented;
            int at = 0;
            buffer[at++] = (byte)'[';
            for (int i = 0; i < values.Length; i++)
            {
                if (i > 0) buffer[at++] = (byte)',';
                float value = values[i];
                if (!float.IsFinite(value))
                {
                    // JSON has no NaN/Infinity; inputs are validated finite so this is a guard only.
                    "null"u8.CopyTo(buffer[at..]);
                    at += 4;
                    continue;
                }

                at += FloatFormatter.Format(value, buffer[at..]);
            }

            buffer[at++] = (byte)']';
            writer.WriteRawValue(buffer[..at], skipInputValidation: true);
        }
        finally
        {
            BufferPool<byte>.Return(rented);
        }
    }

    public static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (!double.IsFinite(value))
        {
            writer.WriteNullValue();
            return;
        }

        Span<byte> buffer = stackalloc byte[40];
        value.TryFormat(buffer, out int length, default, CultureInfo.InvariantCulture);
        length = EnsureDecimalPoint(buffer, length);
        writer.WriteRawValue(buffer[..length], skipInputValidation: true);
    }

    public static void WriteDouble(Utf8JsonWriter writer, string propertyName, double value)
    {
        writer.WritePropertyName(propertyName);
        WriteDouble(writer, value);
    }

    /// <summary>Formats like the writer does; for tests and messages.</summary>
    public static string FormatFloat(float value)
    {
        Span<byte> buffer = stackalloc byte[FloatFormatter.MaxLength];
        int length = FloatFormatter.Format(value, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer[..length]);
    }

    public static string FormatDouble(double value)
    {
        Span<byte> buffer = stackalloc byte[40];
        value.TryFormat(buffer, out int length, default, CultureInfo.InvariantCulture);
        length = EnsureDecimalPoint(buffer, length);
        return System.Text.Encoding.ASCII.GetString(buffer[..length]);
    }

    private static int EnsureDecimalPoint(Span<byte> buffer, int length)
    {
        // "1E+20" already reads as a float in every JSON client; only a bare integer needs ".0".
        if (buffer[..length].IndexOfAny((byte)'.', (byte)'E', (byte)'e') >= 0) return length;
        buffer[length] = (byte)'.';
        buffer[length + 1] = (byte)'0';
        return length + 2;
    }
}
