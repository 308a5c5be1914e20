using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Chroma.Api.Json;

/// <summary>
/// float32 to a UTF-8 JSON number: the shortest digits that read back to the same float (Schubfach,
/// see FloatFormatter.Schubfach.cs), laid out as .NET's invariant float.ToString() lays them out, plus ".0" on
/// integral values so Python clients see a float ("1.0", "1000.0", "-0.0"). Plain notation for
/// decimal exponents -5 &lt; x &lt; 9 ("0.0001", "123456790.0"), otherwise "1E+20", "1.5E-07" (at least
/// two exponent digits), which every JSON parser reads as the same number. About 3x faster than
/// float.TryFormat, which matters because a response of 100 embeddings of 384 dims is 38,400 floats.
/// </summary>
public static partial class FloatFormatter
{
    /// <summary>Longest output, e.g. "-1.1754944E-38" (14 bytes) or "-0.00012345678" (14), rounded up.</summary>
    public const int MaxLength = 16;

    /// <summary>
    /// Writes <paramref name="value"/> and returns the number of bytes written. Non-finite values,
    /// which JSON cannot hold, come out as "NaN", "Infinity" and "-Infinity" (callers writing JSON
    /// check float.IsFinite first).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="MaxLength"/>.</exception>
    public static int Format(float value, Span<byte> destination)
    {
        if (destination.Length < MaxLength) ThrowDestinationTooShort(destination.Length);

        // Every write below stays within MaxLength bytes, checked once above.
        ref byte start = ref MemoryMarshal.GetReference(destination);
        uint bits = BitConverter.SingleToUInt32Bits(value);
        // The sign is random in embeddings: write '-' always and step over it only when negative,
        // instead of a branch that mispredicts half the time.
        start = (byte)'-';
        int at = (int)(bits >> 31);

        uint magnitude = bits & 0x7FFF_FFFF;
        if (magnitude >= 0x7F80_0000) return WriteNonFinite(ref start, magnitude, at);
        if (magnitude == 0)
        {
            Unsafe.Add(ref start, at) = (byte)'0';
            Unsafe.Add(ref start, at + 1) = (byte)'.';
            Unsafe.Add(ref start, at + 2) = (byte)'0';
            return at + 3;
        }

        ToDecimal(magnitude, out uint digits, out int exponent);
        return WriteDecimal(ref Unsafe.Add(ref start, at), digits, exponent) + at;
    }

    /// <summary>
    /// Lays out digits × 10^exponent; returns the bytes written. The digits are first widened to
    /// exactly nine (zeros on the right), the first one alone and the other eight as one 8-byte ASCII
    /// word, so every layout is a few fixed-size stores; the significant count says where to stop.
    /// </summary>
    private static int WriteDecimal(ref byte start, uint digits, int exponent)
    {
        int length = DecimalLength(digits);
        // The exponent of the leading digit: 1.25E+09 has 9, 0.0125 has -2.
        int scientificExponent = exponent + length - 1;
        uint nine = digits * Unsafe.Add(ref MemoryMarshal.GetReference(PowersOf10), 9 - length);
        uint first = nine / 100_000_000;
        ulong eight = EightDigits(nine - (first * 100_000_000));
        // Trailing zero digits are the zero bytes at the top of the (little-endian) word.
        int significant = 9 - (BitOperations.LeadingZeroCount(eight) >> 3);
        eight += 0x3030_3030_3030_3030;
        byte firstDigit = (byte)('0' + first);

        if ((uint)(scientificExponent + 4) > 12)
        {
            // d[.dddddddd]E±XX (exponent below -4 or above 8).
            start = firstDigit;
            int at = 1;
            if (significant > 1)
            {
                Unsafe.Add(ref start, 1) = (byte)'.';
                WriteWord(ref Unsafe.Add(ref start, 2), eight);
                at = significant + 1;
            }

            Unsafe.Add(ref start, at) = (byte)'E';
            // '+' is '-' - 2; |exponent| <= 45 is always written with two digits, as .NET does.
            int sign = scientificExponent >> 31;
            Unsafe.Add(ref start, at + 1) = (byte)('+' - (2 * sign));
            WritePair(ref Unsafe.Add(ref start, at + 2), (uint)((scientificExponent ^ sign) - sign));
            return at + 4;
        }

        if (scientificExponent < 0)
        {
            // 0.000ddd, the common case for embedding components: "0.000000" then the digits over
            // it after the leading zeros (at most three).
            int leadingZeros = -scientificExponent - 1;
            WriteWord(ref start, 0x3030_3030_3030_2E30);
            Unsafe.Add(ref start, 2 + leadingZeros) = firstDigit;
            WriteWord(ref Unsafe.Add(ref start, 3 + leadingZeros), eight);
            return 2 + leadingZeros + significant;
        }

        // ddd.ddd or an integral ddd000.0: the nine digits one place to the right, then the integer
        // part pulled left over the gap for the point. The nine digits carry the integer part's
        // zeros already.
        int integerDigits = scientificExponent + 1;
        Unsafe.Add(ref start, 1) = firstDigit;
        WriteWord(ref Unsafe.Add(ref start, 2), eight);
        for (int i = 0; i < integerDigits; i++) Unsafe.Add(ref start, i) = Unsafe.Add(ref start, i + 1);
        Unsafe.Add(ref start, integerDigits) = (byte)'.';
        if (significant > integerDigits) return significant + 1;
        Unsafe.Add(ref start, integerDigits + 1) = (byte)'0';
        return integerDigits + 2;
    }

