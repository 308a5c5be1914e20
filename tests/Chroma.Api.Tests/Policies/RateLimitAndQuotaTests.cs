using System.Net;
using System.Text;

namespace Chroma.Api.Tests.Policies;

/// <summary>Token buckets and quotas against running servers; bounded loops, no timing assertions.</summary>
public sealed class RateLimitAndQuotaTests
{
    [Fact]
    public async Task A_burst_beyond_the_bucket_gets_429_with_retry_after_then_recovers()
    {
        await using var server = await PolicyServer.StartAsync(new Dictionary<string, string>
        {
            ["Chroma__RateLimit__KeyBurst"] = "5",
            ["Chroma__RateLimit__KeyRequestsPerSecond"] = "2",
        });

        int limited = 0;
        for (int i = 0; i < 30; i++)
        {
            var (status, body, response) = await server.SendAsync(HttpMethod.Get, PolicyServer.Collections);
            if (status == HttpStatusCode.TooManyRequests)
            {
                limited++;
                Assert.True(response.Headers.RetryAfter?.Delta is { } delta && delta >= TimeSpan.FromSeconds(1), "Retry-After in seconds");
                Assert.StartsWith("Rate limit exceeded", ErrorBody.Message(body), StringComparison.Ordinal);
                // Answered whole, as every Chroma error is: a length, not a chunked stream.
                Assert.True(response.Content.Headers.TryGetValues("Content-Length", out IEnumerable<string>? length), "Content-Length");
                Assert.Equal(Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(length));
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, status);
            }
        }

        Assert.True(limited >= 20, $"only {limited} of 30 were limited with a bucket of 5");

