using Chroma.Core.Catalog.Keys;

namespace Chroma.Gateway.Policies;

/// <summary>
/// Registration of the policies, identical in both modes: single node passes the SQLite key store
/// of its data folder, the distributed gateway the PostgreSQL one. Call
/// <see cref="UseChromaGatewayPolicies"/> before mapping Chroma routes or the reverse proxy.
/// </summary>
public static class GatewayPolicyExtensions
{
    public static IServiceCollection AddChromaGatewayPolicies(
        this IServiceCollection services, GatewayPolicyOptions options, Func<IServiceProvider, IApiKeyStore> keyStore)
    {
        services.AddSingleton(options);
        if (options.Auth.Enabled)
        {
            services.AddSingleton(keyStore);
            services.AddSingleton(sp => new ApiKeyAuthenticator(
                sp.GetRequiredService<IApiKeyStore>(), options.Auth, sp.GetService<TimeProvider>() ?? TimeProvider.System));
            services.AddHostedService<ApiKeyBootstrapService>();
        }

        if (options.RateLimit.Enabled) services.AddSingleton(new GatewayRateLimiter(options.RateLimit));
        return services;
    }

    public static IApplicationBuilder UseChromaGatewayPolicies(this IApplicationBuilder app) =>
        app.UseMiddleware<GatewayPolicyMiddleware>();
}
