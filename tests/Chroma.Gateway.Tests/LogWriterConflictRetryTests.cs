using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Chroma.Gateway.Tests;

public class LogWriterConflictRetryTests
{
    private const string Collections = "/api/v2/tenants/default_tenant/databases/default_database/collections";

    /// <summary>
    /// Log stand-ins that answer the first <paramref name="failedAttempts"/> attempts at a path, counted
    /// over all of them, with <paramref name="status"/> (and the conflict header if asked), later ones
    /// with 201. Counting over the cluster keeps the outcome independent of which node the retry
    /// reaches: the owner as of the retry, which a health check may have changed in between.
    /// </summary>
    private static async Task<DistributedCluster> StartAsync(int status, bool conflictHeader, int failedAttempts = 1)
    {
        DistributedCluster? cluster = null;
        cluster = await DistributedCluster.StartAsync(async (backend, context, _) =>
        {
            if (Attempts(cluster!, context.Request.Path.Value!) > failedAttempts)
            {
                context.Response.StatusCode = StatusCodes.Status201Created;
                context.Response.Headers[Backend.BackendHeader] = backend.Name;
                await context.Response.WriteAsync("{}");
                return true;
            }

            context.Response.StatusCode = status;
            if (conflictHeader) context.Response.Headers[ChromaServiceHeaders.LogWriterConflict] = "1";
            await context.Response.WriteAsync($"{{\"error\":\"{ChromaServiceHeaders.LogWriterConflictError}\",\"message\":\"not the writer\"}}");
            return true;
        });
        return cluster;
    }

    private static int Attempts(DistributedCluster cluster, string path) => cluster.Log.Sum(log => log.CountFor(path));

    [Theory]
    [InlineData(StatusCodes.Status409Conflict)]
    [InlineData(StatusCodes.Status412PreconditionFailed)]
    public async Task LogWriterConflictIsRetriedOnceWithTheSameBody(int status)
    {
        await using var cluster = await StartAsync(status, conflictHeader: true);
        string path = $"{Collections}/{Guid.NewGuid()}/add";
        string json = "{\"ids\":[\"a\"],\"embeddings\":[[1,2,3]]," + "\"documents\":[\"" + new string('d', 100_000) + "\"]}";

        var response = await cluster.Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains(ChromaServiceHeaders.LogWriterConflict));
        Assert.Equal(2, Attempts(cluster, path));
        Assert.All(cluster.Log.Where(log => log.CountFor(path) > 0).SelectMany(log => log.Received[path]),
            body => Assert.Equal(json, Encoding.UTF8.GetString(body)));
    }

    [Fact]
    public async Task SecondConflictReachesTheClientUnchanged()
    {
        await using var cluster = await StartAsync(StatusCodes.Status409Conflict, conflictHeader: true, failedAttempts: 5);
        string path = $"{Collections}/{Guid.NewGuid()}/add";

        var response = await cluster.Client.PostAsync(path, new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.True(response.Headers.Contains(ChromaServiceHeaders.LogWriterConflict));
        Assert.Contains(ChromaServiceHeaders.LogWriterConflictError, await response.Content.ReadAsStringAsync());
        Assert.Equal(2, Attempts(cluster, path));
    }

    [Fact]
    public async Task ConflictWithoutTheHeaderIsNotRetried()
    {
        await using var cluster = await StartAsync(StatusCodes.Status409Conflict, conflictHeader: false);
        string path = $"{Collections}/{Guid.NewGuid()}/add";

        var response = await cluster.Client.PostAsync(path, new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("not the writer", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, Attempts(cluster, path));
    }

    [Fact]
    public async Task ServerErrorOnAWriteIsNotRetried()
    {
        await using var cluster = await StartAsync(StatusCodes.Status500InternalServerError, conflictHeader: true);
        string path = $"{Collections}/{Guid.NewGuid()}/add";

        var response = await cluster.Client.PostAsync(path, new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(1, Attempts(cluster, path));
    }
}
