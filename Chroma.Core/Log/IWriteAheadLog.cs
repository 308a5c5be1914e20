using Chroma.Core.Model;

namespace Chroma.Core.Log;

/// <summary>
/// The write-ahead log, one stream of entries per collection. Local files in the local
/// modes, blobs in distributed mode (Chroma's log service: push, pull, scout, advance).
/// </summary>
public interface IWriteAheadLog
{
    /// <summary>
    /// Appends one entry and completes only once it is durable (fsync / blob write done).
    /// Concurrent appends to a collection are group-committed. Returns the entry with its
    /// assigned offsets.
    /// </summary>
    ValueTask<LogEntry> AppendAsync(Guid collectionId, OperationKind operation, RecordBatch records, CancellationToken ct = default);

    /// <summary>
    /// Entries holding offsets greater than <paramref name="afterOffset"/>, in order, whole
    /// entries only, up to about <paramref name="maxRecords"/> records (at least one entry if any).
    /// </summary>
    ValueTask<IReadOnlyList<LogEntry>> ReadAsync(Guid collectionId, long afterOffset, int maxRecords, CancellationToken ct = default);

    /// <summary>The last durable offset of the collection, 0 when empty.</summary>
    ValueTask<long> ScoutAsync(Guid collectionId, CancellationToken ct = default);

    /// <summary>
    /// Everything up to <paramref name="offset"/> is in a registered index version: the log may
    /// drop it. Offsets keep counting from where they were.
    /// </summary>
    ValueTask AdvanceCompactionAsync(Guid collectionId, long offset, CancellationToken ct = default);

    /// <summary>The collection is gone: drop its whole log.</summary>
    ValueTask DropAsync(Guid collectionId, CancellationToken ct = default);
}
