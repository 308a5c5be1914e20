using Chroma.Core.Memory;
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

    /// <summary>Approximate bytes held (<see cref="HeapSize"/>); walks every key, so callers keep the result.</summary>
    internal long EstimatedBytes
    {
        get
        {
            long bytes = HeapSize.ObjectOverhead + HeapSize.DictionaryOverhead;
            foreach (KeyValuePair<string, MetadataKeyIndex> pair in _keys)
            {
                bytes += HeapSize.DictionaryEntryOverhead + (2 * IntPtr.Size) + HeapSize.String(pair.Key) + pair.Value.EstimatedBytes;
            }
            return bytes;
        }
    }

    /// <summary>Indexes the metadata of every label set in <paramref name="live"/>; label i's map is <c>metadatas[i]</c>.</summary>
    public static MetadataIndex Build(ReadOnlySpan<CompactMetadata?> metadatas, ReadOnlySpan<ulong> live)
    {
        int labelCount = metadatas.Length;
        var builders = new Dictionary<string, MetadataKeyIndexBuilder>(StringComparer.Ordinal);
        // Records in a row usually share a shape: its keys' builders are looked up once for the run.
        MetadataShape? shape = null;
        MetadataKeyIndexBuilder[] shapeBuilders = [];
        for (int label = 0; label < labelCount; label++)
        {
            CompactMetadata? metadata = metadatas[label];
            if (metadata is null || !LabelBitset.IsSet(live, label)) continue;
            if (!ReferenceEquals(metadata.Shape, shape))
            {
                shape = metadata.Shape;
                shapeBuilders = BuildersOf(shape, builders);
            }

            for (int slot = 0; slot < shapeBuilders.Length; slot++) shapeBuilders[slot].Add(metadata.ValueAt(slot), label);
        }

        var keys = new Dictionary<string, MetadataKeyIndex>(builders.Count, StringComparer.Ordinal);
        foreach (var (key, builder) in builders) keys.Add(key, builder.Build(labelCount));
        return new MetadataIndex(keys, labelCount);
    }

    private static MetadataKeyIndexBuilder[] BuildersOf(MetadataShape shape, Dictionary<string, MetadataKeyIndexBuilder> builders)
    {
        string[] keys = shape.Keys;
        var shapeBuilders = new MetadataKeyIndexBuilder[keys.Length];
        for (int slot = 0; slot < keys.Length; slot++)
        {
            if (!builders.TryGetValue(keys[slot], out MetadataKeyIndexBuilder? builder))
            {
                builder = new MetadataKeyIndexBuilder();
                builders.Add(keys[slot], builder);
            }
            shapeBuilders[slot] = builder;
        }
        return shapeBuilders;
    }

    /// <summary>The index of one key; false when no live record holds it.</summary>
    public bool TryGetKey(string key, out MetadataKeyIndex index) => _keys.TryGetValue(key, out index!);
}
