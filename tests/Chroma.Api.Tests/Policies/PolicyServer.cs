using System.Net;
using System.Text;
using Chroma.Api.Tests.Infrastructure;

namespace Chroma.Api.Tests.Policies;

/// <summary>A real single-node server process started with policy configuration (environment), plus small HTTP helpers.</summary>
public sealed class PolicyServer : IAsyncDisposable
{
    public const string Collections = "/api/v2/tenants/default_tenant/databases/default_database/collections";

    private readonly TempDirectory _directory = new("chroma-policies");
    private readonly GatewayProcess _process;

    private PolicyServer(IDictionary<string, string> environment, bool auth)
    {
        _process = new GatewayProcess(_directory.Path, allowReset: false);
        if (auth) _process.ExtraArguments.Add("--auth");
        foreach (var (name, value) in environment) _process.ExtraEnvironment[name] = value;
    }

    public GatewayProcess Process => _process;

    public HttpClient Client => _process.Client;

    public static async Task<PolicyServer> StartAsync(IDictionary<string, string> environment, bool auth = false)
    {
        var server = new PolicyServer(environment, auth);
        await server._process.StartAsync();
        return server;
    }

    public async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, string path, string? json = null, string? token = null, bool bearer = false)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (token is not null)
        {
            if (bearer) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            else request.Headers.Add("x-chroma-token", token);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        HttpResponseMessage response = await Client.SendAsync(request, timeout.Token);
        string body = await response.Content.ReadAsStringAsync(timeout.Token);
        return (response.StatusCode, body, response);
    }

    /// <summary>Creates a collection and returns its id.</summary>
    public async Task<string> CreateCollectionAsync(string name, string? token = null, string tenantPath = Collections)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, tenantPath, $"{{\"name\":\"{name}\"}}", token);
        Assert.True(status == HttpStatusCode.OK, $"create collection {name}: {(int)status} {body}");
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    public async Task<int> CountAsync(string collectionId, string? token = null)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, $"{Collections}/{collectionId}/count", token: token);
        Assert.True(status == HttpStatusCode.OK, $"count: {(int)status} {body}");
        return int.Parse(body, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Dispose();
    }
}
