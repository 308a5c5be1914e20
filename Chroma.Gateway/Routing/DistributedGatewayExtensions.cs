using Chroma.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace Chroma.Gateway.Routing;

/// <summary>
/// The gateway in distributed mode: a YARP reverse proxy in front of the SysDb, Log and Query
/// services, whose replicas it finds through service discovery (see <see cref="ChromaProxyConfig"/>
/// for who owns which route, <see cref="CollectionRendezvousPolicy"/> for the choice of replica).
/// </summary>
public static class DistributedGatewayExtensions
{
    /// <summary>
    /// Distributed mode is chosen when the configuration names the SysDb service, which is what an
    /// (Aspire-shaped) AppHost's <c>WithReference(sysdb)</c> injects as <c>services__sysdb__http__0</c>.
    /// </summary>
    public static bool IsDistributedGatewayConfigured(this IConfiguration configuration)
    {
        string sysDb = configuration.GetSection(DistributedGatewayOptions.SectionName)[nameof(DistributedGatewayOptions.SysDbService)]
            ?? new DistributedGatewayOptions().SysDbService;
        return configuration.GetSection("services").GetSection(sysDb).Exists();
    }

    /// <summary>Service defaults (telemetry, health, discovery) and the reverse proxy with its routes, clusters and policies.</summary>
    public static TBuilder AddChromaDistributedGateway<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddServiceDefaults();

        var options = new DistributedGatewayOptions();
        builder.Configuration.GetSection(DistributedGatewayOptions.SectionName).Bind(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ILoadBalancingPolicy, CollectionRendezvousPolicy>();

        // YARP forwards with its own HttpMessageInvoker, not an IHttpClientFactory client, so the
        // standard resilience handler of the service defaults never retries a proxied write.
        builder.Services.AddReverseProxy()
            .LoadFromMemory(ChromaProxyConfig.Routes(options), ChromaProxyConfig.Clusters(options))
            .AddTransforms(LogWriterConflictRetry.ConfigureTransforms(options));

        // Registered after AddReverseProxy, so it replaces YARP's no-op resolver.
        builder.Services.AddSingleton<IDestinationResolver, ServiceDiscoveryDestinationResolver>();
        return builder;
    }

    /// <summary>/health and /alive, the system routes the gateway answers itself, then the proxy.</summary>
    public static WebApplication MapChromaDistributedGateway(this WebApplication app)
    {
        app.MapDefaultEndpoints();
        // heartbeat, version, pre-flight-checks, healthcheck, auth/identity; its reset is shadowed by
        // the proxy's sysdb-reset route (lower Order), so reset reaches the SysDb.
        app.MapChromaSystemApi();
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(ProxyErrorBody.WriteIfFailedAsync);
            // Before load balancing, so a retry picks the destination again.
            proxy.UseMiddleware<LogWriterConflictRetry>();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }
}
