using Chroma.Core.Model;

namespace Chroma.Core.Log;

/// <summary>
/// One acknowledged write as it sits in the log: one operation over a batch of records.
/// Record i has log offset <c>FirstOffset + i</c>; offsets of a collection start at 1 and are
/// dense. An entry is atomic: after a crash it is either wholly there or wholly absent.
/// </summary>
public sealed record LogEntry(long FirstOffset, OperationKind Operation, RecordBatch Records)
{
    public long LastOffset => FirstOffset + Records.Count - 1;
}
