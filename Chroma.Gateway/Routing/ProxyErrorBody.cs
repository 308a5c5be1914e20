using Chroma.Gateway.Policies;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Chroma.Gateway.Routing;

/// <summary>
/// When forwarding fails before any response started (no replica reachable, timeout), YARP answers
/// 502/504 with an empty body; Chroma clients parse <c>{"error","message"}</c>, so give them one.
/// </summary>
internal static class ProxyErrorBody
{
    public static async Task WriteIfFailedAsync(HttpContext context, Func<Task> next)
    {
        await next();
        IForwarderErrorFeature? error = context.GetForwarderErrorFeature();
        if (error is null || context.Response.HasStarted)
            return;

        string cluster = context.GetReverseProxyFeature().Cluster.Config.ClusterId;
        // YARP chose the status (502 or 504); the body is the one every gateway error has.
        await PolicyResponses.WriteErrorAsync(context, context.Response.StatusCode, "Unavailable",
            $"The {cluster} service could not be reached ({error.Error})");
    }
}
