using Chroma.Api.Json;
using Microsoft.AspNetCore.Http;

namespace Chroma.Api.Errors;

/// <summary>
/// Chroma's error answer, <c>{"error","message"}</c> with a Content-Length, for every host that
/// answers in Chroma's name: the API's endpoints (through <see cref="ChromaEndpoint"/>) and the
/// gateway's policies (auth, rate limits, body checks), which answer before any endpoint runs.
/// </summary>
public static class ChromaErrorResponse
{
    /// <summary>
    /// Writes the answer, keeping headers already set (a policy's Retry-After or Connection: close).
    /// Once the response has started nothing can be answered any more: the connection is aborted.
    /// </summary>
    public static Task WriteAsync(HttpContext context, int statusCode, string error, string message)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }

        return JsonResponse.WriteAsync(context, statusCode, (error, message), static (writer, state) =>
        {
            writer.WriteStartObject();
            writer.WriteString("error", state.error);
            writer.WriteString("message", state.message);
            writer.WriteEndObject();
        });
    }
}
