using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace Chroma.Gateway.Routing;

/// <summary>Builds the gateway of the distributed mode: no engine in process, every Chroma route proxied.</summary>
public static class DistributedGatewayApp
{
    /// <summary>True when the process environment wires the SysDb service (see <see cref="DistributedGatewayExtensions.IsDistributedGatewayConfigured"/>).</summary>
    public static bool IsRequested() =>
        new ConfigurationBuilder().AddEnvironmentVariables().Build().IsDistributedGatewayConfigured();

    /// <summary>
    /// Listens where <c>ASPNETCORE_URLS</c> says when it is set (an AppHost's choice), else on
    /// <see cref="GatewayOptions.Host"/>:<see cref="GatewayOptions.Port"/>.
    /// </summary>
    public static WebApplication Build(GatewayOptions options, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder();
        configure?.Invoke(builder.Configuration);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        bool urlsConfigured = !string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = GatewayApp.MaxRequestBodyBytes;
            if (!urlsConfigured)
            {
                IPAddress address = options.Host switch
                {
                    "localhost" => IPAddress.Loopback,
                    "*" or "+" => IPAddress.Any,
                    _ => IPAddress.Parse(options.Host),
                };
                kestrel.Listen(address, options.Port, listen => listen.Protocols = HttpProtocols.Http1AndHttp2);
            }
        });

        builder.AddChromaDistributedGateway();
        var app = builder.Build();
        app.MapChromaDistributedGateway();
        return app;
    }
}
