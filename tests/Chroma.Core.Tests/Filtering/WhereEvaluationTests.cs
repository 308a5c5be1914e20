using Chroma.Core.Filtering;
using Chroma.Core.Model;
using static Chroma.Core.Tests.Filtering.FilterTestData;

namespace Chroma.Core.Tests.Filtering;

public class WhereEvaluationTests
{
    [Theory]
    [InlineData("{\"k\":{\"$eq\":\"red\"}}", true)]
    [InlineData("{\"k\":{\"$eq\":\"Red\"}}", false)]
    [InlineData("{\"k\":{\"$ne\":\"red\"}}", false)]
    [InlineData("{\"k\":{\"$ne\":\"blue\"}}", true)]
    [InlineData("{\"k\":{\"$in\":[\"blue\",\"red\"]}}", true)]
    [InlineData("{\"k\":{\"$in\":[\"blue\"]}}", false)]
    [InlineData("{\"k\":{\"$nin\":[\"red\"]}}", false)]
    [InlineData("{\"k\":{\"$nin\":[\"blue\"]}}", true)]
    [InlineData("{\"k\":{\"$eq\":1}}", false)]
    [InlineData("{\"k\":{\"$ne\":1}}", true)]
    [InlineData("{\"k\":{\"$gt\":1}}", false)]
    [InlineData("{\"k\":{\"$contains\":\"red\"}}", false)]
    [InlineData("{\"k\":{\"$not_contains\":\"red\"}}", true)]
    public void StringField(string where, bool expected) =>
        Assert.Equal(expected, MatchesSingle(where, "k", "red"));

    [Theory]
    [InlineData("{\"k\":{\"$eq\":5}}", true)]
    [InlineData("{\"k\":{\"$eq\":5.0}}", true)]
    [InlineData("{\"k\":{\"$eq\":5.5}}", false)]
    [InlineData("{\"k\":{\"$ne\":5.0}}", false)]
    [InlineData("{\"k\":{\"$gt\":4.9}}", true)]
    [InlineData("{\"k\":{\"$gt\":5}}", false)]
    [InlineData("{\"k\":{\"$gte\":5}}", true)]
    [InlineData("{\"k\":{\"$lt\":5.1}}", true)]
    [InlineData("{\"k\":{\"$lt\":5}}", false)]
    [InlineData("{\"k\":{\"$lte\":5.0}}", true)]
    [InlineData("{\"k\":{\"$in\":[1,5]}}", true)]
    [InlineData("{\"k\":{\"$in\":[1.5,5.0]}}", true)]
    [InlineData("{\"k\":{\"$in\":[5.5]}}", false)]
    [InlineData("{\"k\":{\"$nin\":[5.0]}}", false)]
    [InlineData("{\"k\":{\"$eq\":\"5\"}}", false)]
    [InlineData("{\"k\":{\"$eq\":true}}", false)]
    [InlineData("{\"k\":{\"$contains\":5}}", false)]
    public void IntField(string where, bool expected) =>
        Assert.Equal(expected, MatchesSingle(where, "k", 5));

    [Theory]
    [InlineData("{\"k\":{\"$eq\":2.5}}", true)]
    [InlineData("{\"k\":{\"$eq\":2}}", false)]
    [InlineData("{\"k\":{\"$ne\":2}}", true)]
    [InlineData("{\"k\":{\"$gt\":2}}", true)]
    [InlineData("{\"k\":{\"$gt\":3}}", false)]
    [InlineData("{\"k\":{\"$gte\":2.5}}", true)]
    [InlineData("{\"k\":{\"$lt\":3}}", true)]
    [InlineData("{\"k\":{\"$lte\":2}}", false)]
    [InlineData("{\"k\":{\"$in\":[2,3]}}", false)]
    [InlineData("{\"k\":{\"$in\":[2.5]}}", true)]
    [InlineData("{\"k\":{\"$nin\":[2.5]}}", false)]
    public void FloatField(string where, bool expected) =>
        Assert.Equal(expected, MatchesSingle(where, "k", 2.5));

    [Theory]
    [InlineData("{\"k\":{\"$eq\":3}}", true)]
    [InlineData("{\"k\":{\"$in\":[3]}}", true)]
    [InlineData("{\"k\":{\"$gte\":3}}", true)]
    [InlineData("{\"k\":{\"$gt\":3}}", false)]
    public void IntegralFloatFieldEqualsIntOperand(string where, bool expected) =>
        Assert.Equal(expected, MatchesSingle(where, "k", 3.0));

    [Fact]
    public void FloatOperandIsNotTruncatedAgainstIntField()
    {
        // Real single-node Chroma truncates here (API.md §12); plain numeric comparison does not.
        Assert.False(MatchesSingle("{\"v\":{\"$eq\":1.5}}", "v", 1));
        Assert.True(MatchesSingle("{\"v\":{\"$lt\":1.9}}", "v", 1));
        Assert.True(MatchesSingle("{\"v\":{\"$gt\":0.5}}", "v", 1));
    }

