using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace Chroma.Gateway.Routing;

/// <summary>
/// The distributed gateway's YARP configuration, in code: which service owns which Chroma route
/// (API.md §4) and how each cluster finds and watches its replicas.
/// <list type="bullet">
/// <item>log: the record writes (add, update, upsert, delete, conditional commit), rendezvous by collection.</item>
/// <item>query: the record reads (get, query, count, indexing_status, search, conditional get), rendezvous by collection.</item>
/// <item>sysdb: tenants, databases, collections, reset, and every other path (v1 tombstone, openapi, unknown
/// routes), so those answer exactly as the owning service's endpoint routing does.</item>
/// </list>
/// The gateway itself answers heartbeat, version, pre-flight-checks, healthcheck, auth/identity,
/// /health and /alive. Record routes match on path alone: the owning service checks the method, so a
/// wrong method answers 405 as on a single node instead of falling through to the SysDb's 404.
/// </summary>
internal static class ChromaProxyConfig
{
    public const string CollectionPrefix = "/api/v2/tenants/{tenant}/databases/{database}/collections/{" + CollectionRendezvousPolicy.CollectionRouteValue + "}";

    private static readonly string[] LogRoutes = ["add", "update", "upsert", "delete", "conditional/commit"];
    private static readonly string[] QueryRoutes = ["get", "query", "count", "indexing_status", "search", "conditional/get"];

    public static IReadOnlyList<RouteConfig> Routes(DistributedGatewayOptions options)
    {
        var routes = new List<RouteConfig>(LogRoutes.Length + QueryRoutes.Length + 3);
        foreach (string operation in LogRoutes)
            routes.Add(Route("log-" + operation.Replace('/', '-'), options.LogService, CollectionPrefix + "/" + operation));
        foreach (string operation in QueryRoutes)
            routes.Add(Route("query-" + operation.Replace('/', '-'), options.QueryService, CollectionPrefix + "/" + operation));

        // The gateway maps the other system routes itself, including a POST /api/v2/reset that would
        // need a local catalog: a lower Order makes this route win over it.
        routes.Add(Route("sysdb-reset", options.SysDbService, "/api/v2/reset") with
        {
            Order = -1,
            Match = new RouteMatch { Path = "/api/v2/reset", Methods = ["POST"] },
        });
        routes.Add(Route("sysdb-catalog", options.SysDbService, "/api/v2/tenants/{**rest}"));
        // Lowest priority: anything no other route or gateway endpoint claims.
        routes.Add(Route("sysdb-fallback", options.SysDbService, "/{**rest}") with { Order = int.MaxValue });
        return routes;
    }

    public static IReadOnlyList<ClusterConfig> Clusters(DistributedGatewayOptions options) =>
    [
        Cluster(options.SysDbService, options, LoadBalancingPolicies.PowerOfTwoChoices),
        Cluster(options.LogService, options, CollectionRendezvousPolicy.PolicyName),
        Cluster(options.QueryService, options, CollectionRendezvousPolicy.PolicyName),
    ];

    private static RouteConfig Route(string routeId, string clusterId, string path) => new()
    {
        RouteId = routeId,
        ClusterId = clusterId,
        Match = new RouteMatch { Path = path },
    };

    private static ClusterConfig Cluster(string serviceName, DistributedGatewayOptions options, string loadBalancingPolicy) => new()
    {
        ClusterId = serviceName,
        LoadBalancingPolicy = loadBalancingPolicy,
        // One destination naming the service; ServiceDiscoveryDestinationResolver expands it into replicas.
        Destinations = new Dictionary<string, DestinationConfig>
        {
            [serviceName] = new DestinationConfig { Address = "http://" + serviceName },
        },
        HealthCheck = new HealthCheckConfig
        {
            Active = new ActiveHealthCheckConfig
            {
                Enabled = true,
                Interval = options.HealthCheckInterval,
                Timeout = options.HealthCheckTimeout,
                Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                Path = options.HealthCheckPath,
            },
            Passive = new PassiveHealthCheckConfig
            {
                Enabled = true,
                Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                ReactivationPeriod = options.PassiveReactivationPeriod,
            },
            // If every replica looks dead, try them all rather than fail every request at the gateway.
            AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyOrPanic,
        },
        Metadata = new Dictionary<string, string>
        {
            [ConsecutiveFailuresHealthPolicyOptions.ThresholdMetadataName] =
                options.ConsecutiveFailuresThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };
}
