using Chroma.Core.Model;
using Chroma.Core.Storage.Codec;

namespace Chroma.Core.Log.Local;

/// <summary>
/// One append waiting for the group commit: the frame is encoded by the caller (so encoding
/// runs in parallel and a bad batch fails only its own caller), the writer fills in the
/// offset and checksum.
/// </summary>
internal sealed class PendingAppend(OperationKind operation, RecordBatch records, PooledBufferWriter frame)
{
    public OperationKind Operation { get; } = operation;
    public RecordBatch Records { get; } = records;

    /// <summary>Frame prefix (<see cref="LogFileFormat.FramePrefixSize"/> bytes, filled by the writer) then the encoded batch.</summary>
    public PooledBufferWriter Frame { get; } = frame;

    // Continuations run asynchronously so completing a group never runs callers' code on the writer.
    public TaskCompletionSource<LogEntry> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
