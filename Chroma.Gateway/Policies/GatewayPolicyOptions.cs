using Chroma.Api.Policies;
using Chroma.Core.Catalog.Keys;

namespace Chroma.Gateway.Policies;

/// <summary>Everything the gateway policies read from configuration (sections Chroma:Auth, Chroma:RateLimit, Chroma:Quotas).</summary>
public sealed class GatewayPolicyOptions
{
    public GatewayAuthOptions Auth { get; init; } = new();
    public GatewayRateLimitOptions RateLimit { get; init; } = new();
    public ChromaQuotaOptions Quotas { get; init; } = new();

    public static GatewayPolicyOptions FromConfiguration(IConfiguration configuration)
    {
        var auth = new GatewayAuthOptions();
        configuration.GetSection("Chroma:Auth").Bind(auth);
        var rateLimit = new GatewayRateLimitOptions();
        configuration.GetSection("Chroma:RateLimit").Bind(rateLimit);
        rateLimit.Validate();
        var options = new GatewayPolicyOptions { Auth = auth, RateLimit = rateLimit, Quotas = ChromaQuotaOptions.FromConfiguration(configuration) };
        foreach (ConfiguredApiKey key in auth.Keys) _ = ToRecord(key, DateTimeOffset.UnixEpoch); // fail at start-up, not at first use
        return options;
    }

    /// <summary>The stored form of a configured key: its hash, never its token.</summary>
    public static ApiKeyRecord ToRecord(ConfiguredApiKey key, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(key.Token) || !ApiKeyScope.IsValidToken(key.Token))
            throw new ArgumentException("Chroma:Auth:Keys: every key needs a Token of printable ASCII (at most 512 characters)");
        if (key.Token.Length < 16)
            throw new ArgumentException("Chroma:Auth:Keys: a token must have at least 16 characters");
        if (string.IsNullOrEmpty(key.Tenant))
            throw new ArgumentException("Chroma:Auth:Keys: every key needs a Tenant ('*' for all tenants)");
        return new ApiKeyRecord
        {
            KeyId = ApiKeyToken.KeyIdOf(key.Token),
            TokenHash = ApiKeyToken.Hash(key.Token),
            Tenant = key.Tenant,
            Databases = ApiKeyScope.ParseDatabases(key.Databases),
            Role = ApiKeyScope.ParseRole(key.Role ?? "read"),
            Name = key.Name ?? "configuration",
            CreatedAt = now,
        };
    }
}
