using Chroma.Distributed.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Chroma.Distributed.Server;

/// <summary>
/// Hosting the internal services. gRPC here runs over HTTP/2 cleartext (h2c), which has no
/// protocol negotiation: the endpoint serving it must be HTTP/2 only, e.g.
/// <code>
/// builder.WebHost.ConfigureKestrel(k => k.ListenAnyIP(port, o => o.Protocols = HttpProtocols.Http2));
/// builder.Services.AddChromaGrpc();
/// app.MapChromaSysDbGrpc();
/// </code>
/// (an Http1AndHttp2 cleartext endpoint would answer gRPC's prior-knowledge HTTP/2 requests
/// with HTTP/1.1 and every call would fail).
/// </summary>
public static class ChromaGrpcServerExtensions
{
    /// <summary>Registers gRPC with the ChromaException-to-status interceptor.</summary>
    public static IServiceCollection AddChromaGrpc(this IServiceCollection services)
    {
        services.AddGrpc(options =>
        {
            options.Interceptors.Add<ChromaExceptionInterceptor>();
            // Batches of embeddings exceed gRPC's 4 MB default; the HTTP edge limits request size.
            options.MaxReceiveMessageSize = ChromaGrpcLimits.MaxMessageBytes;
            options.MaxSendMessageSize = ChromaGrpcLimits.MaxMessageBytes;
        });
        return services;
    }

    /// <summary>The catalog service; needs an <c>ICatalog</c> in DI.</summary>
    public static GrpcServiceEndpointConventionBuilder MapChromaSysDbGrpc(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGrpcService<SysDbGrpcService>();

    /// <summary>The log service; needs an <c>IWriteAheadLog</c> and optionally an <c>ILogCompactionSource</c>.</summary>
    public static GrpcServiceEndpointConventionBuilder MapChromaLogGrpc(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGrpcService<LogGrpcService>();

    /// <summary>The query executor; needs an <c>ICatalog</c> and an <c>IRecordReader</c>.</summary>
    public static GrpcServiceEndpointConventionBuilder MapChromaQueryGrpc(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGrpcService<QueryGrpcService>();
}
