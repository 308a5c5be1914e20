using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Chroma.Core.Distance;
using Chroma.Core.Model;

namespace Chroma.Core.Index.Hnsw;

// The graph walk (hnswlib searchKnn / searchBaseLayerST) and exact search.
public sealed partial class HnswIndex
{
    /// <summary>
    /// k-NN. Writes up to min(k, labels.Length, distances.Length) results, closest first, and
    /// returns how many. <paramref name="filter"/> is an allowed-label bitset (bit i of word
    /// i &gt;&gt; 6; labels beyond it are not allowed); an empty span means no filter. Only
    /// allowed, non-deleted labels are returned, but every node is traversed.
    /// </summary>
    public int Search(ReadOnlySpan<float> query, int k, int ef, Span<int> labels, Span<float> distances, ReadOnlySpan<ulong> filter = default)
    {
        if (query.Length != _dimension) ThrowHelper.DimensionMismatch(_dimension, query.Length);
        k = Math.Min(k, Math.Min(labels.Length, distances.Length));
        if (k <= 0 || _entryPoint < 0) return 0;

        HnswSearchContext context = RentContext();
        float[] prepared = PrepareQuery(query, context);
        int found;
        if (HasCodes)
        {
            Walk(CodeWalk(prepared, context), Math.Max(ef, k), filter, context);
            // Only the closest candidates by code distance are measured again on the floats (RescoreCount).
            MinHeap results = context.Results;
            int rescored = RescoreCount(k);
            while (results.Count > rescored) results.Pop();
            found = DrainResultsSorted(context, exactQuery: prepared);
        }
        else
        {
            Walk(new ExactDistance(this, prepared), Math.Max(ef, k), filter, context);
            found = DrainResultsSorted(context);
        }
        int written = Math.Min(found, k);
        context.SortIds.AsSpan(0, written).CopyTo(labels);
        context.SortDistances.AsSpan(0, written).CopyTo(distances);
        ReturnContext(context);
        return written;
    }

    /// <summary>
    /// How many of a code walk's results are measured again on the float rows: 3k, and at least 32.
    /// A code distance ranks a row close to its exact rank, so the true top k sit near the front;
    /// rescoring all ef of them read 24 cache lines per row for ranks that could not matter. Measured
    /// in process (hnsw-dataset, k 10, ef 100) on four datasets, rescoring 32 or 20 instead of 100
    /// returned the same recall@10 on each (0.9998, 0.9904, 1.0000, 0.6570). On the benchmark's
    /// data, rounds of both interleaved in one process: 5,200–6,400 → 6,500–7,700 queries/s.
    /// Qdrant rescores only k by default (oversampling 1).
    /// </summary>
    private static int RescoreCount(int k) => (int)Math.Clamp(3L * k, 32, int.MaxValue);

    /// <summary>Greedy descent from the entry point, then the best-first walk of layer 0; leaves up to ef results in context.Results.</summary>
    private void Walk<TDistance>(TDistance distanceTo, int ef, ReadOnlySpan<ulong> filter, HnswSearchContext context)
        where TDistance : struct, INodeDistance
    {
        int current = _entryPoint;
        float currentDistance = distanceTo.To(current);
        for (int level = _maxLevel; level > 0; level--)
        {
            current = GreedyClosest(distanceTo, current, ref currentDistance, level, context, concurrent: false);
        }
        SearchLayer(distanceTo, current, 0, ef, filter, context, concurrent: false);
    }

    /// <summary>
    /// Exact k-NN over the given labels (brute force), for filters too selective for the graph.
    /// Deleted labels are skipped. Same output contract as <see cref="Search"/>.
    /// </summary>
    public int SearchExact(ReadOnlySpan<float> query, int k, ReadOnlySpan<int> candidates, Span<int> labels, Span<float> distances)
    {
        if (query.Length != _dimension) ThrowHelper.DimensionMismatch(_dimension, query.Length);
        k = Math.Min(k, Math.Min(labels.Length, distances.Length));
        if (k <= 0 || candidates.IsEmpty) return 0;

        HnswSearchContext context = RentContext();
        float[] prepared = PrepareQuery(query, context);
        MinHeap results = context.Results;
        results.Clear();
        for (int i = 0; i < candidates.Length; i++)
        {
            int label = candidates[i];
            CheckLabel(label);
            if (IsDeletedUnchecked(label)) continue;
            float distance = DistanceToNode(prepared, label);
            if (results.Count < k)
            {
                results.Push(-distance, label);
            }
            else if (distance < -results.TopKey)
            {
                results.Pop();
                results.Push(-distance, label);
            }
        }

        int found = DrainResultsSorted(context);
        context.SortIds.AsSpan(0, found).CopyTo(labels);
        context.SortDistances.AsSpan(0, found).CopyTo(distances);
        ReturnContext(context);
        return found;
    }

    /// <summary>The query as the distance functions expect it, in the context: normalised once for cosine.</summary>
    private float[] PrepareQuery(ReadOnlySpan<float> query, HnswSearchContext context)
    {
        if (_space == DistanceSpace.Cosine) DistanceFunctions.Normalize(query, context.Query);
        else query.CopyTo(context.Query);
        return context.Query;
    }

    /// <summary>Chroma distance from a prepared query to a stored node.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float DistanceToNode(ReadOnlySpan<float> prepared, int node)
    {
        ref float q = ref MemoryMarshal.GetReference(prepared);
        ref float row = ref Row(node);
        return _space switch
        {
            DistanceSpace.L2 => VectorKernels.SquaredL2(ref q, ref row, _dimension),
            DistanceSpace.Cosine => 1f - (VectorKernels.Dot(ref q, ref row, _dimension) * Unsafe.Add(ref row, _dimension)),
            _ => 1f - VectorKernels.Dot(ref q, ref row, _dimension),
        };
    }

