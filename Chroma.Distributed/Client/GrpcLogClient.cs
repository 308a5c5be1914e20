using Chroma.Core.Log;
using Chroma.Core.Model;
using Chroma.Distributed.Conversion;
using Chroma.Distributed.Log;
using P = Chroma.Distributed.Protos;

namespace Chroma.Distributed.Client;

/// <summary>
/// <see cref="IWriteAheadLog"/> (and <see cref="ILogCompactionSource"/>) over the log service,
/// for Query nodes and the Compactor. Pushes, offset updates and drops use the write client,
/// which never retries: a push whose answer was lost may be durable, and replaying it would
/// append the records twice.
/// </summary>
public sealed class GrpcLogClient : IWriteAheadLog, ILogCompactionSource
{
    private readonly P.LogService.LogServiceClient _reads;
    private readonly P.LogService.LogServiceClient _writes;

    public GrpcLogClient(P.LogService.LogServiceClient reads, P.LogService.LogServiceClient writes)
    {
        _reads = reads;
        _writes = writes;
    }

    public async ValueTask<LogEntry> AppendAsync(Guid collectionId, OperationKind operation, RecordBatch records, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var request = new P.PushLogsRequest
        {
            CollectionId = IdConversions.ToProto(collectionId),
            Operation = LogConversions.ToProto(operation),
            Records = RecordConversions.ToProto(records),
        };
        P.PushLogsResponse response = await GrpcCalls.UnaryAsync(_writes.PushLogsAsync(request, cancellationToken: ct)).ConfigureAwait(false);
        return new LogEntry(response.FirstOffset, operation, records);
    }

    public async ValueTask<IReadOnlyList<LogEntry>> ReadAsync(Guid collectionId, long afterOffset, int maxRecords, CancellationToken ct = default)
    {
        var request = new P.PullLogsRequest { CollectionId = IdConversions.ToProto(collectionId), AfterOffset = afterOffset, MaxRecords = maxRecords };
        P.PullLogsResponse response = await GrpcCalls.UnaryAsync(_reads.PullLogsAsync(request, cancellationToken: ct)).ConfigureAwait(false);
        var entries = new LogEntry[response.Entries.Count];
        for (int i = 0; i < entries.Length; i++) entries[i] = LogConversions.FromProto(response.Entries[i]);
        return entries;
    }

    public async ValueTask<long> ScoutAsync(Guid collectionId, CancellationToken ct = default)
    {
        var request = new P.ScoutLogsRequest { CollectionId = IdConversions.ToProto(collectionId) };
        return (await GrpcCalls.UnaryAsync(_reads.ScoutLogsAsync(request, cancellationToken: ct)).ConfigureAwait(false)).LastOffset;
    }

    public async ValueTask AdvanceCompactionAsync(Guid collectionId, long offset, CancellationToken ct = default)
    {
        var request = new P.UpdateCollectionLogOffsetRequest { CollectionId = IdConversions.ToProto(collectionId), Offset = offset };
        await GrpcCalls.UnaryAsync(_writes.UpdateCollectionLogOffsetAsync(request, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async ValueTask DropAsync(Guid collectionId, CancellationToken ct = default)
    {
        var request = new P.DropLogRequest { CollectionId = IdConversions.ToProto(collectionId) };
        await GrpcCalls.UnaryAsync(_writes.DropLogAsync(request, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<CollectionLogRange>> ListCollectionsToCompactAsync(long minUncompactedRecords, CancellationToken ct = default)
    {
        var request = new P.ListCollectionsToCompactRequest { MinUncompactedRecords = minUncompactedRecords };
        P.ListCollectionsToCompactResponse response = await GrpcCalls.UnaryAsync(_reads.ListCollectionsToCompactAsync(request, cancellationToken: ct)).ConfigureAwait(false);
        var ranges = new CollectionLogRange[response.Collections.Count];
        for (int i = 0; i < ranges.Length; i++) ranges[i] = LogConversions.FromProto(response.Collections[i]);
        return ranges;
    }
}
