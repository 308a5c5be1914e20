using System.Collections.Concurrent;
using Chroma.Api.Tests.Infrastructure;

namespace Chroma.AppHost.Tests.Distributed;

/// <summary>
/// The Log process is killed (SIGKILL) while clients write: a write it acknowledged was durable in blob
/// storage before the answer, so after the AppHost restarts it every acknowledged write is readable,
/// and writing works again. Writes that failed (the connection broke, or the gateway answered 502) may
/// or may not have happened; the test asks nothing of them.
/// </summary>
[Collection(DistributedCollection.Name)]
public sealed class LogCrashTests : IClassFixture<DistributedAppFixture>
{
    private const int Writers = 4;

    private readonly DistributedAppFixture _app;
    private readonly ChromaHttp _http;

    public LogCrashTests(DistributedAppFixture app)
    {
        _app = app;
        _http = new ChromaHttp(app);
    }

    [Fact]
    public async Task KillingTheLogWhileClientsWrite_KeepsEveryAcknowledgedWrite_AndWritingResumes()
    {
        ApiResponse created = (await _http.PostAsync(ChromaHttp.Collections(), $$"""{"name":"{{"logcrash_" + Guid.NewGuid().ToString("N")[..12]}}"}""")).Expect(200);
        string id = created.Json.GetProperty("id").GetString()!;

        var acknowledged = new ConcurrentBag<string>();
        int acknowledgedAfterRestart = 0;
        bool restarted = false;
        using var stop = new CancellationTokenSource();
        var writers = new Task[Writers];
        for (int w = 0; w < Writers; w++)
        {
            int writer = w;
            writers[w] = Task.Run(async () =>
            {
                for (int i = 0; !stop.IsCancellationRequested; i++)
                {
                    string recordId = $"w{writer}-{i}";
                    if (await TryAddAsync(id, recordId, writer, i))
                    {
                        acknowledged.Add(recordId);
                        if (Volatile.Read(ref restarted)) Interlocked.Increment(ref acknowledgedAfterRestart);
                    }
                }
            });
        }

        try
        {
            await TestEnvironment.WaitUntilAsync(() => Task.FromResult(acknowledged.Count >= 40), TimeSpan.FromSeconds(60), "40 acknowledged writes before the kill");
            await _app.App.KillAsync("log");
            await _app.App.WaitForHealthyAsync("log", TimeSpan.FromSeconds(90));
            Volatile.Write(ref restarted, true);
            await TestEnvironment.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref acknowledgedAfterRestart) >= 20), TimeSpan.FromSeconds(60),
                "20 acknowledged writes after the Log restarted");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        Assert.True(_app.App.GetSnapshot("log").RestartCount >= 1, "The Log was not restarted by the AppHost.");
        ApiResponse all = (await _http.PostAsync(ChromaHttp.Records(id, "get"), """{"include":[]}""")).Expect(200);
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in all.Json.GetProperty("ids").EnumerateArray()) present.Add(element.GetString()!);
        var missing = new List<string>();
        foreach (string recordId in acknowledged)
        {
            if (!present.Contains(recordId)) missing.Add(recordId);
        }

        Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged writes are missing: {string.Join(", ", missing.Take(20))}");
    }

    private async Task<bool> TryAddAsync(string collectionId, string recordId, int writer, int i)
    {
        string body = $$"""{"ids":["{{recordId}}"],"embeddings":[[{{writer}},{{i}}]],"documents":["doc {{recordId}}"]}""";
        try
        {
            ApiResponse response = await _http.PostAsync(ChromaHttp.Records(collectionId, "add"), body);
            return response.Status is >= 200 and < 300;
        }
        catch (HttpRequestException)
        {
            return false; // the connection broke mid-write: unknown outcome, not acknowledged
        }
    }
}
