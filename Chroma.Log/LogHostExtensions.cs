using Chroma.Api;
using Chroma.Api.Policies;
using Chroma.Core.Catalog;
using Chroma.Core.Execution;
using Chroma.Core.Log;
using Chroma.Core.Log.Blob;
using Chroma.Distributed.Azure;
using Chroma.Distributed.Client;
using Chroma.Distributed.Execution;
using Chroma.Distributed.Log;
using Chroma.Distributed.Server;

namespace Chroma.Log;

/// <summary>
/// The Log service: each collection's write-ahead log durable in blob storage
/// (<see cref="BlobWriteAheadLog"/>), behind Chroma's write routes and the internal log gRPC
/// service (push, pull, scout, compaction offset, collections to compact).
/// </summary>
public static class LogHostExtensions
{
    /// <summary>Local disk cache of index version files, for the delete-by-where reads.</summary>
    public const string CacheDirectoryConfigKey = "Log:CacheDirectory";

    public static async Task AddChromaLogAsync(this WebApplicationBuilder builder, CancellationToken ct = default)
    {
        AzureBlobStore blobs = await ChromaBlobStorage.OpenAsync(builder.Configuration, "the blob storage of the log", ct).ConfigureAwait(false);

        builder.Services.AddHttpContextAccessor();
        builder.Services.AddChromaSysDbClient();
        builder.Services.AddSingleton(sp =>
        {
            ILogger logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Chroma.Log.BlobWriteAheadLog");
            return new BlobWriteAheadLog(blobs, new BlobWriteAheadLogOptions { Log = message => LogMessages.BlobLog(logger, message) });
        });
        builder.Services.AddSingleton<IWriteAheadLog>(sp => sp.GetRequiredService<BlobWriteAheadLog>());
        builder.Services.AddSingleton<ILogCompactionSource>(sp => new BlobLogCompactionSource(sp.GetRequiredService<BlobWriteAheadLog>()));

        // Delete-by-where resolves its matches with a local reader over this log and the index
        // versions in blob storage; asking the Query service instead would make Query and Log
        // depend on each other.
        string cacheDirectory = builder.Configuration[CacheDirectoryConfigKey]
            ?? Path.Combine(Path.GetTempPath(), "chroma-log-cache", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.Services.AddSingleton(sp => CatalogRefreshingRecordReader.OverCachedVersions(
            sp.GetRequiredService<BlobWriteAheadLog>(), blobs, cacheDirectory, sp.GetRequiredService<ICatalog>(),
            SegmentCacheBudget.FromConfiguration(builder.Configuration)));
        // Records per collection is checked here, by the collection's log owner (the gateway routes every write of
        // a collection to one Log node), before anything reaches the log; every process reads the same Chroma:Quotas.
        ChromaQuotaOptions quotas = ChromaQuotaOptions.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton<IRecordWriter>(sp => new QuotaEnforcingRecordWriter(
            new WriterConflictSignallingRecordWriter(
                new RecordWriter(sp.GetRequiredService<ICatalog>(), sp.GetRequiredService<BlobWriteAheadLog>(), sp.GetRequiredService<IRecordReader>()),
                sp.GetRequiredService<IHttpContextAccessor>()),
            sp.GetRequiredService<IRecordReader>(),
            quotas));
        builder.Services.AddSingleton(new ChromaApiOptions { Quotas = quotas });
        builder.Services.AddChromaGrpc();
    }

    /// <summary>/health, /alive, the record write routes and the log gRPC service.</summary>
    public static WebApplication MapChromaLog(this WebApplication app)
    {
        app.MapDefaultEndpoints();
        app.MapChromaRecordWriteApi();
        app.MapChromaLogGrpc();
        return app;
    }
}
