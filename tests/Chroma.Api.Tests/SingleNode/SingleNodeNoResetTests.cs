using Chroma.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Chroma.Api.Tests.SingleNode;

/// <summary>A server started without --allow-reset refuses POST /api/v2/reset and keeps its data.</summary>
public sealed class SingleNodeNoResetTests : IClassFixture<NoResetServerFixture>
{
    private readonly NoResetServerFixture _server;
    private readonly ChromaHttp _http;

    public SingleNodeNoResetTests(NoResetServerFixture server, ITestOutputHelper output)
    {
        _server = server;
        _http = new ChromaHttp(server);
        _ = output;
    }

    [Fact]
    public async Task Reset_WithoutAllowReset_Returns403AndKeepsData()
    {
        Assert.False(_server.AllowsReset);
        ApiResponse created = (await _http.PostAsync(ChromaHttp.Collections(), """{"name":"kept_coll"}""")).Expect(200);
        string id = created.Json.GetProperty("id").GetString()!;
        (await _http.PostAsync(ChromaHttp.Records(id, "add"), """{"ids":["a"],"embeddings":[[1,2]]}""")).Expect(201);

        (await _http.PostAsync("/api/v2/reset")).ExpectError(403, "ChromaError", "Reset is disabled");

        (await _http.GetAsync($"{ChromaHttp.Collections()}/kept_coll")).Expect(200);
        Assert.Equal("1", (await _http.GetAsync(ChromaHttp.Records(id, "count"))).Expect(200).Text.Trim());
    }
}
