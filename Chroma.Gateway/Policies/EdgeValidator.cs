using System.Text.Json;
using System.Text.Unicode;
using Chroma.Api.Policies;
using Chroma.Core.Model;

namespace Chroma.Gateway.Policies;

/// <summary>
/// Checks a buffered request body before any service sees it: valid UTF-8, one well-formed JSON
/// value no deeper than the configured depth, no string escape that cannot become text, and the
/// stateless quotas of the route (<see cref="EdgeValidator"/>.Records.cs). Throws
/// <see cref="ChromaException"/>: InvalidArgument (400) for malformed input and for NaN/Infinity
/// in embeddings, UnprocessableEntity (422, "Quota exceeded: …") for a quota. Values of the wrong
/// type are not judged here: the API's parser answers them with Chroma's own 422 messages.
/// </summary>
internal static partial class EdgeValidator
{
    public static void Validate(ReadOnlySpan<byte> body, BodyKind kind, ChromaQuotaOptions quotas, TenantQuota quota)
    {
        if (body.IsEmpty) return;
        if (!Utf8.IsValid(body))
            ThrowHelper.InvalidArgument("Failed to parse the request body as JSON: the body is not valid UTF-8");

        // One pass: the quota walk tokenizes the value it inspects, then the rest of the body is
        // read to its end, so every token is syntax-checked exactly once.
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = quotas.MaxJsonDepth, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (kind != BodyKind.Other) CheckQuotas(ref reader, kind, quotas, quota);
            while (Read(ref reader))
            {
            }
        }
        catch (JsonException e) when (IsDepthExceeded(e))
        {
            ThrowHelper.InvalidArgument($"Failed to parse the request body as JSON: nesting is deeper than the limit of {quotas.MaxJsonDepth}");
        }
        catch (JsonException e)
        {
            ThrowHelper.InvalidArgument($"Failed to parse the request body as JSON: {Trim(e.Message)}");
        }
        catch (InvalidOperationException e)
        {
            ThrowHelper.InvalidArgument($"Failed to parse the request body as JSON: {Trim(e.Message)}");
        }
    }

    /// <summary>
    /// The next token. A string or property name with escapes is unescaped once, which is what
    /// refuses "\ud800" and friends here rather than deep in a handler (the reader itself only
    /// checks escapes when a value is read).
    /// </summary>
    private static bool Read(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) return false;
        if (reader.ValueIsEscaped && reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName) StringBytes(ref reader);
        return true;
    }

    /// <summary>Utf8JsonReader.Skip through <see cref="Read"/>, so skipped values are checked too.</summary>
    private static void Skip(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.PropertyName) Read(ref reader);
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return;
        int depth = reader.CurrentDepth;
        while (Read(ref reader) && reader.CurrentDepth > depth)
        {
        }
    }

    private static bool IsDepthExceeded(JsonException e) =>
        e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase);

    private static string Trim(string message)
    {
        // System.Text.Json appends " LineNumber: … | BytePositionInLine: …"; keep it, but never more than a line.
        int newline = message.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? message : message[..newline];
    }
}
