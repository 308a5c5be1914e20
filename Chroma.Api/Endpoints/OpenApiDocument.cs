using Chroma.Api.Json;
using Microsoft.AspNetCore.Http;

namespace Chroma.Api;

/// <summary>Serves real Chroma's generated OpenAPI document, embedded in this assembly.</summary>
internal static class OpenApiDocument
{
    private static readonly Lazy<byte[]> Document = new(Load);

    public static Task WriteAsync(HttpContext context) =>
        JsonResponse.WriteBytesAsync(context, StatusCodes.Status200OK, Document.Value);

    private static byte[] Load()
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("Chroma.Api.openapi.json")
            ?? throw new InvalidOperationException("The embedded OpenAPI document is missing from Chroma.Api.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
