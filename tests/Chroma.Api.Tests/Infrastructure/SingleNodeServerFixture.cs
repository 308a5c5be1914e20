namespace Chroma.Api.Tests.Infrastructure;

/// <summary>
/// xunit class fixture: one single-node server with reset allowed and a fresh temp data
/// directory, shared by the tests of a class (which xunit runs one at a time).
/// </summary>
public class SingleNodeServerFixture : IChromaServer, IAsyncLifetime
{
    private readonly TempDirectory _dataDirectory = new("chroma-single-node");

    public SingleNodeServerFixture()
        : this(allowReset: true)
    {
    }

    protected SingleNodeServerFixture(bool allowReset)
    {
        Process = new GatewayProcess(_dataDirectory.Path, allowReset);
    }

    public GatewayProcess Process { get; }

    public Uri BaseAddress => Process.BaseAddress;

    public HttpClient Client => Process.Client;

    public bool AllowsReset => Process.AllowsReset;

    public IReadOnlyList<string> LogLines => Process.LogLines;

    public Task InitializeAsync() => Process.StartAsync();

    public async Task DisposeAsync()
    {
        await Process.DisposeAsync().ConfigureAwait(false);
        _dataDirectory.Dispose();
    }
}
