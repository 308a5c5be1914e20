using System.Text;

namespace Chroma.Api.Tests.Infrastructure;

/// <summary>
/// Raw HTTP against a Chroma server: bodies are JSON text written by the test, answers are
/// kept as text. No client-side model, so the suite sees exactly what a client would.
/// </summary>
public sealed class ChromaHttp
{
    public const string DefaultTenant = "default_tenant";
    public const string DefaultDatabase = "default_database";

    private readonly IChromaServer _server;

    public ChromaHttp(IChromaServer server)
    {
        _server = server;
    }

    public static string Collections(string database = DefaultDatabase, string tenant = DefaultTenant) =>
        $"/api/v2/tenants/{tenant}/databases/{database}/collections";

    public static string Records(string collectionId, string operation) =>
        $"{Collections()}/{collectionId}/{operation}";

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<ApiResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    public Task<ApiResponse> PostAsync(string path, string? json = null) => SendAsync(HttpMethod.Post, path, json);

    public Task<ApiResponse> PutAsync(string path, string json) => SendAsync(HttpMethod.Put, path, json);

    public Task<ApiResponse> PatchAsync(string path, string json) => SendAsync(HttpMethod.Patch, path, json);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? json, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using HttpResponseMessage response = await _server.Client.SendAsync(request).ConfigureAwait(false);
        string text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        return new ApiResponse($"{method} {path} {json}", (int)response.StatusCode, text, LogTail);
    }

    private string LogTail()
    {
        IReadOnlyList<string> lines = _server.LogLines;
        int start = Math.Max(0, lines.Count - 40);
        var builder = new StringBuilder();
        for (int i = start; i < lines.Count; i++)
        {
            builder.Append("    ").AppendLine(lines[i]);
        }

        return builder.ToString();
    }
}
