using System.Net;
using System.Text;
using System.Text.Json;

namespace Chroma.Api.Tests.Policies;

/// <summary>
/// 10,000 generated hostile requests (seeded) against a running server on loopback, one at a time
/// so each rejected write can be checked to have stored nothing. Pass: no 5xx (501 Unimplemented
/// excepted: a route real Chroma does not implement either), the process alive, counts unchanged
/// by rejected writes, and a normal workload correct afterwards.
/// </summary>
public sealed class HostileInputTests
{
    private const int Requests = 10_000;

    [Fact]
    public async Task Ten_thousand_hostile_requests_cause_no_5xx_and_store_nothing_rejected()
    {
        await using var server = await PolicyServer.StartAsync(new Dictionary<string, string>
        {
            ["Chroma__Quotas__MaxRequestBodyBytes"] = "65536",
            ["Chroma__RateLimit__Enabled"] = "false",
        });
        string id = await server.CreateCollectionAsync("hostile");
        string collection = $"{PolicyServer.Collections}/{id}";
        // Fix the dimension at 3 so mismatches are mismatches.
        Assert.Equal(HttpStatusCode.Created, (await server.SendAsync(HttpMethod.Post, collection + "/add", """{"ids":["seed"],"embeddings":[[1,2,3]]}""")).Status);

        var random = new Random(20261124);
        var failures = new List<string>();
        int count = await server.CountAsync(id);
        using var client = new HttpClient { BaseAddress = server.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        for (int i = 0; i < Requests; i++)
        {
            (HttpMethod method, string path, byte[]? body, bool isWrite) = Generate(random, i, collection);
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new("application/json");
                // The server answers 413 from Content-Length and closes the connection without reading
                // the body; a client still sending it may then see a reset before the answer.
                // Expect: 100-continue is how an HTTP client learns of the refusal before sending.
                if (body.Length > 64 * 1024) request.Headers.ExpectContinue = true;
            }

            int status;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                using HttpResponseMessage response = await client.SendAsync(request, timeout.Token);
                status = (int)response.StatusCode;
                await response.Content.ReadAsByteArrayAsync(timeout.Token);
            }
            catch (HttpRequestException e)
            {
                failures.Add($"#{i} {method} {path} -> no answer ({e.InnerException?.Message ?? e.Message}): {Preview(body)}");
                if (failures.Count >= 20) break;
                continue;
            }

            if (status >= 500 && status != 501 && failures.Count < 20)
                failures.Add($"#{i} {method} {path} -> {status}: {Preview(body)}");

            if (isWrite)
            {
                int now = await server.CountAsync(id);
                if (status >= 300 && now != count && failures.Count < 20)
                    failures.Add($"#{i} rejected ({status}) but the count moved {count} -> {now}: {Preview(body)}");
                count = now;
            }
        }

        Assert.True(server.Process.IsRunning, "the server died\n" + server.Process.LogTail());
        Assert.True(failures.Count == 0, string.Join('\n', failures));