    /// <summary>
    /// The eight decimal digits of <paramref name="value"/> (below 10^8) as one byte each, the first
    /// digit in the lowest byte: split into 4 + 4 digits in two 32-bit lanes, then 2 + 2 in 16-bit
    /// lanes, then 1 + 1, each split one multiply-shift by a reciprocal that is exact in range.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong EightDigits(uint value)
    {
        uint high = value / 10_000;
        ulong x = high | ((ulong)(value - (high * 10_000)) << 32);
        // x / 100 per lane: 10486 / 2^20 exceeds 1/100 by 2.3e-7, too little to cross an integer below 10^4.
        ulong hundreds = ((x * 10486) >> 20) & 0x0000_007F_0000_007F;
        ulong y = hundreds | ((x - (hundreds * 100)) << 16);
        // y / 10 per lane: 103 / 2^10 exceeds 1/10 by 5.9e-4, too little to cross an integer below 100.
        ulong tens = ((y * 103) >> 10) & 0x000F_000F_000F_000F;
        return tens | ((y - (tens * 10)) << 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteWord(ref byte destination, ulong littleEndian) =>
        Unsafe.WriteUnaligned(ref destination, BitConverter.IsLittleEndian ? littleEndian : BinaryPrimitives.ReverseEndianness(littleEndian));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WritePair(ref byte destination, uint value)
    {
        // One unaligned 16-bit copy of the two ASCII digits.
        ref byte pair = ref Unsafe.Add(ref MemoryMarshal.GetReference(DigitPairs), (int)value * 2);
        Unsafe.WriteUnaligned(ref destination, Unsafe.ReadUnaligned<ushort>(ref pair));
    }

    /// <summary>Number of decimal digits of a value below 10^9 (the shortest float output never exceeds 9 digits), without branches.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DecimalLength(uint value)
    {
        // log10 ~ log2 × 1233/4096 undershoots by at most one; the table comparison fixes that.
        int guess = ((BitOperations.Log2(value) + 1) * 1233) >> 12;
        return guess + (value >= Unsafe.Add(ref MemoryMarshal.GetReference(PowersOf10), guess) ? 1 : 0);
    }

    private static int WriteNonFinite(ref byte start, uint magnitude, int at)
    {
        ReadOnlySpan<byte> text = magnitude == 0x7F80_0000 ? "Infinity"u8 : "NaN"u8;
        if (text.Length == 3) at = 0; // NaN has no sign in .NET's spelling.
        text.CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref start, at), text.Length));
        return at + text.Length;
    }

    [DoesNotReturn]
    private static void ThrowDestinationTooShort(int length) =>
        throw new ArgumentException($"A float needs up to {MaxLength} bytes; the destination has {length}.", "destination");

    private static ReadOnlySpan<uint> PowersOf10 =>
        [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

    private static ReadOnlySpan<byte> DigitPairs =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;
}
