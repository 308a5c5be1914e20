using Chroma.Core;
using Microsoft.Extensions.Hosting;

namespace Chroma.Api;

/// <summary>
/// Disposes the engine in <see cref="StoppedAsync"/>: that runs after every hosted service —
/// including the web server, which drains requests in its StopAsync — has stopped.
/// </summary>
internal sealed class ChromaEngineLifetime(ChromaEngine engine) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken) => await engine.DisposeAsync();
}
