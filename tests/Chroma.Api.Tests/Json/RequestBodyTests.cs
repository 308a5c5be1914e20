using System.Runtime.CompilerServices;
using Chroma.Api.Json;
using Microsoft.AspNetCore.Http;

namespace Chroma.Api.Tests.Json;

public class RequestBodyTests
{
    [Fact]
    public async Task BodyAlreadyBufferedByAMiddlewareIsParsedInPlace()
    {
        byte[] buffer = "xx{\"ids\":[\"a\"]}yy"u8.ToArray();
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(buffer, 2, buffer.Length - 4, writable: false, publiclyVisible: true);

        using RequestBody body = await RequestBody.ReadAsync(context);

        Assert.Equal("{\"ids\":[\"a\"]}"u8.ToArray(), body.Span.ToArray());
        Assert.True(Unsafe.AreSame(ref buffer[2], ref Unsafe.AsRef(in body.Span[0])));
    }

    [Fact]
    public async Task StreamedBodyIsCopiedWhole()
    {
        byte[] json = new byte[100_000];
        Array.Fill(json, (byte)' ');
        json[0] = (byte)'{';
        json[^1] = (byte)'}';
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(json, writable: false); // not publicly visible: read like a network stream

        using RequestBody body = await RequestBody.ReadAsync(context);

        Assert.Equal(json, body.Span.ToArray());
        Assert.False(Unsafe.AreSame(ref json[0], ref Unsafe.AsRef(in body.Span[0])));
    }
}
