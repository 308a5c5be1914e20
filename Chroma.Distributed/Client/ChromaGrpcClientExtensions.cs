using Chroma.Core.Catalog;
using Chroma.Core.Execution;
using Chroma.Core.Log;
using Chroma.Distributed.Log;
using Grpc.Net.Client;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using P = Chroma.Distributed.Protos;

namespace Chroma.Distributed.Client;

/// <summary>
/// Registers the engine's interfaces as gRPC clients of the distributed services, through
/// Grpc.Net.ClientFactory (so the host's HttpClient defaults, telemetry and service discovery
/// apply). Each service gets two named clients: "{service}-reads", which keeps whatever
/// resilience the host adds to every HttpClient, and "{service}-writes", from which every
/// resilience handler is removed and which has no gRPC retry policy: a write whose answer was
/// lost may have happened, so replaying it (a second push, a second create) is wrong.
/// Addresses come from <see cref="ChromaServiceAddress"/>.
/// </summary>
public static class ChromaGrpcClientExtensions
{
    /// <summary><see cref="ICatalog"/> = <see cref="GrpcCatalogClient"/> over the SysDb service.</summary>
    public static IServiceCollection AddChromaSysDbClient(this IServiceCollection services, string serviceName = "sysdb")
    {
        AddClient<P.SysDb.SysDbClient>(services, serviceName, ReadsName(serviceName), allowRetries: true);
        AddClient<P.SysDb.SysDbClient>(services, serviceName, WritesName(serviceName), allowRetries: false);
        services.AddSingleton(sp =>
        {
            var factory = sp.GetRequiredService<GrpcClientFactory>();
            return new GrpcCatalogClient(
                factory.CreateClient<P.SysDb.SysDbClient>(ReadsName(serviceName)),
                factory.CreateClient<P.SysDb.SysDbClient>(WritesName(serviceName)));
        });
        services.AddSingleton<ICatalog>(sp => sp.GetRequiredService<GrpcCatalogClient>());
        return services;
    }

    /// <summary><see cref="IWriteAheadLog"/> and <see cref="ILogCompactionSource"/> = <see cref="GrpcLogClient"/>.</summary>
    public static IServiceCollection AddChromaLogClient(this IServiceCollection services, string serviceName = "log")
    {
        AddClient<P.LogService.LogServiceClient>(services, serviceName, ReadsName(serviceName), allowRetries: true);
        AddClient<P.LogService.LogServiceClient>(services, serviceName, WritesName(serviceName), allowRetries: false);
        services.AddSingleton(sp =>
        {
            var factory = sp.GetRequiredService<GrpcClientFactory>();
            return new GrpcLogClient(
                factory.CreateClient<P.LogService.LogServiceClient>(ReadsName(serviceName)),
                factory.CreateClient<P.LogService.LogServiceClient>(WritesName(serviceName)));
        });
        services.AddSingleton<IWriteAheadLog>(sp => sp.GetRequiredService<GrpcLogClient>());
        services.AddSingleton<ILogCompactionSource>(sp => sp.GetRequiredService<GrpcLogClient>());
        return services;
    }

    /// <summary><see cref="IRecordReader"/> = <see cref="GrpcRecordReaderClient"/> over a Query node. Reads only.</summary>
    public static IServiceCollection AddChromaQueryClient(this IServiceCollection services, string serviceName = "query")
    {
        AddClient<P.QueryExecutor.QueryExecutorClient>(services, serviceName, ReadsName(serviceName), allowRetries: true);
        services.AddSingleton(sp => new GrpcRecordReaderClient(
            sp.GetRequiredService<GrpcClientFactory>().CreateClient<P.QueryExecutor.QueryExecutorClient>(ReadsName(serviceName))));
        services.AddSingleton<IRecordReader>(sp => sp.GetRequiredService<GrpcRecordReaderClient>());
        return services;
    }

    public static string ReadsName(string serviceName) => serviceName + "-reads";

    public static string WritesName(string serviceName) => serviceName + "-writes";

    private static void AddClient<TClient>(IServiceCollection services, string serviceName, string clientName, bool allowRetries)
        where TClient : class
    {
        IHttpClientBuilder builder = services
            .AddGrpcClient<TClient>(clientName, (sp, options) =>
                options.Address = ChromaServiceAddress.Resolve(sp.GetRequiredService<IConfiguration>(), serviceName))
            .ConfigureChannel(ConfigureChannel);
        if (!allowRetries) builder.ConfigureAdditionalHttpMessageHandlers(RemoveResilienceHandlers);
    }

    // What the (still experimental) RemoveAllResilienceHandlers does, with stable API only.
    // HttpClientFactory applies ConfigureHttpClientDefaults before any named client's own
    // configuration whatever the registration order, so this sees (and drops) the host's
    // resilience handlers; ClientRegistrationTests checks both orders.
    private static void RemoveResilienceHandlers(IList<DelegatingHandler> handlers, IServiceProvider services)
    {
        for (int i = handlers.Count - 1; i >= 0; i--)
        {
            if (handlers[i] is ResilienceHandler) handlers.RemoveAt(i);
        }
    }

    private static void ConfigureChannel(GrpcChannelOptions options)
    {
        // No ServiceConfig: gRPC's own retry and hedging policies stay off for every client.
        options.ServiceConfig = null;
        options.MaxReceiveMessageSize = ChromaGrpcLimits.MaxMessageBytes;
        options.MaxSendMessageSize = ChromaGrpcLimits.MaxMessageBytes;
        // A cancelled token surfaces as OperationCanceledException, as it does in process.
        options.ThrowOperationCanceledOnCancellation = true;
    }
}