    [Fact]
    public void LargeIntsCompareExactlyAgainstFloats()
    {
        const long big = 9007199254740993; // 2^53 + 1: not representable as a double
        Assert.False(MatchesSingle("{\"v\":{\"$eq\":9007199254740992.0}}", "v", big));
        Assert.True(MatchesSingle("{\"v\":{\"$gt\":9007199254740992.0}}", "v", big));
        Assert.False(MatchesSingle("{\"v\":{\"$in\":[9007199254740992.0]}}", "v", big));
        Assert.True(MatchesSingle("{\"v\":{\"$eq\":9007199254740993}}", "v", big));
        Assert.True(MatchesSingle("{\"v\":{\"$lt\":1e19}}", "v", long.MaxValue));
        Assert.True(MatchesSingle("{\"v\":{\"$gt\":-1e19}}", "v", long.MinValue));
    }

    [Theory]
    [InlineData("{\"k\":true}", true)]
    [InlineData("{\"k\":{\"$eq\":false}}", false)]
    [InlineData("{\"k\":{\"$ne\":false}}", true)]
    [InlineData("{\"k\":{\"$in\":[false,true]}}", true)]
    [InlineData("{\"k\":{\"$in\":[false]}}", false)]
    [InlineData("{\"k\":{\"$nin\":[true]}}", false)]
    [InlineData("{\"k\":{\"$eq\":1}}", false)]
    [InlineData("{\"k\":{\"$eq\":\"true\"}}", false)]
    public void BoolField(string where, bool expected) =>
        Assert.Equal(expected, MatchesSingle(where, "k", true));

    [Theory]
    [InlineData("{\"k\":{\"$contains\":\"y\"}}", true)]
    [InlineData("{\"k\":{\"$contains\":\"z\"}}", false)]
    [InlineData("{\"k\":{\"$not_contains\":\"y\"}}", false)]
    [InlineData("{\"k\":{\"$not_contains\":\"z\"}}", true)]
    [InlineData("{\"k\":{\"$contains\":1}}", false)]
    [InlineData("{\"k\":{\"$eq\":\"y\"}}", false)]
    [InlineData("{\"k\":{\"$ne\":\"y\"}}", true)]
    [InlineData("{\"k\":{\"$in\":[\"y\"]}}", false)]
    public void StringArrayField(string where, bool expected) =>
        Assert.Equal(expected, MatchesSingle(where, "k", MetadataValue.FromStrings(["x", "y"])));

    [Theory]
    [InlineData("{\"k\":{\"$contains\":2}}", true)]
    [InlineData("{\"k\":{\"$contains\":2.0}}", true)]
    [InlineData("{\"k\":{\"$contains\":2.5}}", false)]
    [InlineData("{\"k\":{\"$not_contains\":4}}", true)]
    [InlineData("{\"k\":{\"$contains\":\"2\"}}", false)]
    [InlineData("{\"k\":{\"$gt\":0}}", false)]
    public void IntArrayField(string where, bool expected) =>
        Assert.Equal(expected, MatchesSingle(where, "k", MetadataValue.FromInts([1, 2, 3])));

    [Theory]
    [InlineData("{\"k\":{\"$contains\":2.5}}", true)]
    [InlineData("{\"k\":{\"$contains\":1}}", true)]
    [InlineData("{\"k\":{\"$contains\":2}}", false)]
    [InlineData("{\"k\":{\"$not_contains\":2.5}}", false)]
    public void FloatArrayField(string where, bool expected) =>
        Assert.Equal(expected, MatchesSingle(where, "k", MetadataValue.FromFloats([1.0, 2.5])));

    [Theory]
    [InlineData("{\"k\":{\"$contains\":false}}", true)]
    [InlineData("{\"k\":{\"$contains\":true}}", false)]
    [InlineData("{\"k\":{\"$not_contains\":true}}", true)]
    public void BoolArrayField(string where, bool expected) =>
        Assert.Equal(expected, MatchesSingle(where, "k", MetadataValue.FromBools([false])));

    [Theory]
    [InlineData("{\"k\":\"x\"}", false)]
    [InlineData("{\"k\":{\"$gt\":0}}", false)]
    [InlineData("{\"k\":{\"$lte\":0}}", false)]
    [InlineData("{\"k\":{\"$in\":[\"x\"]}}", false)]
    [InlineData("{\"k\":{\"$contains\":\"x\"}}", false)]
    [InlineData("{\"k\":{\"$ne\":\"x\"}}", true)]
    [InlineData("{\"k\":{\"$nin\":[\"x\"]}}", true)]
    [InlineData("{\"k\":{\"$not_contains\":\"x\"}}", true)]
    public void MissingKeyMatchesOnlyTheNegatedOperators(string where, bool expected)
    {
        RecordFilter filter = RecordFilter.Create(ParseWhere(where), null)!;
        Assert.Equal(expected, filter.Matches(new Dictionary<string, MetadataValue> { ["other"] = "x" }, "doc"));
        Assert.Equal(expected, filter.Matches(null, null));
    }

