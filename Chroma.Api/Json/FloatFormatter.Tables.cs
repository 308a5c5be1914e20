namespace Chroma.Api.Json;

public static partial class FloatFormatter
{
    /// <summary>Bits kept of 1/5^q (Ryu's B0 for binary32): 1/5^q is stored as ceil-ish 2^(k)/5^q, 59..60 bits.</summary>
    internal const int Pow5InverseBitCount = 59;

    /// <summary>Bits kept of 5^i (Ryu's B1 for binary32): 5^i is stored in its top 61 bits.</summary>
    internal const int Pow5BitCount = 61;

    /// <summary>
    /// floor(2^(Pow5Bits(q) - 1 + 59) / 5^q) + 1 for q in [0, 30]: an over-approximation of 2^k/5^q, so
    /// (m * entry) &gt;&gt; shift never falls below floor(m / 5^q * 2^...) (the paper's Lemma on the inverse
    /// multiplier). 30 covers the largest q = log10(2^e2) for e2 &lt;= 254 - 152. Checked against
    /// BigInteger in the tests.
    /// </summary>
    internal static ReadOnlySpan<ulong> Pow5InverseSplit =>
    [
        0x0800000000000001, 0x0666666666666667, 0x051EB851EB851EB9,
        0x04189374BC6A7EFA, 0x068DB8BAC710CB2A, 0x053E2D6238DA3C22,
        0x0431BDE82D7B634E, 0x06B5FCA6AF2BD216, 0x055E63B88C230E78,
        0x044B82FA09B5A52D, 0x06DF37F675EF6EAE, 0x057F5FF85E592558,
        0x0465E6604B7A8447, 0x0709709A125DA071, 0x05A126E1A84AE6C1,
        0x0480EBE7B9D58567, 0x0734ACA5F6226F0B, 0x05C3BD5191B525A3,
        0x049C97747490EAE9, 0x0760F253EDB4AB0E, 0x05E72843249088D8,
        0x04B8ED0283A6D3E0, 0x078E480405D7B966, 0x060B6CD004AC9452,
        0x04D5F0A66A23A9DB, 0x07BCB43D769F762B, 0x063090312BB2C4EF,
        0x04F3A68DBC8F03F3, 0x07EC3DAF94180651, 0x065697BFA9ACD1DA,
        0x051212FFBAF0A7E2,
    ];

    /// <summary>
    /// 5^i truncated to its top 61 bits (5^i &gt;&gt; (Pow5Bits(i) - 61), or shifted left while it is shorter)
    /// for i in [0, 47]: the largest i = -e2 - log10(5^-e2) is 46 for subnormals (e2 = -151), and the
    /// last removed digit is computed one power further.
    /// Checked against BigInteger in the tests.
    /// </summary>
    internal static ReadOnlySpan<ulong> Pow5Split =>
    [
        0x1000000000000000, 0x1400000000000000, 0x1900000000000000,
        0x1F40000000000000, 0x1388000000000000, 0x186A000000000000,
        0x1E84800000000000, 0x1312D00000000000, 0x17D7840000000000,
        0x1DCD650000000000, 0x12A05F2000000000, 0x174876E800000000,
        0x1D1A94A200000000, 0x12309CE540000000, 0x16BCC41E90000000,
        0x1C6BF52634000000, 0x11C37937E0800000, 0x16345785D8A00000,
        0x1BC16D674EC80000, 0x1158E460913D0000, 0x15AF1D78B58C4000,
        0x1B1AE4D6E2EF5000, 0x10F0CF064DD59200, 0x152D02C7E14AF680,
        0x1A784379D99DB420, 0x108B2A2C28029094, 0x14ADF4B7320334B9,
        0x19D971E4FE8401E7, 0x1027E72F1F128130, 0x1431E0FAE6D7217C,
        0x193E5939A08CE9DB, 0x1F8DEF8808B02452, 0x13B8B5B5056E16B3,
        0x18A6E32246C99C60, 0x1ED09BEAD87C0378, 0x13426172C74D822B,
        0x1812F9CF7920E2B6, 0x1E17B84357691B64, 0x12CED32A16A1B11E,
        0x178287F49C4A1D66, 0x1D6329F1C35CA4BF, 0x125DFA371A19E6F7,
        0x16F578C4E0A060B5, 0x1CB2D6F618C878E3, 0x11EFC659CF7D4B8D,
        0x166BB7F0435C9E71, 0x1C06A5EC5433C60D, 0x118427B3B4A05BC8,
    ];
}