        // Open routes are never limited; the bucket refills.
        Assert.Equal(HttpStatusCode.OK, (await server.SendAsync(HttpMethod.Get, "/api/v2/heartbeat")).Status);
        await Infrastructure.Wait.UntilAsync(
            async () => (await server.SendAsync(HttpMethod.Get, PolicyServer.Collections)).Status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(20), "the bucket to refill");
    }

    [Fact]
    public async Task Quotas_reject_exactly_at_the_limit_and_write_nothing()
    {
        await using var server = await PolicyServer.StartAsync(new Dictionary<string, string>
        {
            ["Chroma__Quotas__MaxBatchSize"] = "10",
            ["Chroma__Quotas__MaxRecordsPerCollection"] = "25",
            ["Chroma__Quotas__MaxCollectionsPerTenant"] = "3",
            ["Chroma__Quotas__MaxDimension"] = "4",
            ["Chroma__Quotas__MaxDocumentBytes"] = "16",
            ["Chroma__Quotas__MaxMetadataKeys"] = "2",
            ["Chroma__Quotas__MaxMetadataValueBytes"] = "8",
        });

        var (status, body, _) = await server.SendAsync(HttpMethod.Get, "/api/v2/pre-flight-checks");
        Assert.Contains("\"max_batch_size\":10", body, StringComparison.Ordinal);

        string id = await server.CreateCollectionAsync("qq1");
        string path = $"{PolicyServer.Collections}/{id}";

        // Batch size: 10 allowed, 11 refused.
        await ExpectAsync(server, path + "/add", Records(0, 10, 3), HttpStatusCode.Created);
        await ExpectQuotaAsync(server, path + "/add", Records(10, 11, 3), "batch size is 10");
        Assert.Equal(10, await server.CountAsync(id));

        // Records per collection: 25 allowed, the 26th refused; re-sending existing ids is fine.
        await ExpectAsync(server, path + "/add", Records(10, 10, 3), HttpStatusCode.Created);
        await ExpectAsync(server, path + "/upsert", Records(20, 5, 3), HttpStatusCode.OK);
        Assert.Equal(25, await server.CountAsync(id));
        await ExpectQuotaAsync(server, path + "/add", Records(25, 1, 3), "records per collection is 25");
        await ExpectQuotaAsync(server, path + "/upsert", Records(20, 6, 3), "records per collection is 25");
        await ExpectAsync(server, path + "/upsert", Records(15, 10, 3), HttpStatusCode.OK);
        Assert.Equal(25, await server.CountAsync(id));

        // Dimension, document bytes, metadata keys and value bytes (fresh collection).
        string other = await server.CreateCollectionAsync("qq2");
        string otherPath = $"{PolicyServer.Collections}/{other}";
        await ExpectQuotaAsync(server, otherPath + "/add", Records(0, 1, 5), "dimension is 4");
        await ExpectAsync(server, otherPath + "/add", """{"ids":["d"],"embeddings":[[1,2,3,4]],"documents":["0123456789abcdef"]}""", HttpStatusCode.Created);
        await ExpectQuotaAsync(server, otherPath + "/add", """{"ids":["e"],"embeddings":[[1,2,3,4]],"documents":["0123456789abcdefg"]}""", "document bytes is 16");
        await ExpectQuotaAsync(server, otherPath + "/add", """{"ids":["f"],"embeddings":[[1,2,3,4]],"metadatas":[{"a":1,"b":2,"c":3}]}""", "metadata keys is 2");
        await ExpectQuotaAsync(server, otherPath + "/add", """{"ids":["g"],"embeddings":[[1,2,3,4]],"metadatas":[{"a":"123456789"}]}""", "metadata value bytes is 8");
        await ExpectQuotaAsync(server, otherPath + "/query", """{"query_embeddings":[[1,2,3,4,5]]}""", "dimension is 4");
        Assert.Equal(1, await server.CountAsync(other));

        // NaN/Infinity (a float32 overflow, and base64 NaN) is a 400.
        (status, body, _) = await server.SendAsync(HttpMethod.Post, otherPath + "/add", """{"ids":["n"],"embeddings":[[1,2,3,1e39]]}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("NaN or Infinity", ErrorBody.Message(body), StringComparison.Ordinal);
        string nan = Convert.ToBase64String(BitConverter.GetBytes(float.NaN).Concat(new byte[12]).ToArray());
        (status, _, _) = await server.SendAsync(HttpMethod.Post, otherPath + "/add", $$"""{"ids":["n"],"embeddings":["{{nan}}"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(1, await server.CountAsync(other));

        // Collections per tenant: 3 allowed, the 4th refused, get_or_create of an existing one still answers.
        await server.CreateCollectionAsync("qq3");
        (status, body, _) = await server.SendAsync(HttpMethod.Post, PolicyServer.Collections, """{"name":"qq4"}""");
        Assert.Equal((HttpStatusCode)422, status);
        Assert.StartsWith("Quota exceeded: collections per tenant is 3", ErrorBody.Message(body), StringComparison.Ordinal);
        (status, _, _) = await server.SendAsync(HttpMethod.Post, PolicyServer.Collections, """{"name":"qq1","get_or_create":true}""");
        Assert.Equal(HttpStatusCode.OK, status);
        (status, body, _) = await server.SendAsync(HttpMethod.Get, "/api/v2/tenants/default_tenant/databases/default_database/collections_count");
        Assert.Equal("3", body);
    }

    [Fact]
    public async Task Edge_validation_refuses_bad_bodies_before_the_api()
    {
        await using var server = await PolicyServer.StartAsync(new Dictionary<string, string>
        {
            ["Chroma__Quotas__MaxRequestBodyBytes"] = "4096",
            ["Chroma__Quotas__MaxJsonDepth"] = "16",
        });
        string id = await server.CreateCollectionAsync("edge");
        string add = $"{PolicyServer.Collections}/{id}/add";

        var big = new StringBuilder("""{"ids":["a"],"embeddings":[[1,2,3]],"documents":[" """);
        big.Append('x', 5000).Append("\"]}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await server.SendAsync(HttpMethod.Post, add, big.ToString())).Status);

        string deep = new string('[', 40) + new string(']', 40);
        var (status, body, _) = await server.SendAsync(HttpMethod.Post, add, $$"""{"ids":{{deep}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("deeper than the limit of 16", ErrorBody.Message(body), StringComparison.Ordinal);

        using (var request = new HttpRequestMessage(HttpMethod.Post, add) { Content = new ByteArrayContent([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']) })
        {
            request.Content.Headers.ContentType = new("application/json");
            using var response = await server.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Post, add) { Content = new StringContent("ids=a", Encoding.UTF8, "text/plain") })
        {
            using var response = await server.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            ErrorBody.Message(await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(0, await server.CountAsync(id));
    }

    private static string Records(int first, int count, int dimension)
    {
        var json = new StringBuilder("{\"ids\":[");
        for (int i = 0; i < count; i++) json.Append(i == 0 ? "" : ",").Append("\"r").Append(first + i).Append('"');
        json.Append("],\"embeddings\":[");
        for (int i = 0; i < count; i++)
        {
            json.Append(i == 0 ? "[" : ",[");
            for (int d = 0; d < dimension; d++) json.Append(d == 0 ? "" : ",").Append(first + i + d);
            json.Append(']');
        }

        return json.Append("]}").ToString();
    }

    private static async Task ExpectAsync(PolicyServer server, string path, string json, HttpStatusCode expected)
    {
        var (status, body, _) = await server.SendAsync(HttpMethod.Post, path, json);
        Assert.True(status == expected, $"{path}: expected {(int)expected}, got {(int)status} {body}");
    }

    private static async Task ExpectQuotaAsync(PolicyServer server, string path, string json, string limit)
    {
        var (status, body, _) = await server.SendAsync(HttpMethod.Post, path, json);
        Assert.True((int)status == 422, $"{path}: expected 422, got {(int)status} {body}");
        string message = ErrorBody.Message(body);
        Assert.StartsWith("Quota exceeded: " + limit, message, StringComparison.Ordinal);
    }
}