        // A normal workload still answers correctly.
        string fresh = await server.CreateCollectionAsync("after_hostile");
        string freshPath = $"{PolicyServer.Collections}/{fresh}";
        Assert.Equal(HttpStatusCode.Created, (await server.SendAsync(HttpMethod.Post, freshPath + "/add",
            """{"ids":["x","y","z"],"embeddings":[[1,0,0],[0,1,0],[0,0,1]],"documents":["dx","dy","dz"]}""")).Status);
        var (status2, answer, _) = await server.SendAsync(HttpMethod.Post, freshPath + "/query", """{"query_embeddings":[[0,0.9,0.1]],"n_results":1}""");
        Assert.Equal(HttpStatusCode.OK, status2);
        using var document = JsonDocument.Parse(answer);
        Assert.Equal("y", document.RootElement.GetProperty("ids")[0][0].GetString());
        Assert.Equal(3, await server.CountAsync(fresh));
    }

    private static string Preview(byte[]? body) =>
        body is null ? "(no body)" : Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 160));

    private static readonly string[] WriteOps = ["add", "upsert", "update", "delete"];
    private static readonly string[] ReadOps = ["get", "query", "count"];
    private static readonly HttpMethod[] Methods = [HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Options, HttpMethod.Head];

    private static (HttpMethod, string, byte[]?, bool) Generate(Random random, int i, string collection)
    {
        int kind = random.Next(12);
        switch (kind)
        {
            case 0: // unknown routes and methods
            {
                string[] paths = ["/api/v2/nope", "/api/v2/tenants/x/y/z/w", collection + "/bogus", "/api/v3/anything", "/api/v2/collections/a:b:c",
                    $"{PolicyServer.Collections}/not-a-uuid/add", $"{PolicyServer.Collections}/{Guid.NewGuid()}/get", "/%FF%FE", "/api/v2/tenants/" + new string('t', 3000)];
                HttpMethod method = Methods[random.Next(Methods.Length)];
                return (method, paths[random.Next(paths.Length)], method == HttpMethod.Get || method == HttpMethod.Head ? null : RandomBytes(random, 64), false);
            }

            case 1: // oversized body (the server's limit is 64 KiB)
            {
                var big = new StringBuilder($$"""{"ids":["big{{i}}"],"embeddings":[[1,2,3]],"documents":[" """);
                big.Append('x', 70_000 + random.Next(10_000)).Append("\"]}");
                return (HttpMethod.Post, collection + "/add", Encoding.UTF8.GetBytes(big.ToString()), true);
            }

            case 2: // deep nesting
            {
                int depth = 50 + random.Next(5000);
                string nested = new string('[', depth) + new string(']', depth);
                string json = random.Next(2) == 0 ? $$"""{"ids":["n{{i}}"],"embeddings":{{nested}}}""" : $$"""{"where":{{NestedWhere(depth)}}}""";
                return (HttpMethod.Post, collection + (json.StartsWith("{\"where", StringComparison.Ordinal) ? "/get" : "/add"), Encoding.UTF8.GetBytes(json), true);
            }

            case 3: // invalid UTF-8
            {
                byte[] json = Encoding.UTF8.GetBytes($$"""{"ids":["u{{i}}"],"embeddings":[[1,2,3]],"documents":["AB"]}""");
                int at = Array.IndexOf(json, (byte)'A');
                json[at] = (byte)(0x80 + random.Next(0x80));
                json[at + 1] = random.Next(2) == 0 ? (byte)0xFF : (byte)0xC3;
                return (HttpMethod.Post, collection + "/" + WriteOps[random.Next(3)], json, true);
            }

            case 4: // NaN, Infinity, huge and negative numbers
            {
                string[] values = ["NaN", "Infinity", "-Infinity", "1e39", "-1e39", "1e999", "-0", "9999999999999999999999999", "-1", "1.7976931348623157e308", "\"NaN\"", "null"];
                string v = values[random.Next(values.Length)];
                string[] shapes =
                [
                    $$"""{"ids":["f{{i}}"],"embeddings":[[1,{{v}},3]]}""",
                    $$"""{"ids":["f{{i}}"],"embeddings":[[1,2,3]],"metadatas":[{"k":{{v}}}]}""",
                    $$"""{"query_embeddings":[[1,{{v}},3]],"n_results":{{v}}}""",
                    $$"""{"ids":["f{{i}}"],"limit":{{v}},"offset":{{v}}}""",
                ];
                int shape = random.Next(shapes.Length);
                string op = shape switch { 2 => "query", 3 => "get", _ => WriteOps[random.Next(3)] };
                return (HttpMethod.Post, collection + "/" + op, Encoding.UTF8.GetBytes(shapes[shape]), shape < 2);
            }

            case 5: // mismatched dimensions
            {
                int dimension = random.Next(2) == 0 ? 2 : 4 + random.Next(10);
                string vector = "[" + string.Join(',', Enumerable.Range(0, dimension)) + "]";
                string json = random.Next(2) == 0
                    ? $$"""{"ids":["m{{i}}","m{{i}}b"],"embeddings":[[1,2,3],{{vector}}]}"""
                    : $$"""{"ids":["m{{i}}"],"embeddings":[{{vector}}]}""";
                return (HttpMethod.Post, collection + "/" + WriteOps[random.Next(3)], Encoding.UTF8.GetBytes(json), true);
            }

            case 6: // wrong types
            {
                string[] wrong = ["1", "\"s\"", "true", "null", "{}", "[]", "[1]", "[\"a\",1]", "{\"a\":[]}", "[[[]]]", "-5"];
                string w() => wrong[random.Next(wrong.Length)];
                string json = $$"""{"ids":{{w()}},"embeddings":{{w()}},"documents":{{w()}},"metadatas":{{w()}},"uris":{{w()}}}""";
                return (HttpMethod.Post, collection + "/" + WriteOps[random.Next(WriteOps.Length)], Encoding.UTF8.GetBytes(json), true);
            }

            case 7: // random bytes
                return (HttpMethod.Post, collection + "/" + WriteOps[random.Next(WriteOps.Length)], RandomBytes(random, 1 + random.Next(512)), true);

            case 8: // catalog routes with hostile bodies
            {
                string[] bodies = ["{\"name\":1}", "{\"name\":\"" + new string('a', 600) + "\"}", "{\"name\":\"ok-name\",\"metadata\":{\"a\":[1,\"x\"]}}",
                    "{\"name\":\"ok-name\",\"configuration\":{\"hnsw\":{\"space\":\"bogus\"}}}", "{\"new_name\":null,\"new_metadata\":{}}", "{\"name\":\"a..b\"}"];
                bool put = random.Next(2) == 0;
                return (put ? HttpMethod.Put : HttpMethod.Post, put ? collection : PolicyServer.Collections, Encoding.UTF8.GetBytes(bodies[random.Next(bodies.Length)]), false);
            }

            default: // mutated valid JSON
            {
                string valid = random.Next(3) switch
                {
                    0 => $$"""{"ids":["v{{i}}"],"embeddings":[[1.5,2,3]],"documents":["doc"],"metadatas":[{"a":1,"b":"x","c":[1,2]}]}""",
                    1 => """{"query_embeddings":[[1,2,3]],"n_results":3,"where":{"$and":[{"a":{"$gt":0}},{"b":{"$in":["x"]}}]},"include":["documents","distances"]}""",
                    _ => """{"ids":["seed"],"where_document":{"$contains":"do"},"include":["embeddings"]}""",
                };
                byte[] bytes = Mutate(random, Encoding.UTF8.GetBytes(valid));
                string op = valid.Contains("query_embeddings", StringComparison.Ordinal) ? "query" : valid.Contains("where_document", StringComparison.Ordinal) ? "get" : WriteOps[random.Next(3)];
                return (HttpMethod.Post, collection + "/" + op, bytes, true);
            }
        }
    }

    private static string NestedWhere(int depth)
    {
        var where = new StringBuilder();
        for (int d = 0; d < depth; d++) where.Append("{\"$and\":[");
        where.Append("{\"a\":1}");
        for (int d = 0; d < depth; d++) where.Append("]}");
        return where.ToString();
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] json)
    {
        byte[] punctuation = "{}[]:,\"\\-.eE0123456789ntfu "u8.ToArray();
        var bytes = new List<byte>(json);
        int edits = 1 + random.Next(4);
        for (int e = 0; e < edits && bytes.Count > 1; e++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0: bytes[at] = punctuation[random.Next(punctuation.Length)]; break;
                case 1: bytes.RemoveAt(at); break;
                case 2: bytes.Insert(at, punctuation[random.Next(punctuation.Length)]); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }

        return bytes.ToArray();
    }
}
