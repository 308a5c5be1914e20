using System.Text;
using System.Text.Json;
using Chroma.Core.Model;

namespace Chroma.Api.Json;

/// <summary>
/// Runs a body parser and turns reader syntax failures into Chroma's 400. Kept apart so every
/// entry point converts exactly the same exceptions and nothing broader.
/// </summary>
internal static class ParseGuard
{
    public delegate T Parser<T, TArg>(ReadOnlySpan<byte> body, TArg arg);

    public static T Run<T, TArg>(ReadOnlySpan<byte> body, TArg arg, Parser<T, TArg> parser)
    {
        try
        {
            return parser(body, arg);
        }
        catch (JsonException exception)
        {
            throw PayloadReader.SyntaxError(exception);
        }
        catch (InvalidOperationException exception) when (exception.InnerException is DecoderFallbackException)
        {
            // Utf8JsonReader validates structure, not string contents: bad UTF-8 shows up on GetString.
            throw PayloadReader.InvalidUtf8();
        }
    }
}
