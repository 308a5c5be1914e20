using Chroma.Core.Model;

namespace Chroma.Core.Execution;

/// <summary>
/// Chroma's record write routes. An answer means the write is durable in the log.
/// A rejected write (validation, unknown collection, dimension) writes nothing.
/// </summary>
public interface IRecordWriter
{
    ValueTask AddAsync(CollectionInfo collection, RecordBatch records, CancellationToken ct = default);
    ValueTask UpdateAsync(CollectionInfo collection, RecordBatch records, CancellationToken ct = default);
    ValueTask UpsertAsync(CollectionInfo collection, RecordBatch records, CancellationToken ct = default);

    /// <summary>Returns Chroma's <c>deleted</c> count (API.md §7).</summary>
    ValueTask<int> DeleteAsync(CollectionInfo collection, DeleteRequest request, CancellationToken ct = default);
}

/// <summary>Chroma's record read routes. A read sees every acknowledged write.</summary>
public interface IRecordReader
{
    ValueTask<GetResult> GetAsync(CollectionInfo collection, GetRequest request, CancellationToken ct = default);
    ValueTask<QueryResult> QueryAsync(CollectionInfo collection, QueryRequest request, CancellationToken ct = default);
    ValueTask<int> CountAsync(CollectionInfo collection, CancellationToken ct = default);
    ValueTask<IndexingStatus> GetIndexingStatusAsync(CollectionInfo collection, CancellationToken ct = default);
}
