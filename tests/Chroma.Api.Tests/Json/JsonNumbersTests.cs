using Chroma.Core.Storage.Codec;
using System.Text;
using System.Text.Json;
using Chroma.Api.Json;

namespace Chroma.Api.Tests.Json;

public class JsonNumbersTests
{
    [Theory]
    [InlineData(1000f, "1000.0")]
    [InlineData(1f, "1.0")]
    [InlineData(0f, "0.0")]
    [InlineData(-8f, "-8.0")]
    [InlineData(0.5f, "0.5")]
    [InlineData(0.1f, "0.1")]
    [InlineData(0.32813f, "0.32813")]
    public void Float_keeps_a_decimal_point_and_round_trips(float value, string expected)
    {
        string text = JsonNumbers.FormatFloat(value);
        Assert.Equal(expected, text);
        Assert.Equal(value, float.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Large_float_uses_an_exponent_that_still_reads_as_a_float()
    {
        string text = JsonNumbers.FormatFloat(1e20f);
        Assert.Contains('E', text);
        Assert.Equal(1e20f, float.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(1000.0, "1000.0")]
    [InlineData(2.5, "2.5")]
    [InlineData(1.2, "1.2")]
    [InlineData(-0.0, "-0.0")]
    public void Double_keeps_a_decimal_point(double value, string expected) =>
        Assert.Equal(expected, JsonNumbers.FormatDouble(value));

    [Fact]
    public void Writer_emits_raw_tokens_inside_arrays()
    {
        using var buffer = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer, JsonResponse.WriterOptions))
        {
            writer.WriteStartArray();
            JsonNumbers.WriteFloat(writer, 1f);
            JsonNumbers.WriteDouble(writer, 1000.0);
            writer.WriteNumberValue(9007199254740993L);
            JsonNumbers.WriteFloat(writer, float.NaN);
            writer.WriteEndArray();
        }

        Assert.Equal("[1.0,1000.0,9007199254740993,null]", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
