using Chroma.Core.Model;
using Chroma.Distributed.Log;
using CoreCompactor = Chroma.Core.Compaction.Compactor;

namespace Chroma.Compactor;

/// <summary>
/// Polls the Log for collections with uncompacted records and compacts each with the engine's
/// <see cref="CoreCompactor"/>: the next index version goes to blob storage, is registered in the
/// SysDb by compare-and-swap on the version, and only then may the Log drop what it covers. A crash
/// anywhere leaves the previous version and its full log tail, so the next poll simply redoes it.
/// </summary>
internal sealed partial class CompactionWorker(
    ILogCompactionSource source, CoreCompactor compactor, CompactorOptions options, ILogger<CompactionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PollInterval);
        do
        {
            await PollOnceAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task PollOnceAsync(CancellationToken ct)
    {
        IReadOnlyList<CollectionLogRange> ranges;
        try
        {
            ranges = await source.ListCollectionsToCompactAsync(options.MinUncompactedRecords, ct).ConfigureAwait(false);
        }
        catch (ChromaException e) when (!ct.IsCancellationRequested)
        {
            // The Log is restarting or unreachable: nothing is lost, the next poll asks again.
            LogPollFailed(logger, e.Message);
            return;
        }

        foreach (CollectionLogRange range in ranges)
        {
            try
            {
                bool compacted = await compactor.CompactAsync(range.CollectionId, ct).ConfigureAwait(false);
                if (compacted) LogCompacted(logger, range.CollectionId, range.UncompactedRecords);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Host boundary: one collection's failure must not stop the others; its log keeps every entry until a version covers it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogCompactionFailed(logger, e, range.CollectionId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Compacted collection {CollectionId} ({Records} log records)")]
    private static partial void LogCompacted(ILogger logger, Guid collectionId, long records);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not list the collections to compact: {Reason}")]
    private static partial void LogPollFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Compaction of collection {CollectionId} failed")]
    private static partial void LogCompactionFailed(ILogger logger, Exception exception, Guid collectionId);
}
