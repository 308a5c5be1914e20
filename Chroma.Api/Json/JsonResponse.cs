using System.Text.Encodings.Web;
using System.Text.Json;
using Chroma.Core.Storage.Codec;
using Microsoft.AspNetCore.Http;

namespace Chroma.Api.Json;

/// <summary>
/// Writes JSON answers: built with a <see cref="Utf8JsonWriter"/> into a pooled buffer, then sent
/// in one write with a Content-Length. Strings keep non-ASCII characters raw (as serde_json does).
/// </summary>
internal static class JsonResponse
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        // Our writers emit well-formed JSON by construction; validation costs per token.
        SkipValidation = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly byte[] EmptyObject = "{}"u8.ToArray();
    private static readonly byte[] TrueLiteral = "true"u8.ToArray();

    public static async Task WriteAsync<TState>(HttpContext context, int statusCode, TState state, Action<Utf8JsonWriter, TState> write)
    {
        using var buffer = new PooledBufferWriter(4096);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer, state);
        }

        await WriteBytesAsync(context, statusCode, buffer.WrittenMemory);
    }

    public static Task WriteEmptyObjectAsync(HttpContext context, int statusCode = StatusCodes.Status200OK) =>
        WriteBytesAsync(context, statusCode, EmptyObject);

    public static Task WriteTrueAsync(HttpContext context) =>
        WriteBytesAsync(context, StatusCodes.Status200OK, TrueLiteral);

    public static Task WriteInt64Async(HttpContext context, long value) =>
        WriteAsync(context, StatusCodes.Status200OK, value, static (w, v) => w.WriteNumberValue(v));

    public static Task WriteBytesAsync(HttpContext context, int statusCode, ReadOnlyMemory<byte> utf8Json)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        response.ContentLength = utf8Json.Length;
        return response.Body.WriteAsync(utf8Json, context.RequestAborted).AsTask();
    }
}
