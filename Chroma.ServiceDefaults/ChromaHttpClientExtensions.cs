using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// HttpClients for non-idempotent calls. <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/> gives
/// every factory client the standard resilience handler, whose retry would resend a write whose first
/// attempt may already be durable in the log (a timeout says nothing about whether the server
/// committed): the record batch would then be appended twice. Write clients therefore keep the
/// timeouts and the circuit breaker but never retry.
/// <para>
/// gRPC clients are factory clients too (<c>AddGrpcClient</c>), so they inherit the standard handler
/// from the defaults: a gRPC client that writes (log push, compaction offset, SysDb version
/// registration) must call <see cref="WithoutRetries"/> on its builder; read-only gRPC clients may keep
/// the retries.
/// </para>
/// </summary>
public static class ChromaHttpClientExtensions
{
    /// <summary>Name of the resilience pipeline that <see cref="WithoutRetries"/> installs.</summary>
    public const string NoRetryPipelineName = "chroma-no-retry";

    /// <summary>
    /// A named HttpClient for writes to <paramref name="serviceAddress"/> (a service-discovery address such
    /// as <c>http://log</c>): service discovery, total and per-attempt timeouts, a circuit breaker, no retry.
    /// </summary>
    public static IHttpClientBuilder AddChromaWriteClient(this IServiceCollection services, string name, Uri serviceAddress)
    {
        ArgumentNullException.ThrowIfNull(serviceAddress);
        return services.AddHttpClient(name, client => client.BaseAddress = serviceAddress).WithoutRetries();
    }

    /// <summary>
    /// Replaces whatever resilience handlers the client has (including the standard one from the
    /// defaults) with a pipeline that has no retry and no hedging: a total timeout, a circuit breaker
    /// and an attempt timeout, in the standard handler's order and with its default durations.
    /// </summary>
    public static IHttpClientBuilder WithoutRetries(this IHttpClientBuilder builder)
    {
        var defaults = new HttpStandardResilienceOptions();
        // RemoveAllResilienceHandlers is marked experimental (EXTEXP0001) but is the only way to undo a
        // handler added by ConfigureHttpClientDefaults; if it changes, only this line needs to follow.
#pragma warning disable EXTEXP0001
        builder.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.AddResilienceHandler(NoRetryPipelineName, pipeline => pipeline
            .AddTimeout(defaults.TotalRequestTimeout)
            .AddCircuitBreaker(defaults.CircuitBreaker)
            .AddTimeout(defaults.AttemptTimeout));
        return builder;
    }
}
