using Chroma.Core.Filtering;
using Chroma.Core.Index.Metadata;
using Chroma.Core.Model;

namespace Chroma.Core.Tests.Index.Metadata;

public class MetadataIndexTests
{
    private static MetadataIndex Build(params Dictionary<string, MetadataValue>?[] metadatas)
    {
        var live = new ulong[LabelBitset.WordCount(metadatas.Length)];
        for (int label = 0; label < metadatas.Length; label++) LabelBitset.Set(live, label);
        return MetadataIndex.Build(Array.ConvertAll(metadatas, CompactMetadata.From), live);
    }

    private static Dictionary<string, MetadataValue> Meta(string key, MetadataValue value) => new(StringComparer.Ordinal) { [key] = value };

    private static List<int> Select(NumericColumn column, FilterOperator op, MetadataValue operand, int labelCount)
    {
        var bits = new ulong[LabelBitset.WordCount(labelCount)];
        column.WriteInto(column.Select(op, operand), bits);
        var labels = new List<int>();
        LabelBitset.AppendLabels(bits, labels);
        return labels;
    }

    /// <summary>The memory budget's estimate grows with what the index holds: distinct values, numbers, keys.</summary>
    [Fact]
    public void EstimatedBytesGrowWithDistinctValuesNumbersAndKeys()
    {
        const int Records = 200;
        MetadataIndex oneValue = Build([.. Enumerable.Range(0, Records).Select(_ => Meta("k", "same"))]);
        MetadataIndex distinctValues = Build([.. Enumerable.Range(0, Records).Select(i => Meta("k", $"value {i}"))]);
        MetadataIndex numbers = Build([.. Enumerable.Range(0, Records).Select(i => Meta("k", i))]);
        MetadataIndex twoKeys = Build([.. Enumerable.Range(0, Records).Select(i => i % 2 == 0 ? Meta("k", "same") : Meta("other", "same"))]);

        // One value over 200 labels is one bitset of 4 words; 200 values are 200 lists and keys.
        Assert.InRange(oneValue.EstimatedBytes, 4 * sizeof(ulong), 1_000);
        Assert.True(distinctValues.EstimatedBytes > Records * ("value 0".Length * 2L), $"{distinctValues.EstimatedBytes}");
        // 200 ints with their labels, 12 bytes each.
        Assert.True(numbers.EstimatedBytes > Records * 12L, $"{numbers.EstimatedBytes}");
        Assert.True(twoKeys.EstimatedBytes > oneValue.EstimatedBytes);
    }

    [Fact]
    public void IntsAndFloatsCompareExactlyAcrossKinds()
    {
        MetadataIndex index = Build(
            Meta("n", 1), Meta("n", 1.0), Meta("n", 1.5), Meta("n", 9007199254740993L), Meta("n", 9007199254740992.0),
            Meta("n", -0.0), Meta("n", 0), Meta("n", double.NaN));
        Assert.True(index.TryGetKey("n", out MetadataKeyIndex key));
        NumericColumn column = key.Numbers!;
        Assert.Equal(7, column.Count); // NaN is left out: it matches no positive operator

        Assert.Equal([0, 1], Select(column, FilterOperator.Eq, 1, 8));
        Assert.Equal([0, 1], Select(column, FilterOperator.Eq, 1.0, 8));
        // 2^53 + 1 is not 2^53 although (double)(2^53 + 1) == 2^53.
        Assert.Equal([3], Select(column, FilterOperator.Eq, 9007199254740993L, 8));
        Assert.Equal([4], Select(column, FilterOperator.Eq, 9007199254740992.0, 8));
        Assert.Equal([3], Select(column, FilterOperator.Gt, 9007199254740992.0, 8));
        Assert.Equal([5, 6], Select(column, FilterOperator.Eq, 0, 8));
        Assert.Equal([5, 6], Select(column, FilterOperator.Lt, 0.5, 8));
        Assert.Equal([0, 1, 2, 5, 6], Select(column, FilterOperator.Lte, 1.5, 8));
        Assert.Equal([2, 3, 4], Select(column, FilterOperator.Gt, 1, 8));
        Assert.Equal([0, 1, 2, 3, 4], Select(column, FilterOperator.Gte, 1, 8));
        Assert.Empty(Select(column, FilterOperator.Lt, double.NaN, 8));
    }

