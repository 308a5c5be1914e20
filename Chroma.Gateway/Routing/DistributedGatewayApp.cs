using Chroma.Gateway.Policies;
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
    /// Listens where <c>ASPNETCORE_URLS</c> or <c>Kestrel:Endpoints</c> say when set (an AppHost's choice), else on
    /// <see cref="GatewayOptions.Host"/>:<see cref="GatewayOptions.Port"/>.
    /// </summary>
    public static WebApplication Build(GatewayOptions options, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder();
        configure?.Invoke(builder.Configuration);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (options.Auth) builder.Configuration["Chroma:Auth:Enabled"] = "true";
        var policies = Policies.GatewayPolicyOptions.FromConfiguration(builder.Configuration);
        // An AppHost sets either ASPNETCORE_URLS or Kestrel__Endpoints__<name>__Url (ours does the latter);
        // listening on the default port as well would bind a second, unexpected address.
        bool urlsConfigured = !string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
            || builder.Configuration.GetSection("Kestrel:Endpoints").Exists();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = policies.Quotas.LargestRequestBodyBytes();
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
        // Policies (before the proxy): pre-flight reports the configured batch size.
        builder.Services.AddSingleton(new Chroma.Api.ChromaApiOptions { MaxBatchSize = policies.Quotas.MaxBatchSize });
        builder.Services.AddChromaGatewayPolicies(policies, _ => DistributedKeyStore(builder.Configuration));
        var app = builder.Build();
        app.UseChromaGatewayPolicies();
        app.MapChromaDistributedGateway();
        return app;
    }

    /// <summary>
    /// Stopgap until the PostgreSQL key store is wired: keys in a SQLite file at
    /// <c>Chroma:Auth:KeyStorePath</c> (default ./chroma-gateway/chroma.sqlite3), right for one
    /// gateway replica; several replicas need the shared PostgreSQL store.
    /// </summary>
    private static Chroma.Core.Catalog.Keys.IApiKeyStore DistributedKeyStore(IConfiguration configuration) =>
        Chroma.Core.Catalog.Keys.SqliteApiKeyStore.Open(Path.GetFullPath(
            configuration["Chroma:Auth:KeyStorePath"] ?? Path.Combine("chroma-gateway", "chroma.sqlite3")));
}
