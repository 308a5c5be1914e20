using System.Runtime.CompilerServices;

namespace Chroma.Api.Json;

/// <summary>
/// Schubfach for binary32 (Raffaello Giulietti, "The Schubfach way to render doubles", 2020; the
/// algorithm behind Java's Float.toString since JDK 19): the shortest decimal in the interval of
/// reals that round to the float, and of those the closest (ties to an even digit). Unlike Ryu it
/// needs no digit-removal loop: the float is scaled by 10^-k so that the interval holds at most one
/// multiple of ten and at most two integers, which three 64×64-bit products decide.
/// </summary>
public static partial class FloatFormatter
{
    private const int MinExponent = -149;      // q of the subnormals: value = c × 2^q
    private const uint HiddenBit = 1u << 23;   // c of the lowest mantissa at a normal exponent

    /// <summary>
    /// The shortest round-trip decimal of a finite, non-zero float's magnitude: the float reads back
    /// from <paramref name="digits"/> × 10^<paramref name="exponent"/>, and no decimal with fewer
    /// significant digits does. <paramref name="digits"/> is below 10^9 and may end in zeros,
    /// which the layout drops.
    /// </summary>
    internal static void ToDecimal(uint bits, out uint digits, out int exponent)
    {
        uint fraction = bits & (HiddenBit - 1);
        int biasedExponent = (int)(bits >> 23);
        int q = MinExponent;
        uint c = fraction;
        if (biasedExponent != 0)
        {
            q = biasedExponent - 150;
            c = fraction | HiddenBit;
        }

        // 4v and the interval's ends 4v ± 2 (or - 1 below a power of two, where the lower
        // neighbour is half as far). Round-half-even reading maps an end to this float exactly
        // when c is even, so an odd c makes both ends exclusive ("outside" = 1).
        int outside = (int)(c & 1);
        ulong cb = (ulong)c << 2;
        ulong cbr = cb + 2;
        ulong cbl;
        int k;
        if (c != HiddenBit || q == MinExponent)
        {
            cbl = cb - 2;
            k = FloorLog10Pow2(q);
        }
        else
        {
            cbl = cb - 1;
            k = FloorLog10ThreeQuartersPow2(q);
        }

        // vb ≈ 4v × 10^-k, vbl and vbr the ends, rounded to odd so comparisons with exact
        // multiples of 4 below stay exact.
        int h = q + FloorLog2Pow10(-k) + 33;
        ulong g = TenToMinusK[k - MinK];
        int vb = RoundToOdd(g, cb << h);
        int vbl = RoundToOdd(g, cbl << h);
        int vbr = RoundToOdd(g, cbr << h);

        int s = vb >> 2;
        if (s >= 10)
        {
            // One digit shorter: at most one of the multiples of ten around s lies in the interval.
            int sp10 = 10 * (s / 10);
            int tp10 = sp10 + 10;
            bool upin = vbl + outside <= sp10 << 2;
            bool wpin = (tp10 << 2) + outside <= vbr;
            if (upin != wpin)
            {
                digits = (uint)(upin ? sp10 : tp10);
                exponent = k;
                return;
            }
        }

        // Otherwise s or s + 1: whichever lies in the interval, or if both do, the closer to 4v
        // (4s + 2 is the midpoint; a tie goes to the even one). Which case applies is a coin flip
        // on model output, so the choice is arithmetic on the comparisons, not branches.
        bool uin = vbl + outside <= s << 2;
        bool win = ((s + 1) << 2) + outside <= vbr;
        bool closerToNext = vb >= (s << 2) + 3 - (s & 1);
        bool oneInside = uin ^ win;
        digits = (uint)s + ((oneInside & win) | (!oneInside & closerToNext) ? 1u : 0u);
        exponent = k;
    }

    /// <summary>(g × cp) / 2^95, rounded to odd: the truncated quotient with its last bit set when anything was cut.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RoundToOdd(ulong g, ulong cp)
    {
        ulong high = Math.BigMul(g, cp, out _);
        ulong sticky = ((high & 0xFFFF_FFFF) + 0xFFFF_FFFF) >> 32;
        return (int)((high >> 31) | sticky);
    }

    /// <summary>floor(q × log10(2)) for |q| &lt;= 5456721.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FloorLog10Pow2(int q) => (int)((q * 661_971_961_083L) >> 41);

    /// <summary>floor(log10(3/4 × 2^q)) for |q| &lt;= 5456721.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FloorLog10ThreeQuartersPow2(int q) => (int)(((q * 661_971_961_083L) - 274_743_187_321L) >> 41);

    /// <summary>floor(e × log2(10)) for |e| &lt;= 1838394.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int FloorLog2Pow10(int e) => (int)((e * 913_124_641_741L) >> 38);
}
