using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Chroma.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Chroma.Api.Tests.SingleNode;

/// <summary>
/// Durability over real process death: every acknowledged write survives SIGKILL, and a
/// multi-record write is atomic (all of a batch or none of it) after recovery.
/// </summary>
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private const int Writers = 4;
    private const int BatchSize = 50;
    private const int AcknowledgedBeforeKill = 12;
    private const int Dimension = 16;

    private readonly ITestOutputHelper _output;
    private readonly TempDirectory _dataDirectory = new("chroma-crash");
    private readonly GatewayProcess _server;

    public CrashRecoveryTests(ITestOutputHelper output)
    {
        _output = output;
        _server = new GatewayProcess(_dataDirectory.Path, allowReset: false);
    }

    public Task InitializeAsync() => _server.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (string line in _server.LogLines)
        {
            _output.WriteLine(line);
        }

        await _server.DisposeAsync();
        _dataDirectory.Dispose();
    }

    [Fact]
    public async Task Sigkill_MidStream_KeepsEveryAcknowledgedBatchAndNoPartialBatch()
    {
        var http = new ChromaHttp(new ProcessServer(_server));
        string collectionId = (await http.PostAsync(ChromaHttp.Collections(), """{"name":"crash_coll"}""")).Expect(200)
            .Json.GetProperty("id").GetString()!;

        var attempted = new ConcurrentBag<string>();
        var acknowledged = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var writers = new Task[Writers];
        for (int w = 0; w < Writers; w++)
        {
            int writer = w;
            writers[w] = Task.Run(() => WriteUntilFailureAsync(_server.BaseAddress, collectionId, writer, attempted, acknowledged, stop.Token));
        }

        await Wait.UntilAsync(
            () => Task.FromResult(acknowledged.Count >= AcknowledgedBeforeKill || writers.All(t => t.IsCompleted)),
            TimeSpan.FromSeconds(120),
            $"{AcknowledgedBeforeKill} acknowledged batches");
        Assert.True(acknowledged.Count >= AcknowledgedBeforeKill, $"writers stopped early; server log:\n{_server.LogTail()}");

        // Kill while the writers are still sending: some batches are in flight.
        await _server.KillAsync();
        stop.Cancel();
        await Task.WhenAll(writers);
        string[] acked = acknowledged.ToArray();
        _output.WriteLine($"attempted {attempted.Count} batches, acknowledged {acked.Length} before SIGKILL");

        await _server.StartAsync();
        http = new ChromaHttp(new ProcessServer(_server));

        long expectedTotal = 0;
        foreach (string tag in attempted.Distinct())
        {
            ApiResponse get = (await http.PostAsync(
                ChromaHttp.Records(collectionId, "get"),
                $$"""{"where":{"batch":"{{tag}}"},"include":[]}""")).Expect(200);
            int present = get.Json.GetProperty("ids").GetArrayLength();
            Assert.True(present is 0 or BatchSize, get.Describe($"batch {tag} is half-present: {present} of {BatchSize} records"));
            if (acked.Contains(tag))
            {
                Assert.True(present == BatchSize, get.Describe($"acknowledged batch {tag} lost {BatchSize - present} records"));
            }

            expectedTotal += present;
        }

        ApiResponse count = (await http.GetAsync(ChromaHttp.Records(collectionId, "count"))).Expect(200);
        Assert.Equal(expectedTotal, count.Json.GetInt64());

        // The recovered server takes writes again and they are visible at once.
        (await http.PostAsync(ChromaHttp.Records(collectionId, "add"), BatchBody("after-restart", 0))).Expect(201);
        ApiResponse after = (await http.GetAsync(ChromaHttp.Records(collectionId, "count"))).Expect(200);
        Assert.Equal(expectedTotal + BatchSize, after.Json.GetInt64());
        ApiResponse query = (await http.PostAsync(
            ChromaHttp.Records(collectionId, "query"),
            $$"""{"query_embeddings":[{{Vector(0, 0)}}],"n_results":3,"where":{"batch":"after-restart"},"include":[]}""")).Expect(200);
        Assert.Equal(3, query.Json.GetProperty("ids")[0].GetArrayLength());
    }

    [Fact]
    public async Task GracefulRestart_KeepsCatalogAndRecords()
    {
        var http = new ChromaHttp(new ProcessServer(_server));
        (await http.PostAsync("/api/v2/tenants", """{"name":"restart_tenant"}""")).Expect(200);
        (await http.PostAsync("/api/v2/tenants/restart_tenant/databases", """{"name":"restart_db"}""")).Expect(200);
        string collections = ChromaHttp.Collections("restart_db", "restart_tenant");
        string id = (await http.PostAsync(collections, """{"name":"kept","metadata":{"m":1.0},"configuration":{"hnsw":{"space":"ip"}}}""")).Expect(200)
            .Json.GetProperty("id").GetString()!;
        string records = $"{collections}/{id}";
        (await http.PostAsync($"{records}/add", BatchBody("one", 0))).Expect(201);
        (await http.PostAsync($"{records}/delete", """{"where":{"i":{"$lt":10}}}""")).Expect(200);
        (await http.PostAsync($"{records}/update", """{"ids":["one-20"],"documents":["changed"]}""")).Expect(200);

        await _server.RestartAsync();
        http = new ChromaHttp(new ProcessServer(_server));

        ApiResponse collection = (await http.GetAsync($"{collections}/kept")).Expect(200);
        Assert.Equal(id, collection.Json.GetProperty("id").GetString());
        Assert.Equal("ip", collection.Json.GetProperty("configuration_json").GetProperty("hnsw").GetProperty("space").GetString());
        Assert.Equal(Dimension, collection.Json.GetProperty("dimension").GetInt32());
        Assert.Contains("1.0", collection.Text, StringComparison.Ordinal);
        Assert.Equal(BatchSize - 10, (await http.GetAsync($"{records}/count")).Expect(200).Json.GetInt64());
        ApiResponse get = (await http.PostAsync($"{records}/get", """{"ids":["one-20","one-5"],"include":["documents"]}""")).Expect(200);
        Assert.Equal("one-20", get.Json.GetProperty("ids")[0].GetString());
        Assert.Equal(1, get.Json.GetProperty("ids").GetArrayLength());
        Assert.Equal("changed", get.Json.GetProperty("documents")[0].GetString());
    }

    private static async Task WriteUntilFailureAsync(
        Uri baseAddress, string collectionId, int writer,
        ConcurrentBag<string> attempted, ConcurrentBag<string> acknowledged, CancellationToken stop)
    {
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        for (int batch = 0; !stop.IsCancellationRequested; batch++)
        {
            string tag = $"w{writer}-b{batch}";
            attempted.Add(tag);
            try
            {
                using var content = new StringContent(BatchBody(tag, writer), Encoding.UTF8, "application/json");
                using HttpResponseMessage response = await client.PostAsync(ChromaHttp.Records(collectionId, "add"), content, stop);
                if ((int)response.StatusCode != 201)
                {
                    return;
                }

                acknowledged.Add(tag);
            }
            catch (HttpRequestException)
            {
                return; // the server died mid-request or refuses connections: this writer is done
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static string BatchBody(string tag, int writer)
    {
        var body = new StringBuilder("{\"ids\":[");
        for (int i = 0; i < BatchSize; i++)
        {
            body.Append(i == 0 ? "" : ",").Append('"').Append(tag).Append('-').Append(i).Append('"');
        }

        body.Append("],\"embeddings\":[");
        for (int i = 0; i < BatchSize; i++)
        {
            body.Append(i == 0 ? "" : ",").Append(Vector(writer, i));
        }

        body.Append("],\"metadatas\":[");
        for (int i = 0; i < BatchSize; i++)
        {
            body.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"{{\"batch\":\"{tag}\",\"i\":{i}}}");
        }

        body.Append("],\"documents\":[");
        for (int i = 0; i < BatchSize; i++)
        {
            body.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"\"document {i} of {tag}\"");
        }

        return body.Append("]}").ToString();
    }

    private static string Vector(int writer, int i)
    {
        var vector = new StringBuilder("[");
        for (int d = 0; d < Dimension; d++)
        {
            float value = MathF.Sin((writer * 131) + (i * 17) + d);
            vector.Append(d == 0 ? "" : ",").Append(value.ToString("R", CultureInfo.InvariantCulture));
        }

        return vector.Append(']').ToString();
    }

    /// <summary>Adapts a bare <see cref="GatewayProcess"/> to the suite's server abstraction.</summary>
    private sealed class ProcessServer(GatewayProcess process) : IChromaServer
    {
        public Uri BaseAddress => process.BaseAddress;

        public HttpClient Client => process.Client;

        public bool AllowsReset => process.AllowsReset;

        public IReadOnlyList<string> LogLines => process.LogLines;
    }
}
