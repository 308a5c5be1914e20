using System.Text;
using Chroma.Core.Memory;

namespace Chroma.Core.Tests.Memory;

public class Utf8StringCacheTests
{
    [Fact]
    public void EqualValuesShareOneString()
    {
        string first = Utf8StringCache.Get("category"u8);
        string second = Utf8StringCache.Get(Encoding.UTF8.GetBytes("category"));
        Assert.Equal("category", first);
        Assert.Same(first, second);
    }

    [Fact]
    public void EveryValueDecodesExactlyEvenWhenSlotsCollide()
    {
        // Far more distinct values than slots: collisions replace entries, never return a wrong string.
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 20_000; i++)
            {
                string expected = "k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(expected, Utf8StringCache.Get(Encoding.UTF8.GetBytes(expected)));
            }
        }
    }

    [Fact]
    public void NonAsciiEmptyAndLongValuesDecode()
    {
        Assert.Equal("", Utf8StringCache.Get([]));
        Assert.Equal("größe 北京", Utf8StringCache.Get(Encoding.UTF8.GetBytes("größe 北京")));
        string longValue = new('x', Utf8StringCache.MaxLength + 1);
        string decoded = Utf8StringCache.Get(Encoding.UTF8.GetBytes(longValue));
        Assert.Equal(longValue, decoded);
        Assert.NotSame(decoded, Utf8StringCache.Get(Encoding.UTF8.GetBytes(longValue)));
    }
}
