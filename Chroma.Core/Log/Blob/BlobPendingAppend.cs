using Chroma.Core.Model;
using Chroma.Core.Storage.Codec;

namespace Chroma.Core.Log.Blob;

/// <summary>
/// An append waiting for its group commit. The batch is encoded by the caller's thread before it
/// queues, so the flusher only copies bytes; the offset is assigned when the group is written.
/// </summary>
internal sealed class BlobPendingAppend(OperationKind operation, RecordBatch records, PooledBufferWriter encoded)
{
    public OperationKind Operation { get; } = operation;
    public RecordBatch Records { get; } = records;
    public PooledBufferWriter Encoded { get; } = encoded;

    // Continuations run on the pool: completing a group must not run every waiter's code inline on the flusher.
    public TaskCompletionSource<LogEntry> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
