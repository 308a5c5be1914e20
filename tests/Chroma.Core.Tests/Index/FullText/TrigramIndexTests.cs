using Chroma.Core.Filtering;
using Chroma.Core.Filtering.Planning;
using Chroma.Core.Index.FullText;
using Chroma.Core.Index.Metadata;

namespace Chroma.Core.Tests.Index.FullText;

public class TrigramIndexTests
{
    // Documents where a needle's trigrams occur apart, in other cases, across surrogate pairs,
    // and where the needle is the whole document or longer than it.
    private static readonly string?[] Documents =
    [
        "abcXbcd", "abcd", "ABCD", "xabcdx", null, "", "ab", "abc", "café au lait", "cafe", "日本語のテキスト", "本語",
        "😀😀 smile", "😀", "a😀b", "aaaa", "aaa", "banana", "bandana", "nan", "x y z", "xy z",
    ];

    private static readonly string[] Needles =
    [
        "a", "b", "ab", "abc", "bcd", "abcd", "abcX", "ABC", "aaaa", "aaa", "aa", "ana", "anana", "banana", "nan", "andan",
        "é", "fé", "afé", "café", "日", "本語", "日本語", "語のテ", "😀", "😀😀", "😀 s", "a😀", "a😀b", "\uDE00", "x y", " y z", "",
        "zzzz", "abcde", "Abc",
    ];

    [Fact]
    public void ContainsMatchesOrdinalSubstringForEveryNeedle()
    {
        ulong[] live = AllLive(Documents.Length);
        TrigramIndex index = TrigramIndex.Build(Utf8(Documents), live);
        foreach (string needle in Needles)
        {
            var expected = new List<int>();
            for (int label = 0; label < Documents.Length; label++)
            {
                if (Documents[label]?.Contains(needle, StringComparison.Ordinal) == true) expected.Add(label);
            }

            if (needle.Length >= TrigramIndex.MinNeedleLength)
            {
                // Candidates never miss a match; they are exact for a three-unit needle.
                var candidates = (ulong[])live.Clone();
                bool exact = index.IntersectCandidates(needle, candidates);
                foreach (int label in expected) Assert.True(LabelBitset.IsSet(candidates, label), $"'{needle}' missed label {label}");
                if (exact) Assert.Equal(expected, Labels(candidates));
                Assert.True(index.EstimateCandidates(needle) >= expected.Count);
            }

            // Through the planner (scan for short needles, trigrams + verification otherwise), and negated.
            var indexes = new FilterIndexes(new Chroma.Core.Model.CompactMetadata?[Documents.Length], Utf8(Documents), Documents.Length, live);
            Assert.Equal(expected, Labels(FilterPlanner.Execute(indexes, RecordFilter.Create(null, WhereDocument.Contains(needle))!)));
            var complement = Enumerable.Range(0, Documents.Length).Except(expected).ToList();
            Assert.Equal(complement, Labels(FilterPlanner.Execute(indexes, RecordFilter.Create(null, WhereDocument.NotContains(needle))!)));
        }
    }

    [Fact]
    public void TrigramsApartAreCandidatesButNotMatches()
    {
        TrigramIndex index = TrigramIndex.Build(Utf8("abcXbcd", "abcd"), AllLive(2));
        var candidates = AllLive(2);
        Assert.False(index.IntersectCandidates("abcd", candidates));
        Assert.Equal([0, 1], Labels(candidates)); // label 0 holds "abc" and "bcd" apart: verification must drop it
    }

    [Fact]
    public void DeletedLabelsAreNotIndexed()
    {
        var live = new ulong[1];
        LabelBitset.Set(live, 1);
        TrigramIndex index = TrigramIndex.Build(Utf8("apple", "apple"), live);
        var candidates = new ulong[] { 0b11 };
        Assert.True(index.IntersectCandidates("app", candidates));
        Assert.Equal([1], Labels(candidates));
    }

    [Fact]
    public void UnknownTrigramEmptiesTheCandidates()
    {
        TrigramIndex index = TrigramIndex.Build(Utf8("apple"), AllLive(1));
        var candidates = AllLive(1);
        Assert.True(index.IntersectCandidates("xyz", candidates));
        Assert.Equal(0UL, candidates[0]);
        Assert.Equal(0, index.EstimateCandidates("pplx"));
        Assert.Throws<ArgumentException>(() => index.IntersectCandidates("ap", candidates));
    }

    [Fact]
    public void DistinctTrigramsAreSortedAndUnique()
    {
        var trigrams = new ulong[8];
        int count = TrigramIndex.DistinctTrigrams("aaaaaa", trigrams);
        Assert.Equal(1, count);
        Assert.Equal(TrigramIndex.Trigram("aaa", 0), trigrams[0]);
        Assert.Equal(0, TrigramIndex.DistinctTrigrams("ab", trigrams));
    }

    /// <summary>Documents as an index version stores them.</summary>
    internal static byte[]?[] Utf8(params string?[] documents) =>
        Array.ConvertAll(documents, document => document is null ? null : System.Text.Encoding.UTF8.GetBytes(document));

    internal static ulong[] AllLive(int count)
    {
        var bits = new ulong[LabelBitset.WordCount(count)];
        for (int label = 0; label < count; label++) LabelBitset.Set(bits, label);
        return bits;
    }

    internal static List<int> Labels(ulong[] bits)
    {
        var labels = new List<int>();
        LabelBitset.AppendLabels(bits, labels);
        return labels;
    }
}
