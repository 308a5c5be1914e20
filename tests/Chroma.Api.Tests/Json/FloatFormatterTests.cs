using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Chroma.Api.Json;
using Chroma.Core.Storage.Codec;

namespace Chroma.Api.Tests.Json;

/// <summary>
/// The formatter must print exactly what .NET's shortest float.ToString() prints (then ".0" on
/// integral values), and what it prints must read back to the same bits, through float parsing and
/// through JavaScript's double-then-Math.fround path.
/// </summary>
public class FloatFormatterTests
{
    [Theory]
    [InlineData(0f, "0.0")]
    [InlineData(-0f, "-0.0")]
    [InlineData(1f, "1.0")]
    [InlineData(-1f, "-1.0")]
    [InlineData(0.5f, "0.5")]
    [InlineData(0.1f, "0.1")]
    [InlineData(1000f, "1000.0")]
    [InlineData(16777216f, "16777216.0")]
    [InlineData(123456789f, "123456790.0")]
    [InlineData(1e9f, "1E+09")]
    [InlineData(1.25e9f, "1.25E+09")]
    [InlineData(1e20f, "1E+20")]
    [InlineData(0.0001f, "0.0001")]
    [InlineData(0.0001234f, "0.0001234")]
    [InlineData(1e-5f, "1E-05")]
    [InlineData(-1.5e-7f, "-1.5E-07")]
    [InlineData(0.33333334f, "0.33333334")]
    [InlineData(12.5f, "12.5")]
    [InlineData(float.MaxValue, "3.4028235E+38")]
    [InlineData(float.MinValue, "-3.4028235E+38")]
    [InlineData(float.Epsilon, "1E-45")]
    [InlineData(1.17549435e-38f, "1.1754944E-38")]
    [InlineData(-1.17549435e-38f, "-1.1754944E-38")]
    public void Known_values_have_chroma_like_spelling(float value, string expected) =>
        Assert.Equal(expected, Format(value));

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    [InlineData(float.NegativeInfinity, "-Infinity")]
    public void Non_finite_values_use_the_invariant_spelling(float value, string expected) =>
        Assert.Equal(expected, Format(value));

