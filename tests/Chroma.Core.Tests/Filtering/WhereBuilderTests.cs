using Chroma.Core.Filtering;
using Chroma.Core.Model;
using static Chroma.Core.Tests.Filtering.FilterTestData;

namespace Chroma.Core.Tests.Filtering;

public class WhereBuilderTests
{
    [Fact]
    public void BuildsTheSameTreeAsTheParser()
    {
        WhereClause built = Where.And(
            Where.Eq("genre", "jazz"),
            Where.Gt("year", 2000),
            Where.Lte("rating", 4.5),
            Where.In("label", "blue note", "impulse"),
            Where.Nin("n", 1, 2.5),
            Where.Ne("live", true),
            Where.Contains("tags", "sax"),
            Where.NotContains("tags", 3),
            Where.Or(Where.Gte("a", 1), Where.Lt("a", -1)),
            Where.Document(WhereDocument.Regex("(?i)coltrane")));

        string json = "{\"$and\":[{\"genre\":{\"$eq\":\"jazz\"}},{\"year\":{\"$gt\":2000}},{\"rating\":{\"$lte\":4.5}},"
            + "{\"label\":{\"$in\":[\"blue note\",\"impulse\"]}},{\"n\":{\"$nin\":[1,2.5]}},{\"live\":{\"$ne\":true}},"
            + "{\"tags\":{\"$contains\":\"sax\"}},{\"tags\":{\"$not_contains\":3}},"
            + "{\"$or\":[{\"a\":{\"$gte\":1}},{\"a\":{\"$lt\":-1}}]},{\"#document\":{\"$regex\":\"(?i)coltrane\"}}]}";
        Assert.Equal(json, built.ToJson());
        Assert.Equal(json, ParseWhere(json).ToJson());
    }

    [Fact]
    public void BuiltFiltersEvaluate()
    {
        Assert.Equal("a,c", MatchingIds(Where.Eq("color", "red")));
        Assert.Equal("c,e", MatchingIds(Where.Gt("n", 2)));
        Assert.Equal("a,e", MatchingIds(Where.Lt("f", 2)));
        Assert.Equal("a", MatchingIds(Where.And(Where.Eq("color", "red"), Where.Document(WhereDocument.Contains("pie")))));
        Assert.Equal("a,c", MatchingIds(null, WhereDocument.Or(WhereDocument.Contains("pie"), WhereDocument.Contains("tart"))));
        Assert.Equal("b,c,d", MatchingIds(null, WhereDocument.NotRegex("(?i)apple")));
        Assert.Equal("b", MatchingIds(null, WhereDocument.And(WhereDocument.Contains("an"), WhereDocument.NotContains("x"))));
    }

    [Fact]
    public void DocumentLogicalInsideWhereIsDistributed()
    {
        WhereClause clause = Where.Document(WhereDocument.Or(WhereDocument.Contains("pie"), WhereDocument.NotRegex("a")));
        var or = Assert.IsType<WhereLogical>(clause);
        Assert.Equal(FilterOperator.Or, or.Operator);
        Assert.All(or.Children, child => Assert.IsType<WhereOnDocument>(child));
        Assert.Equal(clause.ToJson(), ParseWhere(clause.ToJson()).ToJson());
    }

    [Fact]
    public void RejectsMisuse()
    {
        Assert.Throws<ArgumentException>(() => Where.Gt("k", "x"));
        Assert.Throws<ArgumentException>(() => Where.Lte("k", true));
        Assert.Throws<ArgumentException>(() => Where.In("k"));
        Assert.Throws<ArgumentException>(() => Where.In("k", 1, "x"));
        Assert.Throws<ArgumentException>(() => Where.Eq("k", MetadataValue.FromInts([1])));
        Assert.Throws<ArgumentException>(() => Where.Eq("k", MetadataValue.Null));
        Assert.Throws<ArgumentException>(() => Where.Eq("$and", 1));
        Assert.Throws<ArgumentException>(() => Where.Eq("#document", "x"));
        Assert.Throws<ArgumentException>(() => Where.Gt("k", double.NaN));
        Assert.Throws<ArgumentNullException>(() => Where.And(Where.Eq("a", 1), null!));
        var error = Assert.Throws<ChromaException>(() => WhereDocument.Regex("(a"));
        Assert.StartsWith("Regex syntax errror: ", error.Message, StringComparison.Ordinal);
    }
}
