using Chroma.Core.Catalog;
using Chroma.Core.Execution;
using Chroma.Core.Log;
using Chroma.Core.Segments;
using Chroma.Distributed.Azure;
using Chroma.Distributed.Client;
using Chroma.Distributed.Execution;
using CoreCompactor = Chroma.Core.Compaction.Compactor;

namespace Chroma.Compactor;

/// <summary>The Compactor service: a background worker over the SysDb and Log clients and the blob store.</summary>
public static class CompactorHostExtensions
{
    public static async Task AddChromaCompactorAsync(this WebApplicationBuilder builder, CancellationToken ct = default)
    {
        AzureBlobStore blobs = await ChromaBlobStorage.OpenAsync(builder.Configuration, "the blob storage of the index versions", ct).ConfigureAwait(false);

        var options = new CompactorOptions();
        builder.Configuration.GetSection(CompactorOptions.SectionName).Bind(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddChromaSysDbClient();
        builder.Services.AddChromaLogClient();
        builder.Services.AddSingleton(sp =>
        {
            ICatalog catalog = sp.GetRequiredService<ICatalog>();
            IWriteAheadLog log = sp.GetRequiredService<IWriteAheadLog>();
            // No local cache: the compactor reads each version once, to build the next.
            var segments = new BlobSegmentStore(blobs);
            ILogger logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger<CoreCompactor>();
            var views = new CollectionViewCache(log, segments, SegmentCacheBudget.FromConfiguration(builder.Configuration));
            return new CoreCompactor(catalog, log, segments, views, message => CompactorLog.Error(logger, message), options.ReservedCores);
        });
        builder.Services.AddSingleton<CompactionWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CompactionWorker>());
    }
}
