using System.Globalization;
using System.Text.Json;
using Chroma.Api.Errors;
using Chroma.Core.Model;

namespace Chroma.Gateway.Policies;

/// <summary>Answers of the policies, always with Chroma's <c>{"error","message"}</c> body (never ProblemDetails).</summary>
internal static class PolicyResponses
{
    public static Task WriteErrorAsync(HttpContext context, ChromaException exception) =>
        WriteErrorAsync(context, ChromaErrorMapping.ToStatusCode(exception.Code), ChromaErrorMapping.ToErrorName(exception), exception.Message);

    public static Task WriteErrorAsync(HttpContext context, ChromaErrorCode code, string message) =>
        WriteErrorAsync(context, ChromaErrorMapping.ToStatusCode(code), ChromaErrorMapping.ToErrorName(code), message);

    public static Task TooManyRequestsAsync(HttpContext context, TimeSpan retryAfter)
    {
        int seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, "ChromaError",
            $"Rate limit exceeded: retry after {seconds} s");
    }

    public static Task WriteErrorAsync(HttpContext context, int status, string error, string message) =>
        ChromaErrorResponse.WriteAsync(context, status, error, message);

    public static async Task WriteJsonAsync<T>(HttpContext context, T state, Action<Utf8JsonWriter, T> write)
    {
        context.Response.ContentType = "application/json";
        await using (var writer = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            write(writer, state);
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}
