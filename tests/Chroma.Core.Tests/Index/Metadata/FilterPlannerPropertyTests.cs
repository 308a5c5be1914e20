using Chroma.Core.Filtering;
using Chroma.Core.Filtering.Planning;
using Chroma.Core.Index.Metadata;

namespace Chroma.Core.Tests.Index.Metadata;

/// <summary>The planner must agree with <see cref="RecordFilter.Matches"/> on every live label, for any filter.</summary>
public class FilterPlannerPropertyTests
{
    [Theory]
    [InlineData(1, 200)]
    [InlineData(2, 700)]
    [InlineData(3, 64)]
    [InlineData(4, 1500)]
    public void RandomWhereFiltersMatchBruteForce(int seed, int labelCount)
    {
        var data = new RandomFilterData(seed, labelCount);
        var random = new RandomFilterData(seed * 7919, labelCount); // a second stream for filters only
        int partial = 0;
        for (int i = 0; i < 150; i++)
        {
            WhereClause where = random.RandomWhere(3);
            if (AssertSame(data, RecordFilter.Create(where, null)!, $"where {where}")) partial++;
        }
        // The generator must mostly produce filters that split the records, or agreement proves little.
        Assert.True(partial >= 30, $"only {partial} of 150 filters matched some but not all records");
    }

    [Theory]
    [InlineData(5, 300)]
    [InlineData(6, 1200)]
    public void RandomWhereDocumentFiltersMatchBruteForce(int seed, int labelCount)
    {
        var data = new RandomFilterData(seed, labelCount);
        int partial = 0;
        for (int i = 0; i < 150; i++)
        {
            WhereDocumentClause document = data.RandomWhereDocument(2);
            if (AssertSame(data, RecordFilter.Create(null, document)!, $"where_document {document.ToJson()}")) partial++;
        }
        Assert.True(partial >= 30, $"only {partial} of 150 filters matched some but not all records");
    }

    [Theory]
    [InlineData(7, 500)]
    [InlineData(8, 1000)]
    public void WhereAndWhereDocumentTogetherWithinADomainMatchBruteForce(int seed, int labelCount)
    {
        var data = new RandomFilterData(seed, labelCount);
        for (int i = 0; i < 100; i++)
        {
            RecordFilter filter = RecordFilter.Create(data.RandomWhere(2), data.RandomWhereDocument(1))!;
            ulong[] domain = data.RandomDomain();
            ulong[] expected = data.Expected(filter, domain);
            ulong[] actual = FilterPlanner.Execute(data.Indexes, filter, domain);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{filter.Where} + {filter.WhereDocument!.ToJson()}: {Describe(expected, actual)}");
        }
    }

    [Fact]
    public void EmptyCollectionMatchesNothing()
    {
        var indexes = new FilterIndexes([], [], 0, []);
        Assert.Empty(FilterPlanner.Execute(indexes, RecordFilter.Create(Where.Ne("a", 1), null)!));
    }

    /// <summary>Asserts agreement; returns whether the filter matched some but not all live labels.</summary>
    private static bool AssertSame(RandomFilterData data, RecordFilter filter, string what)
    {
        ulong[] expected = data.Expected(filter);
        ulong[] actual = FilterPlanner.Execute(data.Indexes, filter);
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"{what}: {Describe(expected, actual)}");
        int matched = LabelBitset.PopCount(expected);
        return matched > 0 && matched < data.Indexes.LiveCount;
    }

    private static string Describe(ulong[] expected, ulong[] actual)
    {
        var missing = new List<int>();
        var extra = new List<int>();
        for (int label = 0; label < expected.Length * 64; label++)
        {
            bool e = LabelBitset.IsSet(expected, label), a = LabelBitset.IsSet(actual, label);
            if (e && !a) missing.Add(label);
            if (a && !e) extra.Add(label);
        }
        return $"missing [{string.Join(",", missing.Take(10))}] extra [{string.Join(",", extra.Take(10))}]";
    }
}
