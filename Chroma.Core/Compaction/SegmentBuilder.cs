using Chroma.Core.Index.Hnsw;
using Chroma.Core.Memory;
using Chroma.Core.Model;
using Chroma.Core.Segments;

namespace Chroma.Core.Compaction;

/// <summary>
/// ApplyLogToSegmentWriter + CommitSegmentWriter of Chroma's compaction: builds the next
/// index version from the previous one and the materialized log tail, without touching the
/// previous one (readers may still be using it).
/// <code>
/// base version --Clone--> graph copy (vector chunks shared, append-only)
///   changes: delete -> MarkDeleted; metadata-only update -> rewrite columns in place;
///            new record or new embedding -> MarkDeleted(old) + AddRange (parallel, in sequence order)
/// </code>
/// </summary>
public static class SegmentBuilder
{
    public static CollectionSegment Build(
        CollectionSegment previous,
        IReadOnlyDictionary<string, TailChange> changes,
        long version,
        long logPosition,
        int dimension,
        HnswConfiguration configuration,
        int reservedCores = 1)
    {
        int newLabels = 0;
        foreach (TailChange change in changes.Values)
        {
            if (change.Current is { } current && (!change.ExistsInBase || current.EmbeddingChanged)) newLabels++;
        }

        // Sized for exactly this version's labels: nothing grows it later (the next version copies it).
        HnswIndex index = previous.Index?.Clone(previous.Index.Count + newLabels) ?? new HnswIndex(
            dimension, configuration.Space, configuration.MaxNeighbors, configuration.EfConstruction,
            initialCapacity: newLabels);
        if (index.Dimension != dimension)
        {
            ThrowHelper.DataCorrupted($"Index of collection {previous.CollectionId} has dimension {index.Dimension}, the catalog says {dimension}.");
        }

        var labels = new Dictionary<string, int>(previous.Labels, StringComparer.Ordinal);
        labels.EnsureCapacity(previous.Labels.Count + newLabels); // one resize now, none per insert below
        var inserts = new List<MaterializedRecord>();
        int firstNewLabel = index.Count;
        RecordColumns columns = previous.Columns.CopyWithCapacity(firstNewLabel, firstNewLabel + newLabels);
        bool inSequenceOrder = previous.LabelsInSequenceOrder;

        foreach (var (id, change) in changes)
        {
            MaterializedRecord? current = change.Current;
            if (change.ExistsInBase)
            {
                if (current is not null && !current.EmbeddingChanged)
                {
                    columns.Set(change.BaseLabel, current);
                    continue;
                }

                index.MarkDeleted(change.BaseLabel);
                columns.Clear(change.BaseLabel);
                labels.Remove(id);
            }

            if (current is not null)
            {
                inserts.Add(current);
                // A record that keeps an older sequence but gets a new (higher) label breaks label order.
                if (current.Sequence <= previous.LogPosition) inSequenceOrder = false;
            }
        }

        if (inserts.Count > 0)
        {
            inserts.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
            InsertVectors(index, inserts, dimension, BuildThreads(configuration.NumThreads, reservedCores));
            for (int i = 0; i < inserts.Count; i++)
            {
                int label = firstNewLabel + i;
                columns.Set(label, inserts[i]);
                labels[inserts[i].Id] = label;
            }
        }

        return new CollectionSegment(previous.CollectionId, version, logPosition, index, columns, labels, inSequenceOrder);
    }

    /// <summary>Vectors copied per AddRange call: enough for the parallel build to spread, small enough to stay out of the pool's largest buckets.</summary>
    private const int InsertSlice = 2048;

    /// <summary>
    /// The collection's num_threads, but not the <paramref name="reservedCores"/> left to other
    /// work: in single node the build runs in the background while the same process acknowledges
    /// writes and answers queries, and a build on all cores makes them queue behind it. At 100k x
    /// 384 on 2 cores (bench/compare, ours only, two runs each), one build thread instead of two
    /// took add throughput from 6.3-7.8k to 11.2-11.4k records/s; the index is complete a little
    /// later (5.7-6.0k to 5.0k records/s until indexed). Always at least one thread.
    /// </summary>
    internal static int BuildThreads(int numThreads, int reservedCores = 1) =>
        Math.Max(1, Math.Min(numThreads, Environment.ProcessorCount - Math.Max(0, reservedCores)));

    private static void InsertVectors(HnswIndex index, List<MaterializedRecord> inserts, int dimension, int numThreads)
    {
        // A bounded staging buffer, refilled per slice: a buffer for the whole batch would be rented
        // at tens of MB and kept by the shared pool for the life of the process.
        int sliceFloats = Math.Min(inserts.Count, InsertSlice) * dimension;
        float[] staging = BufferPool<float>.Rent(sliceFloats);
        try
        {
            for (int start = 0; start < inserts.Count; start += InsertSlice)
            {
                int count = Math.Min(InsertSlice, inserts.Count - start);
                for (int i = 0; i < count; i++)
                {
                    float[] embedding = inserts[start + i].Embedding;
                    if (embedding.Length != dimension) ThrowHelper.DimensionMismatch(dimension, embedding.Length);
                    embedding.CopyTo(staging, i * dimension);
                }

                index.AddRange(staging.AsSpan(0, count * dimension), count, numThreads);
            }
        }
        finally
        {
            BufferPool<float>.Return(staging);
        }
    }
}
