using Chroma.Core.Filtering;
using Chroma.Core.Filtering.Planning;
using Chroma.Core.Index.FullText;

namespace Chroma.Core.Tests.Index.FullText;

public class RegexLiteralsTests
{
    [Theory]
    [InlineData("apple", "apple", true)]
    [InlineData(@"app\.le", "app.le", true)]
    [InlineData("ap+le", "", false)]            // "ap" is too short, "le" too
    [InlineData("hello+ world", "hello| world", false)]
    [InlineData("colou?r", "colo", false)]      // the optional 'u' leaves "colo" and "r"
    [InlineData("abc*def", "def", false)]       // "ab" stays, too short; "def" is required
    [InlineData("abcd{2}efg", "abc|efg", false)]
    [InlineData("^start mid.end$", "start mid|end", false)]
    [InlineData("pre(x|y)post", "pre|post", false)]
    [InlineData("pre[a-z]post", "pre|post", false)]
    [InlineData(@"\bword\b", "word", false)]
    [InlineData(@"\p{L}abc", "abc", false)]
    [InlineData("abc*?def", "def", false)]      // lazy suffix is not another optional atom
    [InlineData("[]abc]xyz", "xyz", false)]
    [InlineData("a(?:bcd)efg", "efg", false)]
    [InlineData("an", "", false)]               // a whole literal shorter than a trigram: scan
    public void ExtractsRequiredLiterals(string pattern, string expected, bool wholeLiteral)
    {
        var literals = new List<string>();
        Assert.True(RegexLiterals.TryExtract(pattern, literals, out bool isWhole));
        Assert.Equal(expected, string.Join("|", literals));
        Assert.Equal(wholeLiteral, isWhole);
    }

    [Theory]
    [InlineData("(?i)apple")]      // case-insensitive from here on
    [InlineData("abc(?i)def")]
    [InlineData("apple|pear")]     // alternation: no literal is required
    [InlineData("a)")]
    [InlineData("abc[def")]
    [InlineData("😀abc")]
    public void GivesUpWhenALiteralMightNotBeRequired(string pattern)
    {
        Assert.False(RegexLiterals.TryExtract(pattern, [], out _));
    }

    [Theory]
    [InlineData("apple")]
    [InlineData("colou?r")]
    [InlineData("(?i)APPLE")]
    [InlineData("an(an)+a")]
    [InlineData("b[a-z]nana")]
    [InlineData("nana$")]
    [InlineData("^ban")]
    [InlineData(@"app\.le")]
    [InlineData("ap{2}le")]
    [InlineData("an")]
    [InlineData("a")]
    public void PlannedRegexMatchesTheRegexItself(string pattern)
    {
        string?[] documents = ["apple", "APPLE pie", "color", "colour", "banana", "bandana", "app.le", "ban", null, "nana"];
        ulong[] live = TrigramIndexTests.AllLive(documents.Length);
        var indexes = new FilterIndexes(new Chroma.Core.Model.CompactMetadata?[documents.Length], TrigramIndexTests.Utf8(documents), documents.Length, live);
        foreach (WhereDocumentClause clause in new[] { WhereDocument.Regex(pattern), WhereDocument.NotRegex(pattern) })
        {
            RecordFilter filter = RecordFilter.Create(null, clause)!;
            var expected = new List<int>();
            for (int label = 0; label < documents.Length; label++)
            {
                if (filter.Matches(null, documents[label])) expected.Add(label);
            }
            Assert.Equal(expected, TrigramIndexTests.Labels(FilterPlanner.Execute(indexes, filter)));
        }
    }
}
