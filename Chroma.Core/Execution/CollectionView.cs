using Chroma.Core.Index.Metadata;
using Chroma.Core.Segments;

namespace Chroma.Core.Execution;

/// <summary>
/// What a read sees: one index version plus the materialized log tail after it, up to
/// <see cref="LastOffset"/>. Immutable; derived structures are built once, on first use.
/// </summary>
public sealed class CollectionView
{
    private MaterializedRecord[]? _tailLive;
    private ulong[]? _baseAllowed;

    public CollectionView(CollectionSegment segment, Dictionary<string, TailChange> tail, long lastOffset)
    {
        Segment = segment;
        Tail = tail;
        LastOffset = lastOffset;

        int count = segment.LiveCount;
        bool overridesBase = false;
        foreach (TailChange change in tail.Values)
        {
            if (change.Current is not null) count++;
            if (change.ExistsInBase)
            {
                count--;
                overridesBase = true;
            }
        }

        Count = count;
        OverridesBase = overridesBase;
    }

    public CollectionSegment Segment { get; }
    public Dictionary<string, TailChange> Tail { get; }
    public long LastOffset { get; }

    /// <summary>Live records in the index version and the tail together.</summary>
    public int Count { get; }

    /// <summary>True when the tail changed or deleted records of the index version.</summary>
    public bool OverridesBase { get; }

    /// <summary>Records that exist now and live only in the tail view, in insertion order.</summary>
    public MaterializedRecord[] TailLive => _tailLive ??= BuildTailLive();

    /// <summary>
    /// Labels of the index version that a read may return: live and not overridden by the tail.
    /// Null when that is every live label (the index skips deleted labels by itself).
    /// </summary>
    public ulong[]? BaseAllowed => OverridesBase ? _baseAllowed ??= BuildBaseAllowed() : null;

    /// <summary>Whether a live label of the index version is still current (not overridden by the tail).</summary>
    public bool IsBaseLabelCurrent(int label, ulong[]? allowed) =>
        allowed is null ? Segment.IsLive(label) : LabelBitset.IsSet(allowed, label);

    private MaterializedRecord[] BuildTailLive()
    {
        var live = new List<MaterializedRecord>(Tail.Count);
        foreach (TailChange change in Tail.Values)
        {
            if (change.Current is not null) live.Add(change.Current);
        }

        live.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
        return live.ToArray();
    }

    private ulong[] BuildBaseAllowed()
    {
        // The version's live labels are computed once per version (every view of it shares them);
        // a view only clears the labels its tail overrides.
        ulong[] bits = Segment.FilterIndexes.Live.ToArray();
        foreach (TailChange change in Tail.Values)
        {
            if (change.ExistsInBase) LabelBitset.Clear(bits, change.BaseLabel);
        }

        return bits;
    }
}
