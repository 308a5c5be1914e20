using System.Globalization;
using Chroma.Api;
using Chroma.Core.Catalog;
using Chroma.Core.Log;
using Chroma.Distributed.Azure;
using Chroma.Distributed.Client;
using Chroma.Distributed.Execution;
using Chroma.Distributed.Server;

namespace Chroma.Query;

/// <summary>
/// The Query service: reads over the latest registered index version (blob storage, cached on local
/// disk) plus the log tail pulled from the Log service, behind Chroma's read routes and the internal
/// query gRPC service. Stateless apart from caches: any replica can serve any collection, the
/// gateway's rendezvous hash just keeps each collection on a warm one.
/// </summary>
public static class QueryHostExtensions
{
    /// <summary>Parent folder of the index file caches; each replica uses a subfolder of its own.</summary>
    public const string CacheDirectoryConfigKey = "Query:CacheDirectory";

    public static async Task AddChromaQueryAsync(this WebApplicationBuilder builder, CancellationToken ct = default)
    {
        AzureBlobStore blobs = await ChromaBlobStorage.OpenAsync(builder.Configuration, "the blob storage of the index versions", ct).ConfigureAwait(false);
        string cacheDirectory = Path.Combine(
            builder.Configuration[CacheDirectoryConfigKey] ?? Path.Combine(Path.GetTempPath(), "chroma-query-cache"),
            ReplicaFolderName(builder.Configuration));

        builder.Services.AddChromaSysDbClient();
        builder.Services.AddChromaLogClient();
        builder.Services.AddSingleton(sp => CatalogRefreshingRecordReader.OverCachedVersions(
            sp.GetRequiredService<IWriteAheadLog>(), blobs, cacheDirectory, sp.GetRequiredService<ICatalog>(),
            SegmentCacheBudget.FromConfiguration(builder.Configuration)));
        builder.Services.AddSingleton(new ChromaApiOptions());
        builder.Services.AddChromaGrpc();
    }

    /// <summary>/health, /alive, the record read routes and the query gRPC service.</summary>
    public static WebApplication MapChromaQuery(this WebApplication app)
    {
        app.MapDefaultEndpoints();
        app.MapChromaRecordReadApi();
        app.MapChromaQueryGrpc();
        return app;
    }

    /// <summary>
    /// One cache folder per replica: named by the replica's HTTP port, which the AppHost keeps across
    /// restarts (so a restarted replica finds its warm cache), else by process id. Sharing a folder
    /// would be safe (immutable files, fills by rename) but would hide per-replica cache behaviour.
    /// </summary>
    private static string ReplicaFolderName(IConfiguration configuration)
    {
        if (Uri.TryCreate(configuration["Kestrel:Endpoints:http:Url"], UriKind.Absolute, out Uri? url))
            return "port-" + url.Port.ToString(CultureInfo.InvariantCulture);
        return "pid-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    }
}