    [Fact]
    public void Destination_shorter_than_max_length_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => FloatFormatter.Format(1f, new byte[FloatFormatter.MaxLength - 1]));
        Assert.Contains("destination", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Power_table_matches_exact_big_integer_arithmetic()
    {
        // Entry k - MinK: 10^-k = β × 2^r with 2^125 <= β < 2^126, g = floor(β) + 1, entry (g >> 63) + 1.
        ReadOnlySpan<ulong> table = FloatFormatter.TenToMinusK;
        Assert.Equal(31 - FloatFormatter.MinK + 1, table.Length);
        for (int i = 0; i < table.Length; i++)
        {
            int k = i + FloatFormatter.MinK;
            int floorLog2 = FloatFormatter.FloorLog2Pow10(-k);
            BigInteger beta = k <= 0
                ? (BigInteger.Pow(10, -k) << 125) >> floorLog2
                : (BigInteger.One << (125 - floorLog2)) / BigInteger.Pow(10, k);
            Assert.InRange(beta, BigInteger.One << 125, (BigInteger.One << 126) - 1);
            Assert.Equal((ulong)((beta + 1) >> 63) + 1, table[i]);
        }
    }

    [Fact]
    public void Every_power_of_two_matches_dotnet()
    {
        // 2^-149 (float.Epsilon) through 2^127: subnormal single bits, then every normal exponent.
        for (int bit = 0; bit < 23; bit++) AssertMatchesDotnet(1u << bit);
        for (uint exponent = 1; exponent < 255; exponent++) AssertMatchesDotnet(exponent << 23);
    }

    [Fact]
    public void Powers_of_ten_and_their_neighbours_match_dotnet()
    {
        for (int k = -45; k <= 38; k++)
        {
            uint bits = BitConverter.SingleToUInt32Bits(float.Parse($"1e{k}", CultureInfo.InvariantCulture));
            for (uint neighbour = Math.Max(bits, 2) - 2; neighbour <= bits + 2 && neighbour < 0x7F80_0000; neighbour++)
            {
                AssertMatchesDotnet(neighbour);
                AssertMatchesDotnet(neighbour | 0x8000_0000);
            }
        }
    }

    [Fact]
    public void Extremes_match_dotnet()
    {
        uint[] bits =
        [
            0x0000_0001, 0x0000_0002, 0x0000_0003, 0x007F_FFFF, 0x007F_FFFE, 0x0080_0000, 0x0080_0001,
            0x7F7F_FFFF, 0x7F7F_FFFE, 0x3F7F_FFFF, 0x3F80_0001, 0x3400_0000, 0x3380_0000,
        ];
        foreach (uint value in bits)
        {
            AssertMatchesDotnet(value);
            AssertMatchesDotnet(value | 0x8000_0000);
        }
    }

    [Fact]
    public void Subnormals_match_dotnet()
    {
        // The lowest and highest 2^16 subnormals whole, and a stride through the rest.
        for (uint bits = 1; bits < 1u << 16; bits++) AssertMatchesDotnet(bits);
        for (uint bits = 0x007F_FFFF - (1u << 16); bits <= 0x007F_FFFF; bits++) AssertMatchesDotnet(bits);
        for (uint bits = 1u << 16; bits < 0x007F_FFFF; bits += 97) AssertMatchesDotnet(bits);
    }

    [Fact]
    public void Every_integer_up_to_two_to_the_24_matches_dotnet()
    {
        for (int i = 1; i <= 1 << 24; i++) AssertMatchesDotnet(BitConverter.SingleToUInt32Bits(i));
    }

    [Fact]
    public void Ten_million_random_bit_patterns_match_dotnet_and_round_trip()
    {
        var random = new Random(20180618);
        int tested = 0;
        while (tested < 10_000_000)
        {
            uint bits = (uint)random.Next() | ((uint)random.Next(2) << 31);
            if ((bits & 0x7F80_0000) == 0x7F80_0000) continue; // NaN and infinities are not numbers in JSON.
            AssertMatchesDotnet(bits);
            tested++;
        }
    }

    [Fact]
    public void Embedding_like_values_match_dotnet_and_round_trip()
    {
        // Unit-vector components: mostly 0.0x and 0.00x, the response hot path.
        var random = new Random(384);
        for (int i = 0; i < 1_000_000; i++)
        {
            float value = (float)((random.NextDouble() * 2) - 1) / (1 + random.Next(100));
            AssertMatchesDotnet(BitConverter.SingleToUInt32Bits(value));
        }
    }

    [Theory]
    [InlineData(1e20f)]
    [InlineData(-1.5e-7f)]
    [InlineData(float.Epsilon)]
    [InlineData(float.MaxValue)]
    [InlineData(-0f)]
    [InlineData(1000f)]
    public void Json_parsers_read_the_output_as_the_same_float(float value)
    {
        string json = "[" + Format(value) + "]";
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        Assert.True(reader.Read());
        Assert.True(reader.Read());
        Assert.Equal(JsonTokenType.Number, reader.TokenType);
        Assert.Equal(BitConverter.SingleToUInt32Bits(value), BitConverter.SingleToUInt32Bits(reader.GetSingle()));
        Assert.Equal(BitConverter.SingleToUInt32Bits(value), BitConverter.SingleToUInt32Bits((float)reader.GetDouble()));

        using var document = JsonDocument.Parse(json);
        Assert.Equal(value, document.RootElement[0].GetSingle());
    }

    [Fact]
    public void Api_writes_a_known_vector_as_one_json_array()
    {
        float[] vector = [1f, 0.5f, -0f, 0.1f, -0.036270075f, 1e-7f, 123456f, float.Epsilon];
        using var buffer = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer, JsonResponse.WriterOptions))
        {
            JsonNumbers.WriteFloatArray(writer, vector);
        }

        Assert.Equal("[1.0,0.5,-0.0,0.1,-0.036270075,1E-07,123456.0,1E-45]", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Api_array_of_longest_values_fits_its_buffer()
    {
        // Every element at the maximum printed length: the pooled buffer must not overflow.
        float[] vector = new float[1000];
        vector.AsSpan().Fill(-1.17549435e-38f);
        using var buffer = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer, JsonResponse.WriterOptions))
        {
            JsonNumbers.WriteFloatArray(writer, vector);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        Assert.Equal(1000, document.RootElement.GetArrayLength());
        Assert.Equal(-1.17549435e-38f, document.RootElement[999].GetSingle());
    }

    private static string Format(float value)
    {
        Span<byte> buffer = stackalloc byte[FloatFormatter.MaxLength];
        int length = FloatFormatter.Format(value, buffer);
        return Encoding.ASCII.GetString(buffer[..length]);
    }

    /// <summary>
    /// Byte-for-byte equal to .NET's invariant shortest form with ".0" on bare integers, and reads
    /// back to the same bits both directly and through a double (JavaScript's Number, then
    /// Math.fround). Allocation-free on success so millions of cases stay fast.
    /// </summary>
    private static void AssertMatchesDotnet(uint bits)
    {
        float value = BitConverter.UInt32BitsToSingle(bits);
        Span<byte> ours = stackalloc byte[FloatFormatter.MaxLength];
        int oursLength = FloatFormatter.Format(value, ours);
        ours = ours[..oursLength];

        Span<byte> expected = stackalloc byte[32];
        Assert.True(value.TryFormat(expected, out int expectedLength, default, CultureInfo.InvariantCulture));
        if (expected[..expectedLength].IndexOfAny((byte)'.', (byte)'E') < 0)
        {
            expected[expectedLength++] = (byte)'.';
            expected[expectedLength++] = (byte)'0';
        }

        expected = expected[..expectedLength];
        bool same = ours.SequenceEqual(expected);
        float parsed = float.Parse(ours, NumberStyles.Float, CultureInfo.InvariantCulture);
        float viaDouble = (float)double.Parse(ours, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (same && BitConverter.SingleToUInt32Bits(parsed) == bits && BitConverter.SingleToUInt32Bits(viaDouble) == bits) return;

        string context = $"bits 0x{bits:X8}";
        Assert.Equal(Encoding.ASCII.GetString(expected) + " " + context, Encoding.ASCII.GetString(ours) + " " + context);
        Assert.Equal($"0x{bits:X8}", $"0x{BitConverter.SingleToUInt32Bits(parsed):X8}");
        Assert.Equal($"0x{bits:X8}", $"0x{BitConverter.SingleToUInt32Bits(viaDouble):X8}");
    }
}