    [Fact]
    public void LogicalOperatorsCombineAndNest()
    {
        Assert.Equal("c", WhereIds("{\"$and\":[{\"color\":\"red\"},{\"n\":{\"$gt\":1}}]}"));
        Assert.Equal("b,e", WhereIds("{\"$or\":[{\"color\":\"yellow\"},{\"n\":{\"$gte\":10}}]}"));
        Assert.Equal("a,b", WhereIds("{\"$or\":[{\"$and\":[{\"color\":\"red\"},{\"n\":1}]},{\"ok\":false}]}"));
        Assert.Equal("c", WhereIds("{\"$and\":[{\"$and\":[{\"color\":\"red\"}]},{\"$or\":[{\"n\":3},{\"n\":99}]}]}"));
        Assert.Equal("a,c", WhereIds("{\"$or\":[{\"color\":\"red\"}]}"));
    }

    [Fact]
    public void EmptyAndMatchesEverythingAndEmptyOrNothing()
    {
        RecordFilter all = RecordFilter.Create(ParseWhere("{\"$and\":[]}"), null)!;
        RecordFilter none = RecordFilter.Create(ParseWhere("{\"$or\":[]}"), null)!;
        Assert.Equal("a,b,c,d,e", MatchingIds(all, Records));
        Assert.Equal("", MatchingIds(none, Records));
        Assert.True(all.MatchesEverything);
        Assert.True(none.MatchesNothing);
        Assert.Equal("", WhereIds("{\"$and\":[{\"$or\":[]},{\"color\":\"red\"}]}"));
        Assert.Equal("a,c", WhereIds("{\"$or\":[{\"$or\":[]},{\"color\":\"red\"}]}"));
    }

    [Theory]
    [InlineData("{\"#id\":\"a\"}")]
    [InlineData("{\"#id\":{\"$in\":[\"a\",\"c\"]}}")]
    [InlineData("{\"#id\":{\"$ne\":\"a\"}}")]
    [InlineData("{\"#id\":{\"$nin\":[\"a\"]}}")]
    public void IdKeyMatchesNothing(string where)
    {
        RecordFilter filter = RecordFilter.Create(ParseWhere(where), null)!;
        Assert.Equal("", MatchingIds(filter, Records));
        Assert.True(filter.MatchesNothing);
    }

    [Fact]
    public void DocumentKeyInsideWhereFiltersTheDocument()
    {
        Assert.Equal("a", WhereIds("{\"#document\":{\"$contains\":\"pie\"}}"));
        Assert.Equal("b,c,d,e", WhereIds("{\"#document\":{\"$not_contains\":\"pie\"}}"));
        Assert.Equal("a,e", WhereIds("{\"#document\":{\"$regex\":\"(?i)^apple\"}}"));
        Assert.Equal("b,c,d", WhereIds("{\"#document\":{\"$not_regex\":\"(?i)^apple\"}}"));
        Assert.Equal("a", WhereIds("{\"$and\":[{\"color\":\"red\"},{\"#document\":{\"$contains\":\"pie\"}}]}"));
    }

    [Fact]
    public void WhereAndWhereDocumentAreAnded()
    {
        Assert.Equal("a,c", MatchingIds(ParseWhere("{\"color\":\"red\"}"), ParseWhereDocument("{\"$contains\":\"a\"}")));
        Assert.Equal("c", MatchingIds(ParseWhere("{\"color\":\"red\"}"), ParseWhereDocument("{\"$contains\":\"tart\"}")));
    }

    [Fact]
    public void CreateReturnsNullWithoutClausesAndReportsWhetherDocumentsAreRead()
    {
        Assert.Null(RecordFilter.Create(null, null));
        Assert.False(RecordFilter.Create(ParseWhere("{\"a\":1}"), null)!.ReadsDocument);
        Assert.True(RecordFilter.Create(ParseWhere("{\"$or\":[{\"a\":1},{\"#document\":{\"$contains\":\"x\"}}]}"), null)!.ReadsDocument);
        Assert.True(RecordFilter.Create(null, ParseWhereDocument("{\"$contains\":\"x\"}"))!.ReadsDocument);
    }

    [Fact]
    public void NullValuedKeyCountsAsAbsent()
    {
        RecordFilter filter = RecordFilter.Create(ParseWhere("{\"k\":{\"$ne\":1}}"), null)!;
        Assert.True(filter.Matches(new Dictionary<string, MetadataValue> { ["k"] = MetadataValue.Null }, null));
    }
}
