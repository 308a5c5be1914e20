using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Chroma.Api.Tests.Policies;

/// <summary>
/// 16 concurrent clients write and read for a fixed time with auth and a tight rate limit on.
/// Every answer is a success or a 429 by design, and every acknowledged write is readable at once.
/// </summary>
public sealed class LoadTests
{
    private const string Token = "load-writer-token-0123456789";
    private const int Clients = 16;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task Sixteen_clients_see_only_successes_or_rate_limits_and_read_their_writes()
    {
        await using var server = await PolicyServer.StartAsync(new Dictionary<string, string>
        {
            ["Chroma__Auth__Keys__0__Token"] = Token,
            ["Chroma__Auth__Keys__0__Tenant"] = "default_tenant",
            ["Chroma__Auth__Keys__0__Role"] = "write",
            ["Chroma__RateLimit__KeyRequestsPerSecond"] = "200",
            ["Chroma__RateLimit__KeyBurst"] = "100",
        }, auth: true);
        string id = await server.CreateCollectionAsync("load", Token);
        string collection = $"{PolicyServer.Collections}/{id}";

        var unexpected = new System.Collections.Concurrent.ConcurrentQueue<string>();
        int acknowledged = 0, limited = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            for (int n = 0; clock.Elapsed < Duration && unexpected.Count < 10; n++)
            {
                string recordId = $"c{client}-{n}";
                var (status, body, _) = await server.SendAsync(HttpMethod.Post, collection + "/add",
                    $$"""{"ids":["{{recordId}}"],"embeddings":[[{{client}},{{n}},1]],"documents":["{{recordId}}"]}""", Token);
                if (status == HttpStatusCode.TooManyRequests)
                {
                    Interlocked.Increment(ref limited);
                    continue;
                }

                if (status != HttpStatusCode.Created)
                {
                    unexpected.Enqueue($"add {recordId}: {(int)status} {body}");
                    continue;
                }

                Interlocked.Increment(ref acknowledged);
                // Read-your-write; a 429 on the read is retried until the bucket lets it through.
                while (true)
                {
                    (status, body, _) = await server.SendAsync(HttpMethod.Post, collection + "/get", $$"""{"ids":["{{recordId}}"]}""", Token);
                    if (status == HttpStatusCode.TooManyRequests)
                    {
                        Interlocked.Increment(ref limited);
                        continue;
                    }

                    using var document = status == HttpStatusCode.OK ? JsonDocument.Parse(body) : null;
                    if (document is null || document.RootElement.GetProperty("ids").GetArrayLength() != 1)
                        unexpected.Enqueue($"get {recordId} after ack: {(int)status} {body}");
                    break;
                }
            }
        })));

        Assert.True(unexpected.IsEmpty, string.Join('\n', unexpected));
        Assert.True(acknowledged > 0);
        Assert.Equal(acknowledged, await CountWithRetryAsync(server, id));
    }

    private static async Task<int> CountWithRetryAsync(PolicyServer server, string id)
    {
        int count = -1;
        await Infrastructure.Wait.UntilAsync(async () =>
        {
            var (status, body, _) = await server.SendAsync(HttpMethod.Get, $"{PolicyServer.Collections}/{id}/count", token: Token);
            if (status != HttpStatusCode.OK) return false;
            count = int.Parse(body, System.Globalization.CultureInfo.InvariantCulture);
            return true;
        }, TimeSpan.FromSeconds(20), "the count past the rate limit");
        return count;
    }
}
