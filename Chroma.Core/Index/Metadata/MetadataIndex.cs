using Chroma.Core.Model;

namespace Chroma.Core.Index.Metadata;

/// <summary>
/// The inverted metadata index of one immutable version: per key, postings per scalar value
/// (strings, bools), a sorted numeric column for ints and floats (equality and ranges), and
/// the same for array elements ($contains). Only live labels are indexed, so a negated
/// operator is the complement of its positive form within the live set.
/// A key or value never seen costs one dictionary miss. Immutable and thread-safe once built.
/// </summary>
public sealed class MetadataIndex
{
    private readonly Dictionary<string, MetadataKeyIndex> _keys;

    private MetadataIndex(Dictionary<string, MetadataKeyIndex> keys, int labelCount)
    {
        _keys = keys;
        LabelCount = labelCount;
    }

    /// <summary>Labels are in [0, LabelCount).</summary>
    public int LabelCount { get; }

    public int KeyCount => _keys.Count;

    /// <summary>Indexes the metadata of every label set in <paramref name="live"/>; label i's map is <c>metadatas[i]</c>.</summary>
    public static MetadataIndex Build(ReadOnlySpan<Dictionary<string, MetadataValue>?> metadatas, ReadOnlySpan<ulong> live)
    {
        int labelCount = metadatas.Length;
        var builders = new Dictionary<string, MetadataKeyIndexBuilder>(StringComparer.Ordinal);
        for (int label = 0; label < labelCount; label++)
        {
            Dictionary<string, MetadataValue>? metadata = metadatas[label];
            if (metadata is null || !LabelBitset.IsSet(live, label)) continue;
            foreach (var (key, value) in metadata)
            {
                if (!builders.TryGetValue(key, out MetadataKeyIndexBuilder? builder))
                {
                    builder = new MetadataKeyIndexBuilder();
                    builders.Add(key, builder);
                }
                builder.Add(value, label);
            }
        }

        var keys = new Dictionary<string, MetadataKeyIndex>(builders.Count, StringComparer.Ordinal);
        foreach (var (key, builder) in builders) keys.Add(key, builder.Build(labelCount));
        return new MetadataIndex(keys, labelCount);
    }

    /// <summary>The index of one key; false when no live record holds it.</summary>
    public bool TryGetKey(string key, out MetadataKeyIndex index) => _keys.TryGetValue(key, out index!);
}
