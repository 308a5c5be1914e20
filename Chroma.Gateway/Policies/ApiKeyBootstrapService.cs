namespace Chroma.Gateway.Policies;

/// <summary>
/// Writes the configured keys at start-up so a bad key store fails the start, not the first
/// request. The authenticator also awaits the same one-time task before its first lookup, so a
/// request that arrives before this service ran still sees the configured keys.
/// </summary>
internal sealed class ApiKeyBootstrapService(ApiKeyAuthenticator authenticator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => authenticator.EnsureBootstrappedAsync();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
