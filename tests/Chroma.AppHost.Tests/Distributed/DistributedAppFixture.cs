using Chroma.Api.Tests.Infrastructure;
using Chroma.AppHost.Hosting;

namespace Chroma.AppHost.Tests.Distributed;

/// <summary>
/// One distributed application for a test class, with a fresh data directory, exposed as an
/// <see cref="IChromaServer"/> (the gateway) so the Chroma API suite runs against it unchanged.
/// </summary>
public sealed class DistributedAppFixture : IChromaServer, IAsyncLifetime
{
    private HttpClient? _client;

    public DistributedApplication App { get; private set; } = null!;

    public string DataDirectory { get; } = TestEnvironment.CreateDataDirectory();

    public Uri BaseAddress => App.GetEndpoint("gateway");

    /// <summary>Sends the admin token on every request (auth is on in the distributed app).</summary>
    public HttpClient Client => _client ?? throw new InvalidOperationException("The application has not started.");

    public bool AllowsReset => true;

    /// <summary>The gateway's recent output; the services' logs are in DataDirectory/logs.</summary>
    public IReadOnlyList<string> LogLines => App is null ? [] : App.GetLogTail("gateway");

    public async Task InitializeAsync()
    {
        App = await DistributedApp.StartAsync(DataDirectory, DistributedApp.FreePort());
        _client = DistributedApp.CreateGatewayClient(App);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (App is not null) await App.DisposeAsync();
        TestEnvironment.DeleteDataDirectory(DataDirectory);
    }
}
