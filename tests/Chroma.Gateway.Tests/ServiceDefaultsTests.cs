using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chroma.Gateway.Tests;

public class ServiceDefaultsTests
{
    private static async Task<WebApplication> StartAsync(Action<WebApplicationBuilder>? configure = null, Action<WebApplication>? map = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.AddServiceDefaults();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        map?.Invoke(app);
        await app.StartAsync();
        return app;
    }

    [Fact]
    public async Task HealthIsReadinessAndAliveIsLiveness()
    {
        // A failing readiness check (not tagged live) fails /health but not /alive.
        await using var app = await StartAsync(builder => builder.Services.AddHealthChecks()
            .AddCheck("database", static () => HealthCheckResult.Unhealthy("no database")));
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var health = await client.GetAsync(ServiceDefaultsExtensions.HealthEndpointPath);
        var alive = await client.GetAsync(ServiceDefaultsExtensions.AlivenessEndpointPath);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal("Healthy", await alive.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WriteClientSendsAFailedRequestOnlyOnce()
    {
        int attempts = 0;
        await using var server = await StartAsync(map: app => app.MapPost("/write", () =>
        {
            Interlocked.Increment(ref attempts);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }));

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults();
        builder.Services.AddChromaWriteClient("log-writes", new Uri(server.Urls.Single()));
        using var host = builder.Build();
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("log-writes");

        var response = await client.PostAsync("/write", new StringContent("{}"));

        // The standard handler would retry a 503 (after seconds of backoff); the write client must not.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, Volatile.Read(ref attempts));
    }
}
