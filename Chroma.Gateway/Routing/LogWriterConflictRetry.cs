using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Chroma.Gateway.Routing;

/// <summary>
/// The one retry the gateway does: a write that a Log node refused with a log writer conflict
/// (409 or 412 carrying <see cref="ChromaServiceHeaders.LogWriterConflict"/>) is sent once more, to
/// the collection's rendezvous owner as of now. A conflict means the node did not append anything
/// (it is not, or no longer, the collection's writer: ownership is moving after a membership change),
/// so resending cannot duplicate records. Every other write failure, including timeouts and 5xx, is
/// passed to the client as is: the first attempt may have been durable.
/// <para>
/// Mechanics: the request body is buffered (so it can be sent twice); a response transform swallows
/// the conflicting answer's body on the first attempt only, so nothing reaches the client; this
/// middleware, placed before load balancing in the proxy pipeline, then clears the response, rewinds
/// the body and runs load balancing and forwarding again over the cluster's currently available
/// destinations. A second conflict goes to the client unchanged.
/// </para>
/// </summary>
internal sealed partial class LogWriterConflictRetry(RequestDelegate next, DistributedGatewayOptions options, ILogger<LogWriterConflictRetry> logger)
{
    private const int BufferInMemoryBytes = 1024 * 1024;

    private static readonly object RetryArmedKey = new();
    private static readonly object ConflictSeenKey = new();

    public async Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        if (!HttpMethods.IsPost(context.Request.Method) || !string.Equals(proxy.Cluster.Config.ClusterId, options.LogService, StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        // Kept in memory up to 1 MiB (most writes), spilled to a temp file beyond, up to the 40 MB body limit.
        context.Request.EnableBuffering(BufferInMemoryBytes);
        context.Items[RetryArmedKey] = RetryArmedKey;
        await next(context);
        context.Items.Remove(RetryArmedKey);
        if (!context.Items.Remove(ConflictSeenKey) || context.Response.HasStarted)
            return;

        LogRetry(logger, context.Request.Path, proxy.ProxiedDestination?.DestinationId);
        context.Response.Clear();
        context.Request.Body.Position = 0;
        ClusterState? cluster = proxy.Route.Cluster;
        if (cluster is not null)
            proxy.AvailableDestinations = cluster.DestinationsState.AvailableDestinations;
        await next(context);
    }

    /// <summary>Adds the conflict-detecting response transform to the routes of the log cluster.</summary>
    public static Action<TransformBuilderContext> ConfigureTransforms(DistributedGatewayOptions options) => builder =>
    {
        if (string.Equals(builder.Cluster?.ClusterId, options.LogService, StringComparison.Ordinal))
            builder.AddResponseTransform(DetectConflict);
    };

    private static ValueTask DetectConflict(ResponseTransformContext transform)
    {
        var response = transform.ProxyResponse;
        var items = transform.HttpContext.Items;
        if (response is not null
            && (response.StatusCode == System.Net.HttpStatusCode.Conflict || response.StatusCode == System.Net.HttpStatusCode.PreconditionFailed)
            && response.Headers.Contains(ChromaServiceHeaders.LogWriterConflict)
            && items.Remove(RetryArmedKey))
        {
            transform.SuppressResponseBody = true;
            items[ConflictSeenKey] = ConflictSeenKey;
        }

        return default;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Log writer conflict for {Path} at {Destination}; retrying once on the collection's rendezvous owner")]
    private static partial void LogRetry(ILogger logger, PathString path, string? destination);
}
