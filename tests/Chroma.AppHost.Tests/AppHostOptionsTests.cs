using Chroma.AppHost.Hosting;

namespace Chroma.AppHost.Tests;

public sealed class AppHostOptionsTests
{
    [Fact]
    public void Parse_ReadsDataPortPublisherAndReset()
    {
        var options = AppHostOptions.Parse(["--data", "/tmp/x", "--gateway-port", "8123", "--allow-reset", "--publisher", "manifest", "--output-path", "/tmp/m.json"]);
        Assert.Equal("/tmp/x", options.DataDirectory);
        Assert.Equal(8123, options.GatewayPort);
        Assert.True(options.AllowReset);
        Assert.True(options.IsPublishMode);
        Assert.Equal("/tmp/m.json", options.OutputPath);
    }

    [Fact]
    public void Parse_Defaults()
    {
        var options = AppHostOptions.Parse([]);
        Assert.Equal(8000, options.GatewayPort);
        Assert.Equal(Path.GetFullPath(".chroma-apphost"), options.DataDirectory);
        Assert.False(options.IsPublishMode);
    }

    [Theory]
    [InlineData("--gateway-port", "http")]
    [InlineData("--gateway-port", "70000")]
    [InlineData("--publisher", "bicep")]
    [InlineData("--bogus", "1")]
    public void Parse_RejectsBadArguments(string name, string value)
    {
        var ex = Assert.Throws<ArgumentException>(() => AppHostOptions.Parse([name, value]));
        Assert.Contains(name, ex.Message);
    }

    [Fact]
    public void Parse_RejectsMissingValue()
    {
        var ex = Assert.Throws<ArgumentException>(() => AppHostOptions.Parse(["--data"]));
        Assert.Contains("--data needs a value", ex.Message);
    }
}
