using System.Net;
using Chroma.Gateway.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.ServiceDiscovery;
using Yarp.ReverseProxy.Configuration;

namespace Chroma.Gateway.Tests;

public class ServiceDiscoveryDestinationResolverTests
{
    private static readonly Dictionary<string, DestinationConfig> QueryCluster = new()
    {
        ["query"] = new DestinationConfig { Address = "http://query", Health = null },
    };

    private static (ServiceProvider Services, IConfigurationRoot Configuration) Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddServiceDiscovery()
            .BuildServiceProvider();
        return (services, configuration);
    }

    [Fact]
    public async Task EveryReplicaBecomesADestinationKeyedByItsAddress()
    {
        var (services, _) = Build(new()
        {
            ["services:query:http:0"] = "http://127.0.0.1:5001",
            ["services:query:http:1"] = "http://127.0.0.1:5002",
        });
        await using var _ = services;
        var resolver = new ServiceDiscoveryDestinationResolver(services.GetRequiredService<ServiceEndpointResolver>());

        var resolved = await resolver.ResolveDestinationsAsync(QueryCluster, CancellationToken.None);

        Assert.Equal(["http://127.0.0.1:5001/", "http://127.0.0.1:5002/"], resolved.Destinations.Keys.Order(StringComparer.Ordinal));
        Assert.All(resolved.Destinations, pair => Assert.Equal(pair.Key, pair.Value.Address));
        Assert.NotNull(resolved.ChangeToken);
    }

    [Fact]
    public async Task ChangedEndpointsSignalTheChangeToken()
    {
        var (services, configuration) = Build(new() { ["services:query:http:0"] = "http://127.0.0.1:5001" });
        await using var _ = services;
        var resolver = new ServiceDiscoveryDestinationResolver(services.GetRequiredService<ServiceEndpointResolver>());
        var first = await resolver.ResolveDestinationsAsync(QueryCluster, CancellationToken.None);
        Assert.Single(first.Destinations);

        configuration["services:query:http:1"] = "http://127.0.0.1:5002";
        configuration.Reload();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!first.ChangeToken!.HasChanged)
        {
            Assert.True(DateTime.UtcNow < deadline, "the change token never fired");
            await Task.Yield();
        }

        var second = await resolver.ResolveDestinationsAsync(QueryCluster, CancellationToken.None);
        Assert.Equal(2, second.Destinations.Count);
    }

    [Theory]
    [InlineData("http://query", "10.1.2.3", 8080, "http://10.1.2.3:8080/")]
    [InlineData("https+http://query", "10.1.2.3", 8443, "https://10.1.2.3:8443/")]
    public void IpEndpointsTakeTheConfiguredScheme(string configured, string ip, int port, string expected)
    {
        Assert.Equal(expected, ServiceDiscoveryDestinationResolver.ToAddress(new IPEndPoint(IPAddress.Parse(ip), port), new Uri(configured)));
    }

    [Fact]
    public void DnsEndpointsKeepTheirHostName()
    {
        Assert.Equal("http://query-1.internal:8080/", ServiceDiscoveryDestinationResolver.ToAddress(new DnsEndPoint("query-1.internal", 8080), new Uri("http://query")));
    }
}
