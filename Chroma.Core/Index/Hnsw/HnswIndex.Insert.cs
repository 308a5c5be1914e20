using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Chroma.Core.Distance;
using Chroma.Core.Model;

namespace Chroma.Core.Index.Hnsw;

// Insertion (hnswlib addPoint / mutuallyConnectNewElement / getNeighborsByHeuristic2).
public sealed partial class HnswIndex
{
    /// <summary>Adds one vector; returns its label (the Count before the call).</summary>
    public int Add(ReadOnlySpan<float> vector)
    {
        if (vector.Length != _dimension) ThrowHelper.DimensionMismatch(_dimension, vector.Length);
        int label = _count;
        EnsureCapacity(label + 1);
        StoreNode(label, vector);
        _count = label + 1;
        EnsureCodes();
        HnswSearchContext context = RentContext();
        Insert(label, context, concurrent: false);
        ReturnContext(context);
        return label;
    }

    /// <summary>
    /// Adds <paramref name="count"/> row-major vectors; returns the first label. With more than
    /// one thread the workers insert in parallel, synchronised by per-node spin locks (hnswlib's
    /// scheme): the graph then depends on scheduling, its recall does not.
    /// </summary>
    public int AddRange(ReadOnlySpan<float> vectors, int count, int numThreads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if ((long)count * _dimension != vectors.Length)
            ThrowHelper.InvalidArgument($"Expected {count} vectors of dimension {_dimension} ({(long)count * _dimension} floats), got {vectors.Length} floats.");
        int first = _count;
        if (count == 0) return first;

        // Rows, levels and upper-link arrays are all written before any worker starts, so the
        // workers never reallocate and every row they can reach is already complete.
        EnsureCapacity(first + count);
        for (int i = 0; i < count; i++)
        {
            StoreNode(first + i, vectors.Slice(i * _dimension, _dimension));
        }
        _count = first + count;
        EnsureCodes();

        if (numThreads <= 1 || count < 2 * numThreads)
        {
            HnswSearchContext context = RentContext();
            for (int label = first; label < first + count; label++) Insert(label, context, concurrent: false);
            ReturnContext(context);
        }
        else
        {
            InsertParallel(first, first + count, numThreads);
        }
        return first;
    }

    private void InsertParallel(int first, int end, int numThreads)
    {
        if (_nodeLocks is null || _nodeLocks.Length < _capacity) _nodeLocks = new int[_capacity];
        int next = first - 1;
        var options = new ParallelOptions { MaxDegreeOfParallelism = numThreads };
        Parallel.For(0, numThreads, options, _ =>
        {
            HnswSearchContext context = RentContext();
            int label;
            while ((label = Interlocked.Increment(ref next)) < end) Insert(label, context, concurrent: true);
            ReturnContext(context);
        });
        // Locks are only needed while workers run; dropping them keeps clones and idle indexes lean.
        _nodeLocks = null;
    }

    /// <summary>Copies the row (plus inverse norm for cosine), draws the level and sizes its links.</summary>
    private void StoreNode(int label, ReadOnlySpan<float> vector)
    {
        Span<float> row = MemoryMarshal.CreateSpan(ref Row(label), _stride);
        vector.CopyTo(row);
        if (_space == DistanceSpace.Cosine) row[_dimension] = DistanceFunctions.InverseNorm(vector);
        if (HasCodes) EncodeRow(label);

        int level = RandomLevel();
        _levels[label] = (byte)level;
        _links0.AsSpan(label * _linkStride0, _linkStride0).Clear();
        _upperLinks[label] = level > 0 ? new int[level * _linkStrideUpper] : null;
    }

    /// <summary>floor(-ln(U) / ln(M)) from a SplitMix64 stream seeded by the constructor.</summary>
    private int RandomLevel()
    {
        ulong z = _rngState += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        double uniform = ((z >> 11) + 1) * (1.0 / (1UL << 53)); // (0, 1]: never ln(0)
        return Math.Min((int)(-Math.Log(uniform) * _levelMultiplier), MaxLevelCap);
    }

    private void Insert(int label, HnswSearchContext context, bool concurrent)
    {
        int level = _levels[label];
        float[] query = PrepareQuery(MemoryMarshal.CreateReadOnlySpan(ref Row(label), _dimension), context);
        var exact = new ExactDistance(this, query);

        // As hnswlib: a node that raises the top level holds the entry lock for its whole
        // insertion, so no other worker descends from an entry point that is still unlinked.
        bool holdsEntryLock = true;
        Monitor.Enter(_entryLock);
        try
        {
            int entry = _entryPoint;
            int maxLevel = _maxLevel;
            if (level <= maxLevel)
            {
                Monitor.Exit(_entryLock);
                holdsEntryLock = false;
            }
            if (entry < 0)
            {
                _entryPoint = label;
                _maxLevel = level;
                return;
            }

            int current = entry;
            if (level < maxLevel)
            {
                float currentDistance = exact.To(current);
                for (int l = maxLevel; l > level; l--)
                {
                    current = GreedyClosest(exact, current, ref currentDistance, l, context, concurrent);
                }
            }

            for (int l = Math.Min(level, maxLevel); l >= 0; l--)
            {
                SearchLayer(exact, current, l, _efConstruction, default, context, concurrent);
                if (IsDeletedUnchecked(current))
                {
                    // A deleted entry is never a result, but must stay a candidate link so the
                    // new node is not left unconnected when everything nearby is deleted.
                    context.Results.Push(-DistanceToNode(query, current), current);
                }
                current = ConnectNewNode(label, l, context, concurrent);
            }

            if (level > maxLevel)
            {
                _entryPoint = label;
                _maxLevel = level;
            }
        }
        finally
        {
            if (holdsEntryLock) Monitor.Exit(_entryLock);
        }
    }

