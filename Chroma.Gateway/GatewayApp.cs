using System.Net;
using Chroma.Api;
using Chroma.Core;
using Chroma.Core.Catalog.Keys;
using Chroma.Distributed.Execution;
using Chroma.Gateway.Policies;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Chroma.Gateway;

/// <summary>Builds the single-node server: the local engine behind Chroma's HTTP API.</summary>
public static class GatewayApp
{
    public static async Task<WebApplication> BuildAsync(GatewayOptions options, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (options.Auth) builder.Configuration["Chroma:Auth:Enabled"] = "true";
        var policies = GatewayPolicyOptions.FromConfiguration(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The largest tenant limit; the policies apply each tenant's own before reading.
            kestrel.Limits.MaxRequestBodySize = policies.Quotas.LargestRequestBodyBytes();
            // HTTP/1.1 only: on a cleartext port Kestrel cannot offer HTTP/2 next to HTTP/1.1 (that
            // needs TLS negotiation), so asking for both only logged a warning at every start.
            kestrel.Listen(ResolveAddress(options.Host), options.Port, listen => listen.Protocols = HttpProtocols.Http1);
        });

        // Socket reads and writes go straight to the thread pool instead of through Kestrel's I/O
        // queues: one hand-off less per request. Two servers interleaved on the same data, 12 rounds
        // of 400 queries each, twice with the order swapped: 5 % less server CPU per query.
        builder.WebHost.UseSockets(sockets => sockets.IOQueueCount = 0);
        await builder.Services.AddChromaEngineAsync(new ChromaEngineOptions
        {
            Path = Path.GetFullPath(options.DataPath),
            AllowReset = options.AllowReset,
            SegmentCacheBytes = SegmentCacheBudget.Configured(builder.Configuration),
            // The engine opens before the host's logging exists: recovery notices (a torn log tail
            // cut) and background compaction failures go to standard error.
            Log = static message => Console.Error.WriteLine($"{DateTime.UtcNow:O} chroma-engine: {message}"),
        }, ct, policies.Quotas);
        string catalogFile = Path.Combine(Path.GetFullPath(options.DataPath), "chroma.sqlite3");
        builder.Services.AddChromaGatewayPolicies(policies, _ => SqliteApiKeyStore.Open(catalogFile));

        var app = builder.Build();
        app.UseChromaGatewayPolicies();
        app.MapChromaApi();
        return app;
    }

    internal static IPAddress ResolveAddress(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        "*" or "+" => IPAddress.Any,
        _ when IPAddress.TryParse(host, out var address) => address,
        _ => throw new ArgumentException($"--host expects an IP address or 'localhost', got '{host}'"),
    };
}
