using Chroma.Core.Log;
using Chroma.Core.Model;
using Chroma.Distributed.Conversion;
using Chroma.Distributed.Log;
using Grpc.Core;
using P = Chroma.Distributed.Protos;

namespace Chroma.Distributed.Server;

/// <summary>
/// The log service over the host's <see cref="IWriteAheadLog"/>, for Query nodes (pull and
/// scout the uncompacted tail) and the Compactor (pull, advance, list work). Listing work
/// needs an <see cref="ILogCompactionSource"/>; without one that RPC answers Unimplemented.
/// </summary>
public sealed class LogGrpcService : P.LogService.LogServiceBase
{
    private static readonly P.UpdateCollectionLogOffsetResponse s_updated = new();
    private static readonly P.DropLogResponse s_dropped = new();

    private readonly IWriteAheadLog _log;
    private readonly ILogCompactionSource? _compaction;

    public LogGrpcService(IWriteAheadLog log, ILogCompactionSource? compaction = null)
    {
        _log = log;
        _compaction = compaction;
    }

    public override async Task<P.PushLogsResponse> PushLogs(P.PushLogsRequest request, ServerCallContext context)
    {
        Guid id = IdConversions.FromProto(request.CollectionId);
        OperationKind operation = LogConversions.FromProto(request.Operation);
        RecordBatch records = RecordConversions.FromProto(request.Records ?? new P.RecordBatch());
        if (records.Count == 0) ThrowHelper.InvalidArgument("A log push needs at least one record.");

        // The log honours cancellation only until the entry is queued: past that, a caller that
        // gave up loses the answer, not the entry. That is why clients never retry a push.
        LogEntry entry = await _log.AppendAsync(id, operation, records, context.CancellationToken).ConfigureAwait(false);
        return new P.PushLogsResponse { FirstOffset = entry.FirstOffset, LastOffset = entry.LastOffset };
    }

    public override async Task<P.PullLogsResponse> PullLogs(P.PullLogsRequest request, ServerCallContext context)
    {
        Guid id = IdConversions.FromProto(request.CollectionId);
        if (request.MaxRecords <= 0) ThrowHelper.InvalidArgument($"max_records must be positive, got {request.MaxRecords}.");
        IReadOnlyList<LogEntry> entries = await _log.ReadAsync(id, request.AfterOffset, request.MaxRecords, context.CancellationToken).ConfigureAwait(false);
        var response = new P.PullLogsResponse();
        for (int i = 0; i < entries.Count; i++) response.Entries.Add(LogConversions.ToProto(entries[i]));
        return response;
    }

    public override async Task<P.ScoutLogsResponse> ScoutLogs(P.ScoutLogsRequest request, ServerCallContext context)
    {
        Guid id = IdConversions.FromProto(request.CollectionId);
        return new P.ScoutLogsResponse { LastOffset = await _log.ScoutAsync(id, context.CancellationToken).ConfigureAwait(false) };
    }

    public override async Task<P.UpdateCollectionLogOffsetResponse> UpdateCollectionLogOffset(P.UpdateCollectionLogOffsetRequest request, ServerCallContext context)
    {
        Guid id = IdConversions.FromProto(request.CollectionId);
        await _log.AdvanceCompactionAsync(id, request.Offset, context.CancellationToken).ConfigureAwait(false);
        return s_updated;
    }

    public override async Task<P.DropLogResponse> DropLog(P.DropLogRequest request, ServerCallContext context)
    {
        Guid id = IdConversions.FromProto(request.CollectionId);
        await _log.DropAsync(id, context.CancellationToken).ConfigureAwait(false);
        return s_dropped;
    }

    public override async Task<P.ListCollectionsToCompactResponse> ListCollectionsToCompact(P.ListCollectionsToCompactRequest request, ServerCallContext context)
    {
        if (_compaction is null)
        {
            throw new ChromaException(ChromaErrorCode.Unimplemented, "This log service does not list collections to compact.");
        }

        IReadOnlyList<CollectionLogRange> ranges = await _compaction.ListCollectionsToCompactAsync(request.MinUncompactedRecords, context.CancellationToken).ConfigureAwait(false);
        var response = new P.ListCollectionsToCompactResponse();
        foreach (CollectionLogRange range in ranges) response.Collections.Add(LogConversions.ToProto(range));

        return response;
    }
}
