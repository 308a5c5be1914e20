using Chroma.Core.Filtering;
using Chroma.Core.Model;

namespace Chroma.Core.Tests.Filtering;

public class GoldenFilterTests
{
    [Theory]
    [MemberData(nameof(GoldenFilterCases.All), MemberType = typeof(GoldenFilterCases))]
    public void MatchesRealChroma(string name, string? whereJson, string? whereDocumentJson, string? expectedIds, string? expectedError)
    {
        if (expectedError is not null)
        {
            var error = Assert.Throws<ChromaException>(() => Parse(whereJson, whereDocumentJson));
            Assert.Equal(ChromaErrorCode.InvalidArgument, error.Code);
            Assert.Equal((name, expectedError), (name, error.Message));
            return;
        }

        (WhereClause? where, WhereDocumentClause? whereDocument) = Parse(whereJson, whereDocumentJson);
        Assert.Equal((name, expectedIds), (name, FilterTestData.MatchingIds(where, whereDocument)));
    }

    private static (WhereClause?, WhereDocumentClause?) Parse(string? whereJson, string? whereDocumentJson) =>
        (whereJson is null ? null : FilterTestData.ParseWhere(whereJson),
         whereDocumentJson is null ? null : FilterTestData.ParseWhereDocument(whereDocumentJson));
}