    [Fact]
    public void WideRangesOnDenseColumnsUseTheComplementAndStayExact()
    {
        var metadatas = new Dictionary<string, MetadataValue>?[1000];
        for (int label = 0; label < metadatas.Length; label++) metadatas[label] = label % 3 == 0 ? null : Meta("y", label % 2 == 0 ? label : label + 0.5);
        MetadataIndex index = Build(metadatas);
        Assert.True(index.TryGetKey("y", out MetadataKeyIndex key));
        List<int> wide = Select(key.Numbers!, FilterOperator.Gte, 10, 1000);
        var expected = Enumerable.Range(10, 990).Where(label => label % 3 != 0).ToList();
        Assert.Equal(expected, wide);
    }

    [Fact]
    public void ScalarsAndArrayElementsAreKeptApart()
    {
        MetadataIndex index = Build(
            Meta("k", "red"), Meta("k", MetadataValue.FromStrings(["red", "red", "blue"])), Meta("k", true),
            Meta("k", MetadataValue.FromBools([false])), Meta("k", MetadataValue.FromInts([2, 3])), Meta("k", MetadataValue.FromFloats([2.0])),
            Meta("k", MetadataValue.Null), null);
        Assert.True(index.TryGetKey("k", out MetadataKeyIndex key));
        Assert.Equal(1, key.GetString("red")!.Count);
        Assert.True(key.GetString("red")!.Contains(0));
        Assert.Equal(1, key.GetStringElement("red")!.Count); // a repeated element posts its label once
        Assert.True(key.GetStringElement("red")!.Contains(1));
        Assert.Null(key.GetString("blue"));
        Assert.True(key.GetBool(true)!.Contains(2));
        Assert.Null(key.GetBool(false));
        Assert.True(key.GetBoolElement(false)!.Contains(3));
        Assert.Null(key.Numbers);
        Assert.Equal([4, 5], Select(key.NumberElements!, FilterOperator.Eq, 2, 8));
        Assert.False(index.TryGetKey("missing", out _));
    }

    [Fact]
    public void DeletedLabelsAreNotIndexed()
    {
        var live = new ulong[1];
        LabelBitset.Set(live, 0);
        MetadataIndex index = MetadataIndex.Build(new[] { Meta("k", "a"), Meta("k", "a"), Meta("gone", 1) }.Select(CompactMetadata.From).ToArray(), live);
        Assert.True(index.TryGetKey("k", out MetadataKeyIndex key));
        Assert.Equal(1, key.GetString("a")!.Count);
        Assert.False(index.TryGetKey("gone", out _));
    }

    [Theory]
    [InlineData(10_000, 100, false)]   // 1% of labels: a sorted list is smaller
    [InlineData(10_000, 1_000, true)]  // 10%: a bitset is smaller
    public void PostingListsChooseTheirFormByDensity(int labelCount, int count, bool bitset)
    {
        int[] labels = Enumerable.Range(0, count).Select(i => i * (labelCount / count)).ToArray();
        PostingList postings = PostingList.FromSorted(labels, labelCount);
        Assert.Equal(bitset, postings.IsBitset);
        Assert.Equal(count, postings.Count);

        var all = new ulong[LabelBitset.WordCount(labelCount)];
        all.AsSpan().Fill(ulong.MaxValue);
        postings.AndInto(all);
        var union = new ulong[all.Length];
        postings.OrInto(union);
        var expected = new List<int>(labels);
        var fromAnd = new List<int>();
        var fromOr = new List<int>();
        LabelBitset.AppendLabels(all, fromAnd);
        LabelBitset.AppendLabels(union, fromOr);
        Assert.Equal(expected, fromAnd);
        Assert.Equal(expected, fromOr);
        Assert.True(postings.Contains(labels[^1]));
        Assert.False(postings.Contains(labels[^1] + 1));
    }
}
