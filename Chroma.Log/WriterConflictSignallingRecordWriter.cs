using Chroma.Core.Execution;
using Chroma.Core.Log.Blob;
using Chroma.Core.Model;

namespace Chroma.Log;

/// <summary>
/// Turns the blob log's writer conflict (another Log node advanced the collection's manifest, so
/// this node appended nothing) into the answer the gateway retries: 409, error
/// <see cref="ChromaServiceHeaders.LogWriterConflictError"/> and the header
/// <see cref="ChromaServiceHeaders.LogWriterConflict"/>. Every other failure is answered as is
/// and never retried: it may have been durable.
/// </summary>
internal sealed class WriterConflictSignallingRecordWriter(IRecordWriter inner, IHttpContextAccessor httpContext) : IRecordWriter
{
    public async ValueTask AddAsync(CollectionInfo collection, RecordBatch records, CancellationToken ct = default)
    {
        try
        {
            await inner.AddAsync(collection, records, ct).ConfigureAwait(false);
        }
        catch (ChromaException e) when (BlobWriteAheadLog.IsWriterConflict(e))
        {
            throw Conflict(e);
        }
    }

    public async ValueTask UpdateAsync(CollectionInfo collection, RecordBatch records, CancellationToken ct = default)
    {
        try
        {
            await inner.UpdateAsync(collection, records, ct).ConfigureAwait(false);
        }
        catch (ChromaException e) when (BlobWriteAheadLog.IsWriterConflict(e))
        {
            throw Conflict(e);
        }
    }

    public async ValueTask UpsertAsync(CollectionInfo collection, RecordBatch records, CancellationToken ct = default)
    {
        try
        {
            await inner.UpsertAsync(collection, records, ct).ConfigureAwait(false);
        }
        catch (ChromaException e) when (BlobWriteAheadLog.IsWriterConflict(e))
        {
            throw Conflict(e);
        }
    }

    public async ValueTask<int> DeleteAsync(CollectionInfo collection, DeleteRequest request, CancellationToken ct = default)
    {
        try
        {
            return await inner.DeleteAsync(collection, request, ct).ConfigureAwait(false);
        }
        catch (ChromaException e) when (BlobWriteAheadLog.IsWriterConflict(e))
        {
            throw Conflict(e);
        }
    }

    private ChromaException Conflict(ChromaException e)
    {
        // The API's error writer clears the headers before it writes status and body, so the header
        // is added as the response starts, after that.
        if (httpContext.HttpContext is { } context)
        {
            context.Response.OnStarting(static state =>
            {
                ((HttpResponse)state).Headers[ChromaServiceHeaders.LogWriterConflict] = "1";
                return Task.CompletedTask;
            }, context.Response);
        }

        return new ChromaException(ChromaErrorCode.AlreadyExists, e.Message, ChromaServiceHeaders.LogWriterConflictError);
    }
}
