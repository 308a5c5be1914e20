using System.Threading.RateLimiting;

namespace Chroma.Gateway.Policies;

/// <summary>
/// Two partitioned token buckets: one per tenant (all its keys together) and one per key (or per
/// client address when auth is off). A request takes one token from each; the key's bucket is
/// tried first so a noisy key is refused before it drains its tenant's shared bucket.
/// </summary>
public sealed class GatewayRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _tenants;
    private readonly PartitionedRateLimiter<string> _keys;

    public GatewayRateLimiter(GatewayRateLimitOptions options)
    {
        _tenants = Create(options.TenantRequestsPerSecond, options.TenantBurst);
        _keys = Create(options.KeyRequestsPerSecond, options.KeyBurst);
    }

    /// <summary>Null when admitted, else how long to wait before retrying.</summary>
    public TimeSpan? TryAcquire(string tenant, string key)
    {
        using (RateLimitLease lease = _keys.AttemptAcquire(key))
        {
            if (!lease.IsAcquired) return RetryAfter(lease);
        }

        using (RateLimitLease lease = _tenants.AttemptAcquire(tenant))
        {
            if (!lease.IsAcquired) return RetryAfter(lease);
        }

        return null;
    }

    public void Dispose()
    {
        _tenants.Dispose();
        _keys.Dispose();
    }

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromSeconds(1);

    private static PartitionedRateLimiter<string> Create(int perSecond, int burst)
    {
        // Refill every 100 ms (smoother than once a second); at least one token per period.
        int perPeriod = Math.Max(1, perSecond / 10);
        var period = TimeSpan.FromMilliseconds(100.0 * perPeriod * 10 / perSecond);
        return PartitionedRateLimiter.Create<string, string>(partition => RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        }), StringComparer.Ordinal);
    }
}
