using Chroma.Distributed.Postgres;
using Chroma.Gateway.Policies;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace Chroma.Gateway.Routing;

/// <summary>Builds the gateway of the distributed mode: no engine in process, every Chroma route proxied.</summary>
public static class DistributedGatewayApp
{
    /// <summary>Connection string name of the catalog database that holds the API keys (the AppHost's <c>AddDatabase("chromadb")</c>).</summary>
    public const string KeyStoreConnectionName = "chromadb";

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
                kestrel.Listen(GatewayApp.ResolveAddress(options.Host), options.Port, listen => listen.Protocols = HttpProtocols.Http1AndHttp2);
            }
        });

        builder.AddChromaDistributedGateway();
        // Policies (before the proxy): pre-flight reports the configured batch size.
        builder.Services.AddSingleton(new Chroma.Api.ChromaApiOptions { Quotas = policies.Quotas });
        // Read before the host is built so a gateway with auth on and no catalog fails at start, not at the first request.
        string? keyStoreConnection = policies.Auth.Enabled ? KeyStoreConnectionString(builder.Configuration) : null;
        builder.Services.AddChromaGatewayPolicies(policies, _ => PostgresApiKeyStore.Create(keyStoreConnection!));
        var app = builder.Build();
        app.UseChromaGatewayPolicies();
        app.MapChromaDistributedGateway();
        return app;
    }

    /// <summary>
    /// The keys live in the catalog's PostgreSQL database, read directly rather than through the SysDb's gRPC
    /// service: one table and one store implementation, shared by every gateway replica, with no new RPC on the
    /// path of a cache miss. The SysDb owns the schema (its migrations create <c>api_keys</c>), so the gateway
    /// waits for the SysDb and never migrates.
    /// </summary>
    private static string KeyStoreConnectionString(IConfiguration configuration)
    {
        string? connectionString = configuration.GetConnectionString(KeyStoreConnectionName);
        if (string.IsNullOrEmpty(connectionString))
        {
            throw new InvalidOperationException(
                $"Chroma:Auth:Enabled is true but ConnectionStrings:{KeyStoreConnectionName} (the PostgreSQL catalog that holds the API keys) is not configured.");
        }

        return connectionString;
    }
}
