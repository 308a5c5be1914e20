using Chroma.Core.Distance;
using Chroma.Core.Index.Hnsw;
using Chroma.Core.Index.Metadata;
using Chroma.Core.Memory;
using Chroma.Core.Model;
using Chroma.Core.Segments;

namespace Chroma.Core.Execution.Operators;

/// <summary>
/// KnnHnsw + KnnLog + KnnMerge: the k nearest current records to one query vector.
/// <list type="bullet">
/// <item>index version: HNSW search; with a restriction, exact search over the candidates
/// when they are few (a selective filter gets exact results), else HNSW with an allowed-label bitset;</item>
/// <item>log tail: brute force over the tail's current records (or the filtered ones);</item>
/// <item>merge: the k smallest distances of both, ascending.</item>
/// </list>
/// </summary>
internal static class KnnOperator
{
    /// <summary>Below this many candidates (or 5% of labels) a restricted search is exact.</summary>
    private const int ExactSearchThreshold = 2048;

    public static List<(RowRef Row, float Distance)> Execute(
        CollectionView view, FilterOutput filtered, ReadOnlySpan<float> query, int k, int efSearch, DistanceSpace space)
    {
        // No query returns more than the live records, whatever n_results asked for (a client may
        // send 2^32-1); sizing buffers by the request would overflow or exhaust memory.
        k = Math.Min(k, view.Count);
        var results = new List<(RowRef Row, float Distance)>(Math.Max(k, 0) * 2);
        if (k <= 0) return results;

        SearchBase(view, filtered, query, k, Math.Max(efSearch, k), results);
        IReadOnlyList<MaterializedRecord> tail = filtered.IsEverything ? view.TailLive : filtered.Tail!;
        for (int i = 0; i < tail.Count; i++)
        {
            results.Add((RowRef.FromTail(tail[i]), DistanceFunctions.Distance(space, query, tail[i].Embedding)));
        }

        results.Sort(static (a, b) => a.Distance.CompareTo(b.Distance));
        if (results.Count > k) results.RemoveRange(k, results.Count - k);
        return results;
    }

    private static void SearchBase(CollectionView view, FilterOutput filtered, ReadOnlySpan<float> query, int k, int ef, List<(RowRef, float)> results)
    {
        CollectionSegment segment = view.Segment;
        HnswIndex? index = segment.Index;
        if (index is null || segment.LiveCount == 0) return;
        if (!filtered.IsEverything && filtered.LabelCount == 0) return;

        int[] labels = BufferPool<int>.Rent(k);
        float[] distances = BufferPool<float>.Rent(k);
        try
        {
            int found;
            if (filtered.IsEverything)
            {
                found = index.Search(query, k, ef, labels, distances, view.BaseAllowed);
            }
            else
            {
                int candidates = filtered.LabelCount;
                if (candidates <= ExactSearchThreshold || candidates * 20L <= index.Count)
                {
                    found = index.SearchExact(query, k, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(filtered.Labels), labels, distances);
                }
                else
                {
                    ulong[]? bits = filtered.LabelBits;
                    if (bits is null)
                    {
                        bits = new ulong[LabelBitset.WordCount(index.Count)];
                        LabelBitset.OrLabels(bits, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(filtered.Labels));
                    }
                    found = index.Search(query, k, ef, labels, distances, bits);
                }
            }

            for (int i = 0; i < found; i++)
            {
                results.Add((RowRef.FromLabel(segment, labels[i]), distances[i]));
            }
        }
        finally
        {
            BufferPool<int>.Return(labels);
            BufferPool<float>.Return(distances);
        }
    }
}
