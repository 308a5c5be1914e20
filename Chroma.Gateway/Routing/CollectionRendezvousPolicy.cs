using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Chroma.Gateway.Routing;

/// <summary>
/// YARP load balancing for the log and query clusters: a collection-scoped request goes to the
/// rendezvous owner of its collection id among the destinations YARP hands us as available (health
/// checks have already removed the dead ones), so a collection's reads hit one warm cache and its
/// writes one log writer, and when that node dies only its collections move. Requests without a
/// collection id are spread round-robin.
/// </summary>
public sealed class CollectionRendezvousPolicy : ILoadBalancingPolicy
{
    public const string PolicyName = "CollectionRendezvous";

    /// <summary>Route parameter holding the collection id in every collection-scoped route template.</summary>
    public const string CollectionRouteValue = "collection";

    private const int CanonicalGuidLength = 36;

    private uint _roundRobin;

    public string Name => PolicyName;

    public DestinationState? PickDestination(HttpContext context, ClusterState cluster, IReadOnlyList<DestinationState> availableDestinations)
    {
        int count = availableDestinations.Count;
        if (count == 0) return null;
        if (count == 1) return availableDestinations[0];

        if (context.Request.RouteValues.TryGetValue(CollectionRouteValue, out object? value) && value is string collection && collection.Length > 0)
        {
            return availableDestinations[PickOwner(availableDestinations, collection)];
        }

        uint next = Interlocked.Increment(ref _roundRobin);
        return availableDestinations[(int)(next % (uint)count)];
    }

    /// <summary>
    /// Index of the owner of <paramref name="collection"/>. A UUID is hashed in its canonical lowercase
    /// form so that differently cased spellings of one id land on the same log writer; anything else is
    /// hashed as sent (the owning service rejects it anyway).
    /// </summary>
    internal static int PickOwner(IReadOnlyList<DestinationState> destinations, string collection)
    {
        Span<char> canonical = stackalloc char[CanonicalGuidLength];
        scoped ReadOnlySpan<char> key = collection;
        if (Guid.TryParse(collection, out Guid id) && id.TryFormat(canonical, out int written, "D"))
        {
            key = canonical[..written];
        }

        int best = 0;
        ulong bestScore = RendezvousHash.Score(destinations[0].DestinationId, key);
        for (int i = 1; i < destinations.Count; i++)
        {
            ulong score = RendezvousHash.Score(destinations[i].DestinationId, key);
            if (score > bestScore || (score == bestScore && string.CompareOrdinal(destinations[i].DestinationId, destinations[best].DestinationId) < 0))
            {
                best = i;
                bestScore = score;
            }
        }

        return best;
    }
}
