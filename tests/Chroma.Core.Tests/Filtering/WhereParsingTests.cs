using Chroma.Core.Filtering;
using Chroma.Core.Model;
using static Chroma.Core.Tests.Filtering.FilterTestData;

namespace Chroma.Core.Tests.Filtering;

public class WhereParsingTests
{
    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("\"color\"")]
    [InlineData("null")]
    [InlineData("{\"a\":1,\"b\":2}")]
    [InlineData("{\"a\":1,\"a\":2}")]
    [InlineData("{\"a\":null}")]
    [InlineData("{\"a\":[1,2]}")]
    [InlineData("{\"a\":{}}")]
    [InlineData("{\"a\":{\"$eq\":1,\"$ne\":2}}")]
    [InlineData("{\"a\":{\"$eq\":null}}")]
    [InlineData("{\"a\":{\"$eq\":[1]}}")]
    [InlineData("{\"a\":{\"$eq\":{\"b\":1}}}")]
    [InlineData("{\"a\":{\"$foo\":1}}")]
    [InlineData("{\"a\":{\"eq\":1}}")]
    [InlineData("{\"a\":{\"$gt\":\"x\"}}")]
    [InlineData("{\"a\":{\"$gte\":true}}")]
    [InlineData("{\"a\":{\"$lt\":[1]}}")]
    [InlineData("{\"a\":{\"$lte\":null}}")]
    [InlineData("{\"a\":{\"$in\":[]}}")]
    [InlineData("{\"a\":{\"$in\":\"x\"}}")]
    [InlineData("{\"a\":{\"$in\":[1,\"x\"]}}")]
    [InlineData("{\"a\":{\"$in\":[\"x\",true]}}")]
    [InlineData("{\"a\":{\"$nin\":[true,1]}}")]
    [InlineData("{\"a\":{\"$nin\":[null]}}")]
    [InlineData("{\"a\":{\"$in\":[[1]]}}")]
    [InlineData("{\"a\":{\"$contains\":[\"x\"]}}")]
    [InlineData("{\"a\":{\"$not_contains\":null}}")]
    [InlineData("{\"a\":{\"$regex\":\"r.*\"}}")]
    [InlineData("{\"a\":{\"$not_regex\":\"r.*\"}}")]
    [InlineData("{\"$contains\":\"x\"}")]
    [InlineData("{\"$not\":{\"a\":1}}")]
    [InlineData("{\"$and\":{\"a\":1}}")]
    [InlineData("{\"$or\":\"a\"}")]
    [InlineData("{\"$and\":[{\"a\":1},{}]}")]
    [InlineData("{\"$or\":[{\"a\":1},{\"b\":{\"$gt\":\"s\"}}]}")]
    [InlineData("{\"#document\":\"pie\"}")]
    [InlineData("{\"#document\":{\"$eq\":\"pie\"}}")]
    [InlineData("{\"#document\":{\"$contains\":1}}")]
    [InlineData("{\"#document\":{\"$contains\":\"a\",\"$regex\":\"b\"}}")]
    public void RejectsInvalidClausesWithChromasMessage(string json)
    {
        var error = Assert.Throws<ChromaException>(() => ParseWhere(json));
        Assert.Equal(ChromaErrorCode.InvalidArgument, error.Code);
        Assert.Equal("Invalid where clause", error.Message);
    }

    [Fact]
    public void InvalidRegexUnderDocumentKeyReportsTheRegexError()
    {
        var error = Assert.Throws<ChromaException>(() => ParseWhere("{\"#document\":{\"$regex\":\"(\"}}"));
        Assert.Equal(ChromaErrorCode.InvalidArgument, error.Code);
        Assert.StartsWith("Regex syntax errror: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImplicitEqualityBecomesAnEqComparison()
    {
        var comparison = Assert.IsType<WhereComparison>(ParseWhere("{\"genre\":\"jazz\"}"));
        Assert.Equal("genre", comparison.Key);
        Assert.Equal(FilterOperator.Eq, comparison.Operator);
        Assert.Equal(MetadataValue.FromString("jazz"), comparison.Value);
    }

    [Theory]
    [InlineData("1", MetadataValueKind.Int)]
    [InlineData("-7", MetadataValueKind.Int)]
    [InlineData("1.0", MetadataValueKind.Float)]
    [InlineData("1e3", MetadataValueKind.Float)]
    [InlineData("1E-2", MetadataValueKind.Float)]
    [InlineData("9223372036854775807", MetadataValueKind.Int)]
    [InlineData("9223372036854775808", MetadataValueKind.Float)]
    public void NumbersWithFractionOrExponentAreFloats(string number, MetadataValueKind expected)
    {
        var comparison = Assert.IsType<WhereComparison>(ParseWhere($"{{\"v\":{{\"$gt\":{number}}}}}"));
        Assert.Equal(expected, comparison.Value.Kind);
    }

    [Fact]
    public void ExposesTheTreeForPlanners()
    {
        WhereClause clause = ParseWhere(
            "{\"$or\":[{\"$and\":[{\"a\":{\"$in\":[1,2.5]}},{\"t\":{\"$not_contains\":\"x\"}}]},{\"#document\":{\"$regex\":\"(?i)ab\"}}]}");

        var or = Assert.IsType<WhereLogical>(clause);
        Assert.Equal(FilterOperator.Or, or.Operator);
        Assert.Equal(2, or.Children.Count);

        var and = Assert.IsType<WhereLogical>(or.Children[0]);
        Assert.Equal(FilterOperator.And, and.Operator);
        var set = Assert.IsType<WhereSetMembership>(and.Children[0]);
        Assert.Equal("a", set.Key);
        Assert.Equal(FilterOperator.In, set.Operator);
        Assert.Equal([MetadataValue.FromInt(1), MetadataValue.FromFloat(2.5)], set.Values);
        var contains = Assert.IsType<WhereArrayContains>(and.Children[1]);
        Assert.Equal(FilterOperator.NotContains, contains.Operator);
        Assert.True(contains.Operator.IsNegated());
        Assert.Equal(FilterOperator.Contains, contains.Operator.Positive());

        var onDocument = Assert.IsType<WhereOnDocument>(or.Children[1]);
        var regex = Assert.IsType<DocumentRegex>(onDocument.Clause);
        Assert.Equal(FilterOperator.Regex, regex.Operator);
        Assert.Equal("(?i)ab", regex.Pattern);
        Assert.Matches(regex.Regex, "xAby");
    }

    [Theory]
    [InlineData("{\"color\":{\"$eq\":\"red\"}}")]
    [InlineData("{\"n\":{\"$ne\":1}}")]
    [InlineData("{\"f\":{\"$gte\":2.0}}")]
    [InlineData("{\"f\":{\"$lt\":1E+20}}")]
    [InlineData("{\"ok\":{\"$eq\":false}}")]
    [InlineData("{\"n\":{\"$nin\":[1,2.5]}}")]
    [InlineData("{\"tags\":{\"$contains\":\"x\"}}")]
    [InlineData("{\"$and\":[]}")]
    [InlineData("{\"$or\":[{\"a\":{\"$in\":[\"x\",\"y\"]}},{\"#document\":{\"$not_regex\":\"^a$\"}}]}")]
    [InlineData("{\"#id\":{\"$in\":[\"a\"]}}")]
    public void WritesJsonThatParsesBackToTheSameJson(string json)
    {
        string written = ParseWhere(json).ToJson();
        Assert.Equal(json, written);
        Assert.Equal(written, ParseWhere(written).ToJson());
    }

    [Fact]
    public void ImplicitEqualityIsWrittenExplicitly()
    {
        Assert.Equal("{\"k\":{\"$eq\":2.0}}", ParseWhere("{\"k\":2.0}").ToJson());
    }
}
