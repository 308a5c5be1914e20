using System.Runtime.CompilerServices;

namespace Chroma.Api.Json;

/// <summary>
/// Ryu for binary32 (Ulf Adams, "Ryu: fast float-to-string conversion", PLDI 2018): the shortest
/// decimal d × 10^e inside the interval of reals that round to the float, and of those the closest
/// to the float (ties to an even last digit). Everything runs in 32/64-bit integers: the interval
/// bounds are scaled by 10^-q through one multiplication by a precomputed 5^±k, then digits are
/// dropped while both bounds still differ.
/// </summary>
public static partial class FloatFormatter
{
    private const int MantissaBits = 23;
    private const int ExponentBias = 127;

    /// <summary>
    /// The shortest round-trip decimal of a finite, non-zero float's magnitude: the float reads back
    /// from <paramref name="digits"/> × 10^<paramref name="exponent"/>, and no decimal with fewer
    /// digits does. <paramref name="digits"/> has at most 9 digits and no trailing zero is implied
    /// (the same digits as .NET's shortest float.ToString()).
    /// </summary>
    internal static void ToDecimal(uint bits, out uint digits, out int exponent)
    {
        uint ieeeMantissa = bits & ((1u << MantissaBits) - 1);
        int ieeeExponent = (int)((bits >> MantissaBits) & 0xFF);

        // Step 1: the float as m2 × 2^e2, with two extra bits of exponent so the half-way bounds
        // (m2 ± ½ ulp) are integers too: v = mv × 2^e2, bounds mm and mp.
        int e2;
        uint m2;
        if (ieeeExponent == 0)
        {
            e2 = 1 - ExponentBias - MantissaBits - 2;
            m2 = ieeeMantissa;
        }
        else
        {
            e2 = ieeeExponent - ExponentBias - MantissaBits - 2;
            m2 = (1u << MantissaBits) | ieeeMantissa;
        }

        // Round-to-nearest-even parsing maps a bound to this float when its mantissa is even.
        bool acceptBounds = (m2 & 1) == 0;
        uint mv = 4 * m2;
        uint mp = (4 * m2) + 2;
        // At a power of two the gap below is half the gap above (the lower neighbour has a smaller
        // exponent), except at the bottom of the normal range where subnormals keep the spacing.
        uint mmShift = ieeeMantissa != 0 || ieeeExponent <= 1 ? 1u : 0u;
        uint mm = (4 * m2) - 1 - mmShift;

        // Step 2: scale to vr = floor(v / 10^e10) (and vp, vm) with e10 chosen so that the interval
        // still spans at least one decimal step. "Trailing zeros" track whether the digits divided
        // away so far were all zero, which decides exact ties and whether a bound is inclusive.
        uint vr, vp, vm;
        int e10;
        bool vmIsTrailingZeros = false;
        bool vrIsTrailingZeros = false;
        uint lastRemovedDigit = 0;
        if (e2 >= 0)
        {
            int q = Log10Pow2(e2);
            e10 = q;
            int k = Pow5InverseBitCount + Pow5Bits(q) - 1;
            int i = -e2 + q + k;
            ulong factor = Pow5InverseSplit[q];
            vr = MulShift32(mv, factor, i);
            vp = MulShift32(mp, factor, i);
            vm = MulShift32(mm, factor, i);
            if (q != 0 && (vp - 1) / 10 <= vm / 10)
            {
                // The removal loop below will not run, so the digit dropped by the scaling itself
                // decides the rounding: compute it one power of ten lower.
                int l = Pow5InverseBitCount + Pow5Bits(q - 1) - 1;
                lastRemovedDigit = MulShift32(mv, Pow5InverseSplit[q - 1], -e2 + q - 1 + l) % 10;
            }

            if (q <= 9)
            {
                // v = mv × 2^e2 is divisible by 10^q exactly when mv is divisible by 5^q. Only one of
                // mm, mv, mp (within 3 of each other) can be a multiple of 5.
                if (mv % 5 == 0)
                {
                    vrIsTrailingZeros = IsMultipleOfPowerOf5(mv, q);
                }
                else if (acceptBounds)
                {
                    vmIsTrailingZeros = IsMultipleOfPowerOf5(mm, q);
                }
                else if (IsMultipleOfPowerOf5(mp, q))
                {
                    // An exact but excluded upper bound: step just inside it.
                    vp--;
                }
            }
        }
        else
        {
            int q = Log10Pow5(-e2);
            e10 = q + e2;
            int i = -e2 - q;
            int k = Pow5Bits(i) - Pow5BitCount;
            int j = q - k;
            ulong factor = Pow5Split[i];
            vr = MulShift32(mv, factor, j);
            vp = MulShift32(mp, factor, j);
            vm = MulShift32(mm, factor, j);
            if (q != 0 && (vp - 1) / 10 <= vm / 10)
            {
                j = q - 1 - (Pow5Bits(i + 1) - Pow5BitCount);
                lastRemovedDigit = MulShift32(mv, Pow5Split[i + 1], j) % 10;
            }

            if (q <= 1)
            {
                // v × 10^-e10 = mv × 5^i / 2^q is an integer: mv is a multiple of 4. mp = 4m2+2 and
                // mm = 4m2-2 are even, so they are exact too; mm = 4m2-1 is not (q = 1).
                vrIsTrailingZeros = true;
                if (acceptBounds)
                {
                    vmIsTrailingZeros = mmShift == 1;
                }
                else
                {
                    vp--;
                }
            }
            else if (q < 31)
            {
                // Exact at the last removed digit's level when mv is a multiple of 2^(q-1). mm and mp
                // have a single factor 2 at most, so for q >= 2 they are never exact.
                vrIsTrailingZeros = (mv & ((1u << (q - 1)) - 1)) == 0;
            }
        }

        // Step 3: drop digits while the bounds still differ in the remaining prefix.
        int removed = 0;
        uint output;
        if (vmIsTrailingZeros || vrIsTrailingZeros)
        {
            // Rare: a bound or the value is exact, so ties and inclusive bounds need bookkeeping.
            while (vp / 10 > vm / 10)
            {
                vmIsTrailingZeros &= vm % 10 == 0;
                vrIsTrailingZeros &= lastRemovedDigit == 0;
                lastRemovedDigit = vr % 10;
                vr /= 10;
                vp /= 10;
                vm /= 10;
                removed++;
            }

            if (vmIsTrailingZeros)
            {
                // The inclusive lower bound is itself shorter: keep dropping its zeros.
                while (vm % 10 == 0)
                {
                    vrIsTrailingZeros &= lastRemovedDigit == 0;
                    lastRemovedDigit = vr % 10;
                    vr /= 10;
                    vp /= 10;
                    vm /= 10;
                    removed++;
                }
            }

            if (vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0)
            {
                // Exactly half way: round to even.
                lastRemovedDigit = 4;
            }

            bool roundUp = (vr == vm && (!acceptBounds || !vmIsTrailingZeros)) || lastRemovedDigit >= 5;
            output = vr + (roundUp ? 1u : 0u);
        }
        else
        {
            // Common: nothing is exact, so only the last removed digit matters.
            while (vp / 10 > vm / 10)
            {
                uint vr10 = vr / 10;
                lastRemovedDigit = vr - (10 * vr10);
                vr = vr10;
                vp /= 10;
                vm /= 10;
                removed++;
            }

            // vr == vm means the truncated lower bound, which lies outside the interval. Non-short-
            // circuit '|' and a select: this is a coin flip on random input, so no branch.
            bool roundUp = (vr == vm) | (lastRemovedDigit >= 5);
            output = vr + (roundUp ? 1u : 0u);
        }

        digits = output;
        exponent = e10 + removed;
    }

    /// <summary>(m × factor) &gt;&gt; shift for a 32-bit m, a 64-bit factor and 32 &lt; shift &lt; 96, in two 64-bit products.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint MulShift32(uint m, ulong factor, int shift)
    {
        ulong factorLow = (uint)factor;
        ulong factorHigh = factor >> 32;
        ulong bitsLow = m * factorLow;
        ulong bitsHigh = m * factorHigh;
        ulong sum = (bitsLow >> 32) + bitsHigh;
        return (uint)(sum >> (shift - 32));
    }

    /// <summary>ceil(log2(5^e)) for e in [1, 3528]; 1 for e = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Pow5Bits(int e) => (int)(((uint)e * 1217359) >> 19) + 1;

    /// <summary>floor(log10(2^e)) for e in [0, 1650].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Log10Pow2(int e) => (int)(((uint)e * 78913) >> 18);

    /// <summary>floor(log10(5^e)) for e in [0, 2620].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Log10Pow5(int e) => (int)(((uint)e * 732923) >> 20);

    private static bool IsMultipleOfPowerOf5(uint value, int p)
    {
        int count = 0;
        while (value % 5 == 0)
        {
            value /= 5;
            count++;
        }

        return count >= p;
    }
}
