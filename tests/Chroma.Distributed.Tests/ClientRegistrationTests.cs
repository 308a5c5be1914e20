using Chroma.Distributed.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Chroma.Distributed.Tests;

public class ClientRegistrationTests
{
    private static IConfiguration Config(params (string Key, string Value)[] pairs)
    {
        var values = new Dictionary<string, string?>();
        foreach ((string key, string value) in pairs) values[key] = value;
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    [Fact]
    public void TheAspireVariableWinsAndServiceDiscoveryIsTheFallback()
    {
        // services__sysdb__grpc__0 in the environment is this key in configuration.
        IConfiguration configured = Config(("services:sysdb:grpc:0", "http://127.0.0.1:5123"));
        Assert.Equal(new Uri("http://127.0.0.1:5123"), ChromaServiceAddress.Resolve(configured, "sysdb"));
        Assert.Equal(new Uri("http://_grpc.sysdb"), ChromaServiceAddress.Resolve(Config(), "sysdb"));
        Assert.Throws<InvalidOperationException>(() => ChromaServiceAddress.Resolve(Config(("services:log:grpc:0", "not a uri")), "log"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WriteClientsLoseTheHostsResilienceHandlersAndReadClientsKeepThem(bool defaultsFirst)
    {
        var services = new ServiceCollection();
        services.AddSingleton(Config());
        // What ServiceDefaults does for every HttpClient of a host, before or after our registration.
        if (defaultsFirst) services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        services.AddChromaSysDbClient().AddChromaLogClient().AddChromaQueryClient();
        if (!defaultsFirst) services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        using ServiceProvider provider = services.BuildServiceProvider();
        var handlers = provider.GetRequiredService<IHttpMessageHandlerFactory>();

        foreach (string service in new[] { "sysdb", "log" })
        {
            Assert.False(HasResilience(handlers.CreateHandler(ChromaGrpcClientExtensions.WritesName(service))), service);
            Assert.True(HasResilience(handlers.CreateHandler(ChromaGrpcClientExtensions.ReadsName(service))), service);
        }

        Assert.True(HasResilience(handlers.CreateHandler(ChromaGrpcClientExtensions.ReadsName("query"))));
    }

    [Fact]
    public void EveryEngineInterfaceResolvesToItsGrpcClient()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Config(("services:sysdb:grpc:0", "http://127.0.0.1:1"), ("services:log:grpc:0", "http://127.0.0.1:2"), ("services:query:grpc:0", "http://127.0.0.1:3")));
        services.AddChromaSysDbClient().AddChromaLogClient().AddChromaQueryClient();
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.IsType<GrpcCatalogClient>(provider.GetRequiredService<Core.Catalog.ICatalog>());
        Assert.IsType<GrpcLogClient>(provider.GetRequiredService<Core.Log.IWriteAheadLog>());
        Assert.Same(provider.GetRequiredService<Core.Log.IWriteAheadLog>(), provider.GetRequiredService<Log.ILogCompactionSource>());
        Assert.IsType<GrpcRecordReaderClient>(provider.GetRequiredService<Core.Execution.IRecordReader>());
    }

    private static bool HasResilience(HttpMessageHandler handler)
    {
        for (HttpMessageHandler? current = handler; current is DelegatingHandler delegating; current = delegating.InnerHandler)
        {
            if (delegating is ResilienceHandler) return true;
        }

        return false;
    }
}
