using Chroma.Core.Log;
using Chroma.Core.Model;
using Chroma.Distributed.Log;
using P = Chroma.Distributed.Protos;

namespace Chroma.Distributed.Conversion;

/// <summary>Log entries and operations, proto &lt;-&gt; engine.</summary>
public static class LogConversions
{
    public static P.LogEntry ToProto(LogEntry entry) => new()
    {
        FirstOffset = entry.FirstOffset,
        Operation = ToProto(entry.Operation),
        Records = RecordConversions.ToProto(entry.Records),
    };

    public static LogEntry FromProto(P.LogEntry proto) =>
        new(proto.FirstOffset, FromProto(proto.Operation), RecordConversions.FromProto(proto.Records ?? new P.RecordBatch()));

    public static P.CollectionToCompact ToProto(CollectionLogRange range) => new()
    {
        CollectionId = IdConversions.ToProto(range.CollectionId),
        FirstUncompactedOffset = range.FirstUncompactedOffset,
        LastOffset = range.LastOffset,
    };

    public static CollectionLogRange FromProto(P.CollectionToCompact proto) =>
        new(IdConversions.FromProto(proto.CollectionId), proto.FirstUncompactedOffset, proto.LastOffset);

    public static P.OperationKind ToProto(OperationKind operation) => operation switch
    {
        OperationKind.Add => P.OperationKind.Add,
        OperationKind.Update => P.OperationKind.Update,
        OperationKind.Upsert => P.OperationKind.Upsert,
        OperationKind.Delete => P.OperationKind.Delete,
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Unknown operation."),
    };

    public static OperationKind FromProto(P.OperationKind operation) => operation switch
    {
        P.OperationKind.Add => OperationKind.Add,
        P.OperationKind.Update => OperationKind.Update,
        P.OperationKind.Upsert => OperationKind.Upsert,
        P.OperationKind.Delete => OperationKind.Delete,
        _ => ThrowHelper.InvalidArgument<OperationKind>($"Unknown log operation {(int)operation}."),
    };
}
