using System.Net;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.ServiceDiscovery;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace Chroma.Gateway.Routing;

/// <summary>
/// Expands each configured destination whose address names a service (<c>http://query</c>) into one
/// destination per replica endpoint that Microsoft.Extensions.ServiceDiscovery resolves (from
/// <c>services__query__http__0..n</c> in Aspire's wiring, DNS otherwise). YARP 2.3 does not consult
/// service discovery itself. The returned change token fires when the endpoints change, and YARP then
/// resolves again, so replicas that come and go are picked up without a restart.
/// <para>
/// A resolved destination's id is its address (<c>http://10.0.0.5:8080/</c>), not a replica index:
/// the rendezvous policy hashes the id, so it must be stable when other replicas disappear and the
/// same in every gateway replica.
/// </para>
/// </summary>
public sealed class ServiceDiscoveryDestinationResolver(ServiceEndpointResolver resolver) : IDestinationResolver
{
    public async ValueTask<ResolvedDestinationCollection> ResolveDestinationsAsync(
        IReadOnlyDictionary<string, DestinationConfig> destinations, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, DestinationConfig>(StringComparer.Ordinal);
        var changeTokens = new List<IChangeToken>(destinations.Count);
        foreach (var (_, destination) in destinations)
        {
            var configured = new Uri(destination.Address, UriKind.Absolute);
            string serviceName = configured.GetLeftPart(UriPartial.Authority);
            ServiceEndpointSource source = await resolver.GetEndpointsAsync(serviceName, cancellationToken).ConfigureAwait(false);
            changeTokens.Add(source.ChangeToken);

            foreach (ServiceEndpoint endpoint in source.Endpoints)
            {
                string address = ToAddress(endpoint.EndPoint, configured);
                resolved[address] = destination with { Address = address };
            }
        }

        return new ResolvedDestinationCollection(resolved, new CompositeChangeToken(changeTokens));
    }

    /// <summary>The replica's scheme, host and port, with the configured address's path kept.</summary>
    internal static string ToAddress(EndPoint endPoint, Uri configured)
    {
        // "https+http://name" lets service discovery pick the scheme; a bare IP/DNS endpoint then takes the first one.
        string defaultScheme = configured.Scheme.Split('+')[0];
        var builder = new UriBuilder(configured);
        switch (endPoint)
        {
            case UriEndPoint uriEndPoint:
                builder.Scheme = uriEndPoint.Uri.Scheme;
                builder.Host = uriEndPoint.Uri.Host;
                builder.Port = uriEndPoint.Uri.Port;
                break;
            case IPEndPoint ip:
                builder.Scheme = defaultScheme;
                builder.Host = ip.Address.ToString();
                builder.Port = ip.Port;
                break;
            case DnsEndPoint dns:
                builder.Scheme = defaultScheme;
                builder.Host = dns.Host;
                builder.Port = dns.Port;
                break;
            default:
                throw new InvalidOperationException($"Service discovery returned an endpoint of unsupported type {endPoint.GetType().Name} for '{configured}'.");
        }

        return builder.Uri.ToString();
    }
}
