using System.Text.Json;
using System.Text.Unicode;
using Chroma.Api.Policies;
using Chroma.Core.Memory;
using Chroma.Core.Model;

namespace Chroma.Gateway.Policies;

/// <summary>
/// Checks a buffered request body before any service sees it: valid UTF-8, one well-formed JSON
/// value no deeper than the configured depth, no string escape that cannot become text, then the
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

        var options = new JsonReaderOptions { MaxDepth = quotas.MaxJsonDepth, CommentHandling = JsonCommentHandling.Disallow };
        CheckSyntax(body, options, quotas.MaxJsonDepth);
        if (kind != BodyKind.Other) CheckQuotas(body, options, kind, quotas, quota);
    }

    private static void CheckSyntax(ReadOnlySpan<byte> body, JsonReaderOptions options, int maxDepth)
    {
        byte[] scratch = BufferPool<byte>.Rent(256);
        try
        {
            var reader = new Utf8JsonReader(body, options);
            while (reader.Read())
            {
                if (reader.ValueIsEscaped && reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                {
                    // Unescaping proves "\ud800" and friends are refused here, not deep in a handler.
                    if (scratch.Length < reader.ValueSpan.Length)
                    {
                        BufferPool<byte>.Return(scratch);
                        scratch = BufferPool<byte>.Rent(reader.ValueSpan.Length);
                    }

                    reader.CopyString(scratch);
                }
            }
        }
        catch (JsonException e) when (IsDepthExceeded(e))
        {
            ThrowHelper.InvalidArgument($"Failed to parse the request body as JSON: nesting is deeper than the limit of {maxDepth}");
        }
        catch (JsonException e)
        {
            ThrowHelper.InvalidArgument($"Failed to parse the request body as JSON: {Trim(e.Message)}");
        }
        catch (InvalidOperationException e)
        {
            ThrowHelper.InvalidArgument($"Failed to parse the request body as JSON: {Trim(e.Message)}");
        }
        finally
        {
            BufferPool<byte>.Return(scratch);
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
