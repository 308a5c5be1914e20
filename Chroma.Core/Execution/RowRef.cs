using Chroma.Core.Segments;

namespace Chroma.Core.Execution;

/// <summary>A record a read returns: a label of the index version, or a record of the log tail.</summary>
internal readonly record struct RowRef(int Label, MaterializedRecord? Tail, long Sequence)
{
    public static RowRef FromLabel(CollectionSegment segment, int label) => new(label, null, segment.SequenceOf(label));
    public static RowRef FromTail(MaterializedRecord record) => new(-1, record, record.Sequence);
}
