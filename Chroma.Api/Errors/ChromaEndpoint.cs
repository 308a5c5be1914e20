using Chroma.Core.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Chroma.Api.Errors;

/// <summary>
/// The single place where exceptions become HTTP answers. A <see cref="ChromaException"/> is a
/// client-visible error with Chroma's <c>{"error","message"}</c> body; anything else is a bug:
/// logged with its stack trace, answered as a 500 InternalError without one.
/// </summary>
internal static class ChromaEndpoint
{
    public static RequestDelegate Wrap(Func<HttpContext, Task> handler, ILogger logger) => async context =>
    {
        try
        {
            await handler(context);
        }
        catch (ChromaException exception)
        {
            await WriteErrorAsync(context, logger, exception);
        }
        catch (BadHttpRequestException exception)
        {
            // Kestrel's own limits (body too large, client stalled): keep its status (413, 408…).
            await WriteErrorAsync(context, logger, exception.StatusCode, "ChromaError", exception.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to answer.
        }
#pragma warning disable CA1031 // The API edge is the host boundary: any other exception is a bug and must become a 500, not a dropped connection.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.LogError(exception, "Unhandled error in {Method} {Path}", context.Request.Method, context.Request.Path);
            // The message of an unexpected exception can hold paths or SQL: log it, answer with the request id.
            await WriteErrorAsync(context, logger, StatusCodes.Status500InternalServerError, "InternalError",
                $"Internal error (request {context.TraceIdentifier}); the server log has the details.");
        }
    };

    public static Task WriteErrorAsync(HttpContext context, ILogger logger, ChromaException exception) =>
        WriteErrorAsync(context, logger, ChromaErrorMapping.ToStatusCode(exception.Code), ChromaErrorMapping.ToErrorName(exception), exception.Message);

    public static Task WriteErrorAsync(HttpContext context, ILogger logger, int statusCode, string error, string message)
    {
        if (context.Response.HasStarted)
        {
            // Half an answer is already on the wire; the only honest signal left is a reset.
            logger.LogWarning("Error after the response started ({Error}: {Message}); aborting", error, message);
            context.Abort();
            return Task.CompletedTask;
        }

        // Whatever the failed handler set (a Content-Type, a Location) does not describe the error.
        context.Response.Headers.Clear();
        return ChromaErrorResponse.WriteAsync(context, statusCode, error, message);
    }
}
