using Chroma.Gateway.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Chroma.Gateway.Tests;

/// <summary>
/// The distributed gateway in process, in front of stand-in backends (1 sysdb, 2 log, 3 query), wired
/// exactly as the AppHost wires it: <c>services:&lt;name&gt;:http:&lt;i&gt;</c> configuration.
/// </summary>
internal sealed class DistributedCluster : IAsyncDisposable
{
    private readonly WebApplication _gateway;

    private DistributedCluster(WebApplication gateway, Backend sysDb, Backend[] log, Backend[] query, HttpClient client)
    {
        _gateway = gateway;
        SysDb = sysDb;
        Log = log;
        Query = query;
        Client = client;
    }

    public Backend SysDb { get; }
    public Backend[] Log { get; }
    public Backend[] Query { get; }
    public HttpClient Client { get; }

    public IEnumerable<Backend> All => Log.Concat(Query).Append(SysDb);

    public static async Task<DistributedCluster> StartAsync(Func<Backend, HttpContext, byte[], Task<bool>>? logHandler = null)
    {
        var sysDb = await Backend.StartAsync("sysdb-0");
        Backend[] log = [await Backend.StartAsync("log-0", logHandler), await Backend.StartAsync("log-1", logHandler)];
        Backend[] query = [await Backend.StartAsync("query-0"), await Backend.StartAsync("query-1"), await Backend.StartAsync("query-2")];

        var settings = new Dictionary<string, string?>
        {
            ["services:sysdb:http:0"] = sysDb.Url,
            // Probes are frequent so a stopped backend leaves within a second, but one slow probe on a
            // loaded machine must not take a live backend out (that would move its collections).
            ["Gateway:Routing:HealthCheckInterval"] = "00:00:00.100",
            ["Gateway:Routing:HealthCheckTimeout"] = "00:00:05",
            ["Gateway:Routing:ConsecutiveFailuresThreshold"] = "2",
        };
        for (int i = 0; i < log.Length; i++) settings[$"services:log:http:{i}"] = log[i].Url;
        for (int i = 0; i < query.Length; i++) settings[$"services:query:http:{i}"] = query[i].Url;

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        Assert.True(configuration.IsDistributedGatewayConfigured());

        var gateway = DistributedGatewayApp.Build(new GatewayOptions { Host = "127.0.0.1", Port = 0 }, builder => builder.AddInMemoryCollection(settings));
        await gateway.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(gateway.Urls.Single()) };
        return new DistributedCluster(gateway, sysDb, log, query, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _gateway.StopAsync();
        await _gateway.DisposeAsync();
        foreach (var backend in All) await backend.DisposeAsync();
    }
}
