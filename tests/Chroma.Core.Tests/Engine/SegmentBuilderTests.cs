using Chroma.Core.Compaction;
using Chroma.Core.Model;
using Chroma.Core.Segments;

namespace Chroma.Core.Tests.Engine;

public class SegmentBuilderTests
{
    [Fact]
    public void TheBackgroundBuildLeavesOneCoreToTheForeground()
    {
        int cores = Environment.ProcessorCount;
        Assert.Equal(Math.Max(1, cores - 1), SegmentBuilder.BuildThreads(cores));
        Assert.Equal(Math.Max(1, cores - 1), SegmentBuilder.BuildThreads(cores * 4));
        Assert.Equal(1, SegmentBuilder.BuildThreads(1));
        Assert.Equal(1, SegmentBuilder.BuildThreads(0)); // a configuration of 0 still builds
    }

    [Fact]
    public void ANodeThatOnlyCompactsBuildsOnEveryCore()
    {
        int cores = Environment.ProcessorCount;
        Assert.Equal(cores, SegmentBuilder.BuildThreads(cores, reservedCores: 0));
        Assert.Equal(cores, SegmentBuilder.BuildThreads(cores * 4, reservedCores: 0));
        Assert.Equal(Math.Min(2, cores), SegmentBuilder.BuildThreads(2, reservedCores: 0));
        Assert.Equal(1, SegmentBuilder.BuildThreads(cores, reservedCores: cores + 3));
    }

    [Fact]
    public void A_later_version_adds_and_sets_uris_where_the_earlier_one_had_none()
    {
        // The URI column exists only once a record has a URI: it must appear in a later version
        // without touching the earlier one, and keep the right entry for every label.
        Guid collection = Guid.NewGuid();
        HnswConfiguration configuration = HnswConfiguration.Default with { NumThreads = 1 };
        CollectionSegment first = SegmentBuilder.Build(CollectionSegment.Empty(collection), Changes(Record("a", 1), Record("b", 2)), 1, 2, 2, configuration);
        first.TryGetLabel("a", out int a);
        first.TryGetLabel("b", out int b);

        MaterializedRecord old = first.GetRecord(a, withEmbedding: false);
        var update = new MaterializedRecord { Id = "a", Embedding = [], Uri = "u-a", Document = old.Document, Sequence = old.Sequence };
        CollectionSegment second = SegmentBuilder.Build(first, Changes(Record("c", 3, uri: "u-c"), new TailChange(a, update)), 2, 4, 2, configuration);
        second.TryGetLabel("c", out int c);

        Assert.Null(first.UriOf(a));
        Assert.Null(first.UriOf(b));
        Assert.Equal("u-a", second.UriOf(a));
        Assert.Null(second.UriOf(b));
        Assert.Equal("u-c", second.UriOf(c));
        Assert.Equal("doc a", second.DocumentOf(a));
    }

    private static Dictionary<string, TailChange> Changes(params TailChange[] changes)
    {
        var map = new Dictionary<string, TailChange>(StringComparer.Ordinal);
        foreach (TailChange change in changes) map[change.Current!.Id] = change;
        return map;
    }

    private static TailChange Record(string id, long sequence, string? uri = null) =>
        new(-1, new MaterializedRecord { Id = id, Embedding = [sequence, 1f], Document = $"doc {id}", Uri = uri, Sequence = sequence, EmbeddingChanged = true });
}