    /// <summary>Greedy descent on an upper level with ef = 1: move to a closer neighbour until none is closer.</summary>
    private int GreedyClosest<TDistance>(TDistance distanceTo, int current, ref float currentDistance, int level, HnswSearchContext context, bool concurrent)
        where TDistance : struct, INodeDistance
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            ReadOnlySpan<int> links = ReadLinks(current, level, context, concurrent);
            for (int i = 0; i < links.Length; i++)
            {
                int candidate = links[i];
                float distance = distanceTo.To(candidate);
                if (distance < currentDistance)
                {
                    currentDistance = distance;
                    current = candidate;
                    changed = true;
                }
            }
        }
        return current;
    }

    /// <summary>
    /// Best-first walk of one level from <paramref name="entry"/> (hnswlib searchBaseLayerST).
    /// Leaves up to <paramref name="ef"/> results in context.Results (negated distances). Deleted
    /// or filtered-out nodes are expanded but never enter the results; while such nodes exist
    /// the walk only stops once the results are full, so a filter cannot end it early.
    /// </summary>
    private void SearchLayer<TDistance>(TDistance distanceTo, int entry, int level, int ef, ReadOnlySpan<ulong> filter, HnswSearchContext context, bool concurrent)
        where TDistance : struct, INodeDistance
    {
        ushort[] visited = context.BeginVisit(_count, out ushort generation);
        MinHeap candidates = context.Candidates;
        MinHeap results = context.Results;
        candidates.Clear();
        results.Clear();
        bool hasFilter = !filter.IsEmpty;
        bool skipsSome = hasFilter || _deletedCount > 0;

        float entryDistance = distanceTo.To(entry);
        float lowerBound = float.MaxValue;
        if (IsAccepted(entry, filter, hasFilter))
        {
            results.Push(-entryDistance, entry);
            lowerBound = entryDistance;
        }
        candidates.Push(entryDistance, entry);
        visited[entry] = generation;

        while (candidates.Count > 0)
        {
            float closest = candidates.TopKey;
            if (closest > lowerBound && (results.Count == ef || !skipsSome)) break;
            int node = candidates.TopId;
            candidates.Pop();
            // As hnswlib: start loading the links of the likely next node to expand while this one's
            // neighbours are measured (a closer neighbour pushed meanwhile only wastes the hint).
            if (level == 0 && candidates.Count > 0) PrefetchLinks0(candidates.TopId);

            // Gather the unvisited neighbours and prefetch their rows before computing any distance:
            // the rows are scattered over the whole store, and loads issued together overlap their
            // memory latency instead of paying it once per neighbour.
            ReadOnlySpan<int> links = ReadLinks(node, level, context, concurrent);
            Span<int> fresh = context.Fresh;
            int freshCount = 0;
            for (int i = 0; i < links.Length; i++)
            {
                int neighbour = links[i];
                if (visited[neighbour] == generation) continue;
                visited[neighbour] = generation;
                fresh[freshCount++] = neighbour;
                distanceTo.Prefetch(neighbour);
            }

            for (int i = 0; i < freshCount; i++)
            {
                int neighbour = fresh[i];
                float distance = distanceTo.To(neighbour);
                if (results.Count < ef || distance < lowerBound)
                {
                    candidates.Push(distance, neighbour);
                    if (IsAccepted(neighbour, filter, hasFilter))
                    {
                        results.Push(-distance, neighbour);
                        if (results.Count > ef) results.Pop();
                    }
                    if (results.Count > 0) lowerBound = -results.TopKey;
                }
            }
        }
    }

    /// <summary>A hint to load a node's layer-0 link list into the cache.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void PrefetchLinks0(int node)
    {
        if (!Sse.IsSupported) return;
        byte* links = (byte*)Unsafe.AsPointer(ref _links0[node * _linkStride0]);
        for (int offset = 0; offset < _linkStride0 * sizeof(int); offset += 64) Sse.Prefetch0(links + offset);
    }

    /// <summary>A hint to load the start of a node's row into the cache.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void PrefetchRow(int node)
    {
        if (!Sse.IsSupported) return;
        // A prefetch never faults: if the GC has just moved the chunk, the hint is merely wasted.
        byte* row = (byte*)Unsafe.AsPointer(ref Row(node));
        for (int line = 0; line < _prefetchLines; line++) Sse.Prefetch0(row + (64 * line));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsAccepted(int node, ReadOnlySpan<ulong> filter, bool hasFilter)
    {
        if (IsDeletedUnchecked(node)) return false;
        if (!hasFilter) return true;
        int word = node >> 6;
        return word < filter.Length && (filter[word] & (1UL << (node & 63))) != 0;
    }

    /// <summary>
    /// A node's links on a level. In a parallel build they are copied under the node's lock,
    /// because another worker may be rewriting the list; otherwise they are read in place.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<int> ReadLinks(int node, int level, HnswSearchContext context, bool concurrent)
    {
        Span<int> list = LinkList(node, level);
        if (!concurrent) return list.Slice(1, list[0]);
        LockNode(node);
        int count = list[0];
        list.Slice(1, count).CopyTo(context.Links);
        UnlockNode(node);
        return context.Links.AsSpan(0, count);
    }
}
