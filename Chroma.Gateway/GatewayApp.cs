using System.Net;
using Chroma.Api;
using Chroma.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Chroma.Gateway;

/// <summary>Builds the single-node server: the local engine behind Chroma's HTTP API.</summary>
public static class GatewayApp
{
    /// <summary>Chroma's default request body limit.</summary>
    public const long MaxRequestBodyBytes = 40L * 1024 * 1024;

    public static async Task<WebApplication> BuildAsync(GatewayOptions options, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.Listen(ResolveAddress(options.Host), options.Port, listen => listen.Protocols = HttpProtocols.Http1AndHttp2);
        });

        await builder.Services.AddChromaEngineAsync(new ChromaEngineOptions
        {
            Path = Path.GetFullPath(options.DataPath),
            AllowReset = options.AllowReset,
        }, ct);

        var app = builder.Build();
        app.MapChromaApi();
        return app;
    }

    private static IPAddress ResolveAddress(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        "*" or "+" => IPAddress.Any,
        _ when IPAddress.TryParse(host, out var address) => address,
        _ => throw new ArgumentException($"--host expects an IP address or 'localhost', got '{host}'"),
    };
}
