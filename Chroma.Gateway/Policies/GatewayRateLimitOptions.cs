namespace Chroma.Gateway.Policies;

/// <summary>
/// Token buckets, section <c>Chroma:RateLimit</c>. On by default with generous numbers: they only
/// stop one runaway client from starving the others. Without auth the "key" is the client address.
/// </summary>
public sealed class GatewayRateLimitOptions
{
    public bool Enabled { get; set; } = true;

    public int TenantRequestsPerSecond { get; set; } = 2000;
    public int TenantBurst { get; set; } = 4000;

    public int KeyRequestsPerSecond { get; set; } = 1000;
    public int KeyBurst { get; set; } = 2000;

    internal void Validate()
    {
        if (TenantRequestsPerSecond < 1 || TenantBurst < 1 || KeyRequestsPerSecond < 1 || KeyBurst < 1)
            throw new ArgumentException("Chroma:RateLimit: rates and bursts must be at least 1");
    }
}
