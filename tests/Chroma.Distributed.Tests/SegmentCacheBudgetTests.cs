using Chroma.Distributed.Execution;
using Microsoft.Extensions.Configuration;

namespace Chroma.Distributed.Tests;

public class SegmentCacheBudgetTests
{
    private static IConfiguration Config(string? bytes) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [SegmentCacheBudget.ConfigKey] = bytes }).Build();

    [Fact]
    public void ConfiguredBytesAreTheBudgetOfEveryMode()
    {
        Assert.Equal(268_435_456, SegmentCacheBudget.FromConfiguration(Config("268435456")));
        Assert.Equal(268_435_456, SegmentCacheBudget.Configured(Config("268435456")));
    }

    [Fact]
    public void UnsetIsNoLimitInSingleNodeAndHalfTheAvailableMemoryInDistributedServices()
    {
        Assert.Null(SegmentCacheBudget.Configured(Config(null)));
        Assert.Equal(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2, SegmentCacheBudget.FromConfiguration(Config(null)));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1GB")]
    [InlineData("1.5")]
    public void AnythingButAPositiveByteCountIsRefusedAtStart(string bytes)
    {
        var error = Assert.Throws<InvalidOperationException>(() => SegmentCacheBudget.FromConfiguration(Config(bytes)));
        Assert.Contains(SegmentCacheBudget.ConfigKey, error.Message, StringComparison.Ordinal);
    }
}
