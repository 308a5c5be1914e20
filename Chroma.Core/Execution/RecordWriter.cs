using Chroma.Core.Catalog;
using Chroma.Core.Log;
using Chroma.Core.Model;

namespace Chroma.Core.Execution;

/// <summary>
/// Chroma's write routes over the write-ahead log: validate, fix the dimension on the first
/// write, append (durable before return), then nudge the compactor. Nothing is written
/// unless every check passed, so a rejected request leaves no trace.
/// </summary>
public sealed class RecordWriter : IRecordWriter
{
    private readonly ICatalog _catalog;
    private readonly IWriteAheadLog _log;
    private readonly IRecordReader _reader;
    private readonly Action<Guid>? _written;

    /// <param name="written">Called after each durable append (the compactor's wake-up).</param>
    public RecordWriter(ICatalog catalog, IWriteAheadLog log, IRecordReader reader, Action<Guid>? written = null)
    {
        _catalog = catalog;
        _log = log;
        _reader = reader;
        _written = written;
    }

    public ValueTask AddAsync(CollectionInfo collection, RecordBatch records, CancellationToken ct = default) =>
        WriteAsync(collection, OperationKind.Add, records, ct);

    public ValueTask UpdateAsync(CollectionInfo collection, RecordBatch records, CancellationToken ct = default) =>
        WriteAsync(collection, OperationKind.Update, records, ct);

    public ValueTask UpsertAsync(CollectionInfo collection, RecordBatch records, CancellationToken ct = default) =>
        WriteAsync(collection, OperationKind.Upsert, records, ct);

    public async ValueTask<int> DeleteAsync(CollectionInfo collection, DeleteRequest request, CancellationToken ct = default)
    {
        string[] ids;
        int deleted;
        if (request.Where is null && request.WhereDocument is null)
        {
            if (request.Ids is null) return 0; // {} deletes nothing (it does not mean "everything")
            if (request.Limit is not null) ThrowHelper.InvalidArgument("Limit can only be specified when a where clause is given");
            ids = request.Ids;
            deleted = ids.Length; // Chroma answers the number of ids sent, existing or not
        }
        else
        {
            // Resolve the matches first, then delete exactly those ids: the log holds ids only.
            GetResult matches = await _reader.GetAsync(collection, new GetRequest
            {
                Ids = request.Ids,
                Where = request.Where,
                WhereDocument = request.WhereDocument,
                Limit = request.Limit,
                Include = Include.None,
            }, ct).ConfigureAwait(false);
            ids = matches.Ids;
            deleted = ids.Length;
        }

        if (ids.Length > 0)
        {
            RecordBatchValidation.ValidateIds(ids);
            await _log.AppendAsync(collection.Id, OperationKind.Delete, new RecordBatch(ids), ct).ConfigureAwait(false);
            _written?.Invoke(collection.Id);
        }

        return deleted;
    }

    private async ValueTask WriteAsync(CollectionInfo collection, OperationKind operation, RecordBatch records, CancellationToken ct)
    {
        int? dimension = RecordBatchValidation.Validate(records, requireEmbeddings: operation != OperationKind.Update);
        if (records.Count == 0) return;
        if (dimension is int d)
        {
            int fixedDimension = collection.Dimension ?? await _catalog.EnsureDimensionAsync(collection.Id, d, ct).ConfigureAwait(false);
            if (fixedDimension != d) ThrowHelper.DimensionMismatch(fixedDimension, d);
        }

        await _log.AppendAsync(collection.Id, operation, records, ct).ConfigureAwait(false);
        _written?.Invoke(collection.Id);
    }
}
