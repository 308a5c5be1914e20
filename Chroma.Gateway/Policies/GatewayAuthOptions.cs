namespace Chroma.Gateway.Policies;

/// <summary>Authentication, section <c>Chroma:Auth</c>. Off by default in single node, as in Chroma.</summary>
public sealed class GatewayAuthOptions
{
    public bool Enabled { get; set; }

    /// <summary>How long a key lookup (found or not) is reused; a deleted key stops working within this time on other gateways.</summary>
    public double CacheSeconds { get; set; } = 10;

    /// <summary>Keys upserted into the key store at start-up.</summary>
    public List<ConfiguredApiKey> Keys { get; set; } = [];
}
