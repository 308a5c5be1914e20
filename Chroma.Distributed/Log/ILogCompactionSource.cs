namespace Chroma.Distributed.Log;

/// <summary>
/// What the compaction scheduler asks the log: which collections have enough uncompacted
/// records to be worth compacting. Not part of the engine's <c>IWriteAheadLog</c> (the local
/// modes notify their compactor directly); the Log host implements it over its log backend
/// (e.g. the blob log's uncompacted status) and <see cref="Client.GrpcLogClient"/> implements
/// it remotely for the Compactor.
/// </summary>
public interface ILogCompactionSource
{
    ValueTask<IReadOnlyList<CollectionLogRange>> ListCollectionsToCompactAsync(long minUncompactedRecords, CancellationToken ct = default);
}
