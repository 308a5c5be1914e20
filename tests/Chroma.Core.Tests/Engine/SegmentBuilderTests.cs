using Chroma.Core.Compaction;

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
}