    /// <summary>
    /// Links the new node to the heuristic pick of the walk's results on one level, and each
    /// picked neighbour back to it, shrinking the neighbour's list by the same heuristic when full.
    /// Returns the closest pick: the entry point of the next level down.
    /// </summary>
    private int ConnectNewNode(int label, int level, HnswSearchContext context, bool concurrent)
    {
        int found = DrainResultsSorted(context);
        // hnswlib selects M on every level; layer 0 only allows neighbours to grow to 2M.
        int selected = SelectByHeuristic(context.SortIds, context.SortDistances, found, _maxNeighbors);
        context.EnsureSelectedCapacity(selected);
        int[] picks = context.Selected;
        context.SortIds.AsSpan(0, selected).CopyTo(picks);

        if (concurrent) LockNode(label);
        Span<int> own = LinkList(label, level);
        own[0] = selected;
        picks.AsSpan(0, selected).CopyTo(own[1..]);
        if (concurrent) UnlockNode(label);

        int maxLinks = level == 0 ? _maxNeighbors0 : _maxNeighbors;
        for (int i = 0; i < selected; i++)
        {
            int neighbour = picks[i];
            if (concurrent) LockNode(neighbour);
            Span<int> links = LinkList(neighbour, level);
            int linkCount = links[0];
            if (linkCount < maxLinks)
            {
                links[1 + linkCount] = label;
                links[0] = linkCount + 1;
            }
            else
            {
                int[] ids = context.PruneIds;
                float[] distances = context.PruneDistances;
                for (int j = 0; j < linkCount; j++)
                {
                    int other = links[1 + j];
                    ids[j] = other;
                    distances[j] = DistanceBetween(neighbour, other);
                }
                ids[linkCount] = label;
                distances[linkCount] = DistanceBetween(neighbour, label);
                distances.AsSpan(0, linkCount + 1).Sort(ids.AsSpan(0, linkCount + 1));
                int kept = SelectByHeuristic(ids, distances, linkCount + 1, maxLinks);
                ids.AsSpan(0, kept).CopyTo(links[1..]);
                links[0] = kept;
            }
            if (concurrent) UnlockNode(neighbour);
        }
        return picks[0];
    }

    /// <summary>
    /// hnswlib's getNeighborsByHeuristic2 on candidates sorted closest first, with a slack
    /// (<see cref="DefaultPruneSlack"/>): keep a candidate unless some already kept one is closer
    /// to it than its distance to the base divided by the slack, so links spread in different
    /// directions. Kept candidates are compacted to the front; returns how many.
    /// </summary>
    private int SelectByHeuristic(int[] ids, float[] distances, int count, int max)
    {
        if (count <= max) return count;
        float slack = _pruneSlack;
        int kept = 0;
        for (int i = 0; i < count && kept < max; i++)
        {
            int candidate = ids[i];
            float toBase = distances[i];
            bool good = true;
            for (int j = 0; j < kept; j++)
            {
                if (DistanceBetween(ids[j], candidate) * slack < toBase)
                {
                    good = false;
                    break;
                }
            }
            if (good)
            {
                // kept <= i: the slot written was already consumed.
                ids[kept] = candidate;
                distances[kept] = toBase;
                kept++;
            }
        }
        return kept;
    }

    /// <summary>
    /// Moves the result heap into SortIds/SortDistances, closest first; returns the count. With
    /// <paramref name="exactQuery"/> (a code walk's results), each distance is measured again on
    /// the float rows, which are prefetched together first, as in the walk.
    /// </summary>
    private int DrainResultsSorted(HnswSearchContext context, float[]? exactQuery = null)
    {
        MinHeap results = context.Results;
        int count = results.Count;
        context.EnsureSortCapacity(count);
        ReadOnlySpan<int> ids = results.Ids;
        float[] distances = context.SortDistances;
        if (exactQuery is null)
        {
            ReadOnlySpan<float> keys = results.Keys;
            for (int i = 0; i < count; i++) distances[i] = -keys[i];
        }
        else
        {
            for (int i = 0; i < count; i++) PrefetchRow(ids[i]);
            for (int i = 0; i < count; i++) distances[i] = DistanceToNode(exactQuery, ids[i]);
        }
        ids.CopyTo(context.SortIds);
        distances.AsSpan(0, count).Sort(context.SortIds.AsSpan(0, count));
        results.Clear();
        return count;
    }

    /// <summary>Chroma distance between two stored nodes.</summary>
    private float DistanceBetween(int a, int b)
    {
        ref float rowA = ref Row(a);
        ref float rowB = ref Row(b);
        return _space switch
        {
            DistanceSpace.L2 => VectorKernels.SquaredL2(ref rowA, ref rowB, _dimension),
            DistanceSpace.Cosine => 1f - (VectorKernels.Dot(ref rowA, ref rowB, _dimension)
                * Unsafe.Add(ref rowA, _dimension) * Unsafe.Add(ref rowB, _dimension)),
            _ => 1f - VectorKernels.Dot(ref rowA, ref rowB, _dimension),
        };
    }

    private void LockNode(int node)
    {
        ref int gate = ref _nodeLocks![node];
        if (Interlocked.CompareExchange(ref gate, 1, 0) == 0) return;
        var spinner = default(SpinWait);
        while (Interlocked.CompareExchange(ref gate, 1, 0) != 0) spinner.SpinOnce();
    }

    private void UnlockNode(int node) => Volatile.Write(ref _nodeLocks![node], 0);
}
