using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Chroma.Gateway.Tests;

/// <summary>
/// A stand-in for one replica of a service: Kestrel on 127.0.0.1 at a free port, answering /health
/// and echoing, in the X-Backend header and the body, which backend served a request. A custom
/// handler may answer record routes instead (it returns false to fall back to the echo).
/// </summary>
internal sealed class Backend : IAsyncDisposable
{
    public const string BackendHeader = "X-Backend";

    private readonly WebApplication _app;
    private bool _stopped;

    private Backend(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }

    public string Url { get; private set; } = "";

    /// <summary>Request bodies received, in order, per path.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<byte[]>> Received { get; } = new();

    public static async Task<Backend> StartAsync(string name, Func<Backend, HttpContext, byte[], Task<bool>>? handler = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var backend = new Backend(name, app);
        app.MapGet("/health", static () => "Healthy");
        app.Map("/{**path}", async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            byte[] bytes = body.ToArray();
            backend.Received.GetOrAdd(context.Request.Path.Value!, static _ => new ConcurrentQueue<byte[]>()).Enqueue(bytes);
            if (handler is not null && await handler(backend, context, bytes)) return;
            context.Response.Headers[BackendHeader] = name;
            await context.Response.WriteAsync($"{name} {context.Request.Method} {context.Request.Path}");
        });
        await app.StartAsync();
        backend.Url = app.Urls.Single();
        return backend;
    }

    public int CountFor(string path) => Received.TryGetValue(path, out var bodies) ? bodies.Count : 0;

    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
