using Chroma.Gateway.Routing;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Model;

namespace Chroma.Gateway.Tests;

public class CollectionRendezvousPolicyTests
{
    private static readonly ClusterState Cluster = new("query");

    private static DestinationState[] Destinations(int count)
    {
        var destinations = new DestinationState[count];
        for (int i = 0; i < count; i++) destinations[i] = new DestinationState($"http://10.0.0.{i + 1}:8080/");
        return destinations;
    }

    private static HttpContext Request(string? collection)
    {
        var context = new DefaultHttpContext();
        if (collection is not null) context.Request.RouteValues[CollectionRendezvousPolicy.CollectionRouteValue] = collection;
        return context;
    }

    private static List<string> CollectionIds(int count)
    {
        var random = new Random(1234);
        var ids = new List<string>(count);
        var bytes = new byte[16];
        for (int i = 0; i < count; i++)
        {
            random.NextBytes(bytes);
            ids.Add(new Guid(bytes).ToString());
        }

        return ids;
    }

    private static string Owner(CollectionRendezvousPolicy policy, IReadOnlyList<DestinationState> available, string collection) =>
        policy.PickDestination(Request(collection), Cluster, available)!.DestinationId;

    [Fact]
    public void SameCollectionAlwaysPicksSameDestinationWhateverTheOrder()
    {
        var policy = new CollectionRendezvousPolicy();
        var destinations = Destinations(5);
        var reversed = destinations.Reverse().ToArray();
        foreach (string id in CollectionIds(200))
        {
            string owner = Owner(policy, destinations, id);
            Assert.Equal(owner, Owner(policy, destinations, id));
            Assert.Equal(owner, Owner(policy, reversed, id));
            Assert.Equal(owner, Owner(new CollectionRendezvousPolicy(), destinations, id));
        }
    }

    [Fact]
    public void UuidCaseDoesNotChangeTheOwner()
    {
        var policy = new CollectionRendezvousPolicy();
        var destinations = Destinations(4);
        foreach (string id in CollectionIds(100))
            Assert.Equal(Owner(policy, destinations, id), Owner(policy, destinations, id.ToUpperInvariant()));
    }

    [Fact]
    public void CollectionsSpreadEvenlyOverDestinations()
    {
        var policy = new CollectionRendezvousPolicy();
        var destinations = Destinations(3);
        var counts = new Dictionary<string, int>();
        foreach (string id in CollectionIds(3000))
        {
            string owner = Owner(policy, destinations, id);
            counts[owner] = counts.GetValueOrDefault(owner) + 1;
        }

        Assert.Equal(3, counts.Count);
        // Expected 1000 each, standard deviation about 26: 800..1200 is far beyond chance.
        Assert.All(counts.Values, count => Assert.InRange(count, 800, 1200));
    }

    [Fact]
    public void RemovingADestinationMovesOnlyItsCollections()
    {
        var policy = new CollectionRendezvousPolicy();
        var all = Destinations(4);
        var removed = all[2];
        var remaining = all.Where(d => d != removed).ToArray();
        int moved = 0;
        foreach (string id in CollectionIds(2000))
        {
            string before = Owner(policy, all, id);
            string after = Owner(policy, remaining, id);
            if (before == removed.DestinationId)
            {
                Assert.NotEqual(removed.DestinationId, after);
                moved++;
            }
            else
            {
                Assert.Equal(before, after);
            }
        }

        Assert.InRange(moved, 350, 650); // about a quarter of 2000
    }

    [Fact]
    public void UnavailableOwnerIsSkippedForTheNextHighestScore()
    {
        var policy = new CollectionRendezvousPolicy();
        var all = Destinations(3);
        foreach (string id in CollectionIds(100))
        {
            string owner = Owner(policy, all, id);
            var available = all.Where(d => d.DestinationId != owner).ToArray();
            string fallback = Owner(policy, available, id);
            Assert.NotEqual(owner, fallback);
            // The fallback is the destination with the highest score after the owner.
            string expected = available.OrderByDescending(d => RendezvousHash.Score(d.DestinationId, id)).First().DestinationId;
            Assert.Equal(expected, fallback);
        }
    }

    [Fact]
    public void RequestsWithoutCollectionAreSpreadRoundRobin()
    {
        var policy = new CollectionRendezvousPolicy();
        var destinations = Destinations(3);
        var counts = new Dictionary<string, int>();
        for (int i = 0; i < 30; i++)
        {
            string id = policy.PickDestination(Request(null), Cluster, destinations)!.DestinationId;
            counts[id] = counts.GetValueOrDefault(id) + 1;
        }

        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, count => Assert.Equal(10, count));
    }

    [Fact]
    public void NoAvailableDestinationPicksNothing()
    {
        Assert.Null(new CollectionRendezvousPolicy().PickDestination(Request(Guid.NewGuid().ToString()), Cluster, []));
    }

    [Fact]
    public void ScoreSeparatesNodeIdFromKey()
    {
        Assert.NotEqual(RendezvousHash.Score("ab", "c"), RendezvousHash.Score("a", "bc"));
        Assert.Equal(RendezvousHash.Score("node", "key"), RendezvousHash.Score("node", "key"));
        string longKey = new('x', 1000); // past the stack buffer
        Assert.Equal(RendezvousHash.Score("node", longKey), RendezvousHash.Score("node", longKey));
        Assert.NotEqual(RendezvousHash.Score("node", longKey), RendezvousHash.Score("node", longKey + "y"));
    }
}
