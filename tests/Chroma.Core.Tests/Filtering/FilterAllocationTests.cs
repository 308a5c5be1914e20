using Chroma.Core.Filtering;
using Chroma.Core.Model;
using static Chroma.Core.Tests.Filtering.FilterTestData;

namespace Chroma.Core.Tests.Filtering;

public class FilterAllocationTests
{
    [Fact]
    public void MatchesDoesNotAllocate()
    {
        WhereClause where = ParseWhere(
            "{\"$or\":[{\"$and\":[{\"color\":{\"$in\":[\"red\",\"green\"]}},{\"n\":{\"$gte\":1.5}},{\"ok\":{\"$ne\":false}}]},"
            + "{\"tags\":{\"$contains\":\"y\"}},{\"nums\":{\"$not_contains\":2.0}},{\"f\":{\"$nin\":[1,2.5]}},"
            + "{\"#document\":{\"$regex\":\"(?i)crumble$\"}}]}");
        WhereDocumentClause whereDocument = ParseWhereDocument("{\"$or\":[{\"$not_contains\":\"zzz\"},{\"$not_regex\":\"q\"}]}");
        RecordFilter filter = RecordFilter.Create(where, whereDocument)!;

        int matched = CountMatches(filter); // warms up: regex runners are created on first use
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) matched += CountMatches(filter);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(101 * 5, matched); // d too: it lacks nums ($not_contains) and a document ($not_contains)
    }

    private static int CountMatches(RecordFilter filter)
    {
        int count = 0;
        foreach (TestRecord record in Records)
        {
            if (filter.Matches(record.Metadata, record.Document)) count++;
        }
        return count;
    }
}
