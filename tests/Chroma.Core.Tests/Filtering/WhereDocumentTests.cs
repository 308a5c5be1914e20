using Chroma.Core.Filtering;
using Chroma.Core.Model;
using static Chroma.Core.Tests.Filtering.FilterTestData;

namespace Chroma.Core.Tests.Filtering;

public class WhereDocumentTests
{
    [Fact]
    public void ContainsIsCaseSensitiveOrdinalSubstring()
    {
        Assert.Equal("a", DocumentIds("{\"$contains\":\"apple\"}"));
        Assert.Equal("e", DocumentIds("{\"$contains\":\"Apple\"}"));
        Assert.Equal("a,b,c,e", DocumentIds("{\"$contains\":\"\"}"));
        Assert.Equal("b,c,d,e", DocumentIds("{\"$not_contains\":\"apple\"}"));
    }

    [Fact]
    public void NullDocumentMatchesOnlyTheNegatedOperators()
    {
        RecordFilter Filter(string json) => RecordFilter.Create(null, ParseWhereDocument(json))!;
        Assert.False(Filter("{\"$contains\":\"\"}").Matches(null, null));
        Assert.False(Filter("{\"$regex\":\".*\"}").Matches(null, null));
        Assert.True(Filter("{\"$not_contains\":\"\"}").Matches(null, null));
        Assert.True(Filter("{\"$not_regex\":\".*\"}").Matches(null, null));
    }

    [Fact]
    public void RegexSearchesUnanchoredWithRustFlags()
    {
        Assert.Equal("a,c", DocumentIds("{\"$regex\":\"^[A-Za-z]+ (pie|tart)$\"}"));
        Assert.Equal("a,e", DocumentIds("{\"$regex\":\"(?i)apple\"}"));
        Assert.Equal("a,e", DocumentIds("{\"$regex\":\"(?i:APPLE)\"}"));
        Assert.Equal("a,c,d,e", DocumentIds("{\"$not_regex\":\"an\"}"));
        Assert.Equal("b", DocumentIds("{\"$regex\":\"(?P<fruit>ban)ana\"}"));
        Assert.Equal("a,b,c,e", DocumentIds("{\"$regex\":\"(?u)\\\\pL\"}"));
        Assert.Equal("a", DocumentIds("{\"$regex\":\"\\\\x{0070}ie\"}"));
        Assert.Equal("c", DocumentIds("{\"$regex\":\"[[:lower:]]+ t[[:alpha:]]{3}\"}"));
    }

    [Fact]
    public void DollarAnchorsAtTheVeryEndLikeRust()
    {
        RecordFilter filter = RecordFilter.Create(null, WhereDocument.Regex("pie$"))!;
        Assert.True(filter.Matches(null, "apple pie"));
        Assert.False(filter.Matches(null, "apple pie\n")); // .NET's bare $ would match here

        RecordFilter multiline = RecordFilter.Create(null, WhereDocument.Regex("(?m)pie$"))!;
        Assert.True(multiline.Matches(null, "apple pie\nbanana"));
    }

    [Fact]
    public void CaseInsensitiveRegexHandlesNonAscii()
    {
        RecordFilter filter = RecordFilter.Create(null, WhereDocument.Regex("(?i)ÉCOLE"))!;
        Assert.True(filter.Matches(null, "une école"));
    }

    [Fact]
    public void RegexRunsLinearTimeOnHostilePatterns()
    {
        DocumentRegex regex = Assert.IsType<DocumentRegex>(WhereDocument.Regex("(a+)+$"));
        Assert.Equal(System.Text.RegularExpressions.RegexOptions.NonBacktracking,
            regex.Regex.Options & System.Text.RegularExpressions.RegexOptions.NonBacktracking);
        // Catastrophic for a backtracking engine; answered at once by a linear one.
        Assert.False(RecordFilter.Create(null, regex)!.Matches(null, new string('a', 5000) + "!"));
    }

    [Fact]
    public void ConstructsTheLinearEngineLacksFallBackToABoundedBacktrackingRegex()
    {
        DocumentRegex regex = Assert.IsType<DocumentRegex>(WhereDocument.Regex("pie(?= )"));
        Assert.NotEqual(Timeout.InfiniteTimeSpan, regex.Regex.MatchTimeout);
        RecordFilter filter = RecordFilter.Create(null, regex)!;
        Assert.True(filter.Matches(null, "pie crust"));
        Assert.False(filter.Matches(null, "apple pie"));
    }

    [Fact]
    public void LogicalOperatorsCombineAndNest()
    {
        Assert.Equal("b,c", DocumentIds("{\"$and\":[{\"$contains\":\"a\"},{\"$not_contains\":\"pie\"}]}"));
        Assert.Equal("a,c", DocumentIds("{\"$or\":[{\"$contains\":\"pie\"},{\"$contains\":\"tart\"}]}"));
        Assert.Equal("a,b,c,d,e", DocumentIds("{\"$and\":[]}"));
        Assert.Equal("", DocumentIds("{\"$or\":[]}"));
        Assert.Equal("c", DocumentIds("{\"$and\":[{\"$or\":[{\"$contains\":\"tart\"},{\"$contains\":\"zzz\"}]},{\"$regex\":\"^ch\"}]}"));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"$eq\":\"x\"}")]
    [InlineData("{\"$contains\":1}")]
    [InlineData("{\"$contains\":null}")]
    [InlineData("{\"$regex\":[\"a\"]}")]
    [InlineData("{\"$contains\":\"a\",\"$not_contains\":\"b\"}")]
    [InlineData("{\"$and\":{\"$contains\":\"a\"}}")]
    [InlineData("{\"$or\":[{\"$contains\":\"a\"},{\"$in\":[\"b\"]}]}")]
    [InlineData("{\"color\":\"red\"}")]
    public void RejectsInvalidClausesWithChromasMessage(string json)
    {
        var error = Assert.Throws<ChromaException>(() => ParseWhereDocument(json));
        Assert.Equal(ChromaErrorCode.InvalidArgument, error.Code);
        Assert.Equal("Invalid where document clause", error.Message);
    }

    [Fact]
    public void InvalidRegexReportsRustsMessage()
    {
        var error = Assert.Throws<ChromaException>(() => ParseWhereDocument("{\"$regex\":\"(\"}"));
        Assert.Equal(ChromaErrorCode.InvalidArgument, error.Code);
        Assert.Equal("Regex syntax errror: regex parse error:\n    (\n    ^\nerror: unclosed group", error.Message);
    }

    [Theory]
    [InlineData("ab(c", 2, "unclosed group")]
    [InlineData("a)", 1, "unopened group")]
    [InlineData("x[ab", 1, "unclosed character class")]
    [InlineData("*a", 0, "repetition operator missing expression")]
    [InlineData("[z-a]", 3, "invalid character class range, the start must be <= the end")]
    public void InvalidRegexPointsAtTheProblem(string pattern, int caret, string description)
    {
        var error = Assert.Throws<ChromaException>(() => WhereDocument.NotRegex(pattern));
        string expected = $"Regex syntax errror: regex parse error:\n    {pattern}\n    {new string(' ', caret)}^\nerror: {description}";
        Assert.Equal(expected, error.Message);
    }

    [Theory]
    [InlineData("{\"$contains\":\"pie\"}")]
    [InlineData("{\"$not_regex\":\"^a\\\\d+$\"}")]
    [InlineData("{\"$and\":[{\"$contains\":\"a\"},{\"$or\":[]}]}")]
    public void WritesJsonThatParsesBack(string json)
    {
        Assert.Equal(json, ParseWhereDocument(json).ToJson());
    }
}
