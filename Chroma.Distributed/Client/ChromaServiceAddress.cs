using Microsoft.Extensions.Configuration;

namespace Chroma.Distributed.Client;

/// <summary>
/// Where a named service's gRPC endpoint is. The one seam between our clients and the way the
/// host learns addresses:
/// <list type="bullet">
/// <item>Aspire's convention (and our AppHost's) injects <c>services__{name}__grpc__0</c>, read
///   from configuration as <c>services:{name}:grpc:0</c>: used as is when present.</item>
/// <item>otherwise <c>http://_grpc.{name}</c>, the name Microsoft.Extensions.ServiceDiscovery
///   resolves to the endpoint called "grpc" when the host enabled service discovery on its
///   HttpClients (ServiceDefaults does).</item>
/// </list>
/// </summary>
public static class ChromaServiceAddress
{
    public const string EndpointName = "grpc";

    public static string ConfigurationKey(string serviceName) => $"services:{serviceName}:{EndpointName}:0";

    public static Uri Resolve(IConfiguration configuration, string serviceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        string? configured = configuration[ConfigurationKey(serviceName)];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!Uri.TryCreate(configured, UriKind.Absolute, out Uri? address))
            {
                throw new InvalidOperationException($"Configuration '{ConfigurationKey(serviceName)}' is not an absolute URI: '{configured}'.");
            }

            return address;
        }

        return new Uri($"http://_{EndpointName}.{serviceName}");
    }
}
