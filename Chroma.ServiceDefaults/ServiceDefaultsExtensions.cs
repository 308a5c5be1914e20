using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

// Aspire's ServiceDefaults template puts these extensions in Microsoft.Extensions.Hosting so a
// host's Program.cs calls builder.AddServiceDefaults() with no extra using; we keep that shape.
namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Chroma service host adds first: OpenTelemetry, health checks, service discovery and
/// HttpClient resilience (the shape of Aspire's ServiceDefaults template), and
/// <see cref="MapDefaultEndpoints"/> for <c>/health</c> and <c>/alive</c>.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Readiness: every registered health check must pass. The gateway's active health checks probe it.</summary>
    public const string HealthEndpointPath = "/health";

    /// <summary>Liveness: only checks tagged <see cref="LiveTag"/> (the process answers at all).</summary>
    public const string AlivenessEndpointPath = "/alive";

    public const string LiveTag = "live";

    /// <summary>Activity sources and meters of our own code are named <c>Chroma.*</c>; all are exported.</summary>
    public const string TelemetryNamePattern = "Chroma.*";

    /// <summary>
    /// OpenTelemetry, default health checks, service discovery, and for every HttpClient from the
    /// factory: service discovery plus the standard resilience handler (which retries). Clients that
    /// send non-idempotent writes must opt out with
    /// <see cref="ChromaHttpClientExtensions.AddChromaWriteClient"/> or
    /// <see cref="ChromaHttpClientExtensions.WithoutRetries"/>.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>
    /// Traces (ASP.NET Core, HttpClient, gRPC client, our own <c>Chroma.*</c> sources), metrics
    /// (ASP.NET Core, HttpClient, runtime, <c>Chroma.*</c> meters) and logs. Context travels between
    /// services as W3C trace context (<c>traceparent</c>/<c>tracestate</c>), the default propagator of
    /// both .NET and the OpenTelemetry SDK, so one trace spans gateway -> service -> service. The OTLP
    /// exporter is added only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the AppHost sets it when a
    /// collector or dashboard runs); without it nothing leaves the process.
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(TelemetryNamePattern))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName, TelemetryNamePattern)
                // Health probes every few seconds from the gateway would drown the real traffic.
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = static context => !IsHealthProbe(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddGrpcClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>A "self" check tagged live: the process is up. Hosts add their own readiness checks (database, blob store).</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", static () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (ready: all checks) and <c>/alive</c> (live: checks tagged "live"). Unlike the
    /// Aspire template these are mapped in every environment: the gateway's active health checks and the
    /// AppHost's WaitFor depend on them. They reveal nothing but "Healthy"/"Unhealthy".
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = static registration => registration.Tags.Contains(LiveTag),
        });
        return app;
    }

    private static bool IsHealthProbe(PathString path) =>
        path.StartsWithSegments(HealthEndpointPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(AlivenessEndpointPath, StringComparison.OrdinalIgnoreCase);
}
