namespace Chroma.Api.Tests.Infrastructure;

/// <summary>
/// xunit class fixture: one single-node server with a fresh temp data directory, shared by the
/// tests of a class (which xunit runs one at a time).
/// Setting CHROMA_TEST_SERVER_URL runs the suite against an already-running server instead
/// (e.g. real Chroma, to check the suite's own expectations); CHROMA_TEST_SERVER_ALLOWS_RESET=1
/// says it allows reset.
/// </summary>
public class SingleNodeServerFixture : IChromaServer, IAsyncLifetime
{
    public const string ExternalServerVariable = "CHROMA_TEST_SERVER_URL";
    public const string ExternalAllowsResetVariable = "CHROMA_TEST_SERVER_ALLOWS_RESET";

    private readonly TempDirectory _dataDirectory = new("chroma-single-node");
    private readonly Uri? _external;
    private readonly HttpClient? _externalClient;

    public SingleNodeServerFixture()
        : this(allowReset: true)
    {
    }

    protected SingleNodeServerFixture(bool allowReset)
    {
        string? external = Environment.GetEnvironmentVariable(ExternalServerVariable);
        if (allowReset && !string.IsNullOrWhiteSpace(external))
        {
            _external = new Uri(external);
            _externalClient = new HttpClient { BaseAddress = _external, Timeout = TimeSpan.FromSeconds(60) };
        }

        Process = new GatewayProcess(_dataDirectory.Path, allowReset);
    }

    public GatewayProcess Process { get; }

    public Uri BaseAddress => _external ?? Process.BaseAddress;

    public HttpClient Client => _externalClient ?? Process.Client;

    public bool AllowsReset => _external is null
        ? Process.AllowsReset
        : Environment.GetEnvironmentVariable(ExternalAllowsResetVariable) is "1" or "true";

    public IReadOnlyList<string> LogLines => _external is null ? Process.LogLines : [];

    public Task InitializeAsync() => _external is null ? Process.StartAsync() : Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _externalClient?.Dispose();
        await Process.DisposeAsync().ConfigureAwait(false);
        _dataDirectory.Dispose();
    }
}
