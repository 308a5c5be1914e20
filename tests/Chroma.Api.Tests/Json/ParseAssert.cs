using System.Text;
using Chroma.Core.Model;

namespace Chroma.Api.Tests.Json;

/// <summary>Helpers to run a parser on a JSON text and check the Chroma error it raises.</summary>
internal static class ParseAssert
{
    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    public static ChromaException Fails(Action parse, ChromaErrorCode code, string message)
    {
        var exception = Assert.Throws<ChromaException>(parse);
        Assert.Equal(code, exception.Code);
        Assert.Equal(message, exception.Message);
        return exception;
    }

    public static ChromaException FailsStartingWith(Action parse, ChromaErrorCode code, string prefix)
    {
        var exception = Assert.Throws<ChromaException>(parse);
        Assert.Equal(code, exception.Code);
        Assert.StartsWith(prefix, exception.Message, StringComparison.Ordinal);
        return exception;
    }
}
