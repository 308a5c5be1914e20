using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Chroma.Core.Memory;
using Chroma.Core.Model;

namespace Chroma.Core.Index.Hnsw;

/// <summary>
/// Our own HNSW graph (after hnswlib). Labels are dense ints 0..Count-1 in insertion order.
/// Stored vectors are the originals (GetVector returns them bit-exact); cosine keeps each
/// vector's inverse norm in one extra float after it, and normalises the query once.
/// <para>
/// Layout: vectors live in append-only chunks of <see cref="ChunkSize"/> rows, so a clone can
/// share every full chunk with its original (a row below Count is never rewritten). Layer-0
/// links are one flat int array, <c>1 + 2M</c> ints per node (count, then neighbours); upper
/// layers are one small array per node with level &gt; 0, <c>1 + M</c> ints per level.
/// </para>
/// <para>
/// Threading: Search/SearchExact/Distance/GetVector may run on many threads at once (all
/// scratch is pooled per call). Add/AddRange/MarkDeleted are single-writer and never run
/// concurrently with a search on the same instance: the engine searches immutable clones.
/// AddRange with several threads synchronises its own workers with per-node spin locks.
/// </para>
/// </summary>
public sealed partial class HnswIndex
{
    internal const int ChunkShift = 10;
    internal const int ChunkSize = 1 << ChunkShift;
    private const int ChunkMask = ChunkSize - 1;
    private const int MaxLevelCap = 31;

    // The neighbour heuristic's slack (DiskANN's alpha, on our distances: squared L2 or 1 - cos).
    // hnswlib prunes a candidate when a kept neighbour is even marginally closer to it than the
    // base is (slack 1). In high dimensions distances concentrate, so on clustered data many
    // candidates are such near-ties, and dropping them cost links the search needed. A 5 % slack
    // keeps them while still spreading links out; larger slacks drift towards plain nearest-M and
    // lose reach. Measured in process (hnsw-dataset, M 16, ef_construction 100, ef_search 100):
    //   bench data, 100k x 384 cosine:          slack 1: 0.9950   1.02: 0.9998   1.05: 0.9998   1.1: 0.9996   1.2: 0.9940   1.4: 0.9642
    //   the same at ef_search 40:               slack 1: 0.9716   1.05: 0.9936
    //   16 clusters, intrinsic dim 64, 50k:     slack 1: 0.9816   1.02: 0.9862   1.05: 0.9904   1.1: 0.9886
    //   50k x 384 l2:                           slack 1: 0.9998   1.05: 1.0000
    //   one Gaussian, 50k x 128 (hard for all): slack 1: 0.6592   1.05: 0.6570   1.1: 0.6626
    // for a build about 5 % slower, queries/s within this machine's noise. Inner product keeps
    // hnswlib's rule: its distances (1 - dot) go negative for unnormalised vectors, where a factor
    // means nothing.
    private const float DefaultPruneSlack = 1.05f;

    private readonly int _dimension;
    private readonly DistanceSpace _space;
    private readonly int _maxNeighbors;
    private readonly int _maxNeighbors0;
    private readonly int _efConstruction;
    private readonly int _stride;          // floats per stored row: dimension (+1 inverse norm for cosine)
    private readonly int _prefetchLines;   // cache lines of a row prefetched ahead of its distance
    private readonly int _codeStride;      // bytes per code row: dimension rounded up to CodeAlignment, zero-padded
    private readonly int _queryCodeMax;    // largest query code DotCodes can take at this stride
    private readonly int _linkStride0;     // ints per node on layer 0: count + 2M links
    private readonly int _linkStrideUpper; // ints per node and upper level: count + M links
    private readonly double _levelMultiplier;
    private readonly float _pruneSlack;
    private readonly object _entryLock = new();
    private readonly Stack<HnswSearchContext> _contextPool = new();

    // Chunk i holds rows [i*ChunkSize, (i+1)*ChunkSize). Every chunk but the last is full; the
    // last may be shorter than ChunkSize rows and is grown by reallocation (it is never shared).
    private float[][] _chunks;
    private sbyte[]?[] _codeChunks; // row for row with _chunks once trained (HnswIndex.Codes.cs)
    private int _chunkCount;
    private int[] _links0;
    private int[]?[] _upperLinks;
    private byte[] _levels;
    private ulong[] _deleted;
    private float[] _codeFactors;  // per node, side by side: the value of one code step, the exact part of a code distance
    private float[] _codeMean;     // empty until the codes are trained; never changed after
    private readonly float[] _encodeScratch;
    private int[]? _nodeLocks; // only while a parallel AddRange runs
    private int _capacity;
    private int _count;
    private int _deletedCount;
    private int _entryPoint = -1;
    private int _maxLevel = -1;
    private ulong _rngState;

    public HnswIndex(int dimension, DistanceSpace space, int maxNeighbors = 16, int efConstruction = 100, int initialCapacity = 1024, int seed = 100)
        : this(dimension, space, maxNeighbors, efConstruction, Math.Max(initialCapacity, 1), (ulong)(uint)seed, allocate: true)
    {
    }

    private HnswIndex(int dimension, DistanceSpace space, int maxNeighbors, int efConstruction, int capacity, ulong rngState, bool allocate)
    {
        if (dimension <= 0) ThrowHelper.InvalidArgument($"HNSW dimension must be positive, got {dimension}.");
        if (space is not (DistanceSpace.L2 or DistanceSpace.Cosine or DistanceSpace.InnerProduct))
            ThrowHelper.InvalidArgument($"Unknown distance space {(byte)space}.");
        if (maxNeighbors < 2) ThrowHelper.InvalidArgument($"HNSW max_neighbors must be at least 2, got {maxNeighbors}.");
        if (efConstruction < 1) ThrowHelper.InvalidArgument($"HNSW ef_construction must be at least 1, got {efConstruction}.");

        _dimension = dimension;
        _space = space;
        _maxNeighbors = maxNeighbors;
        _maxNeighbors0 = 2 * maxNeighbors;
        _efConstruction = efConstruction;
        _stride = space == DistanceSpace.Cosine ? dimension + 1 : dimension;
        // Up to 8 lines (512 bytes): on 100k x 384 cosine rows that beat 2 lines by 10 % and the
        // whole row (24 lines) by 8 % in queries/s; the hardware prefetcher streams the rest.
        _prefetchLines = Math.Min(8, ((_stride * sizeof(float)) + 63) / 64);
        _codeStride = CodeStrideOf(dimension);
        _queryCodeMax = QueryCodeMaxOf(_codeStride);
        _linkStride0 = 1 + _maxNeighbors0;
        _linkStrideUpper = 1 + maxNeighbors;
        _levelMultiplier = 1.0 / Math.Log(maxNeighbors);
        _pruneSlack = space == DistanceSpace.InnerProduct ? 1f : DefaultPruneSlack;
        _rngState = rngState;

        _chunks = [];
        _codeChunks = [];
        _codeFactors = [];
        _codeMean = [];
        _encodeScratch = new float[dimension];
        _links0 = [];
        _upperLinks = [];
        _levels = [];
        _deleted = [];
        if (allocate) EnsureCapacity(capacity);
    }

    public int Dimension => _dimension;
    public DistanceSpace Space => _space;
    public int MaxNeighbors => _maxNeighbors;
    public int EfConstruction => _efConstruction;

    /// <summary>Labels are 0..Count-1, deleted ones included.</summary>
    public int Count => _count;
    public int DeletedCount => _deletedCount;

    /// <summary>
    /// Bytes this index holds in arrays: vector rows (allocated chunks), links of every layer,
    /// levels, the deleted bitmap and the codes. A clone counts the chunks it shares with its original.
    /// </summary>
    public long EstimatedBytes
    {
        get
        {
            long bytes = ((long)_links0.Length * sizeof(int)) + _levels.Length + ((long)_deleted.Length * sizeof(ulong))
                + ((long)_codeFactors.Length * sizeof(float));
            for (int i = 0; i < _chunkCount; i++) bytes += ((long)_chunks[i].Length * sizeof(float)) + (_codeChunks[i]?.Length ?? 0);
            foreach (int[]? links in _upperLinks)
            {
                if (links is not null) bytes += HeapSize.Array(links.Length, sizeof(int));
            }

            return bytes;
        }
    }

    /// <summary>The original vector, bit-exact as added. Valid as long as the index lives.</summary>
    public ReadOnlySpan<float> GetVector(int label)
    {
        CheckLabel(label);
        return MemoryMarshal.CreateReadOnlySpan(ref Row(label), _dimension);
    }

    /// <summary>Never returned by searches again; still traversed so the graph stays connected.</summary>
    public void MarkDeleted(int label)
    {
        CheckLabel(label);
        ref ulong word = ref _deleted[label >> 6];
        ulong bit = 1UL << (label & 63);
        if ((word & bit) != 0) return;
        word |= bit;
        _deletedCount++;
    }

    public bool IsDeleted(int label)
    {
        CheckLabel(label);
        return IsDeletedUnchecked(label);
    }

    /// <summary>
    /// Chroma distance between a query and a stored vector, computed exactly as Search computes
    /// it (same prepared query, same kernel), so the two never disagree in the last bit.
    /// </summary>
    public float Distance(ReadOnlySpan<float> query, int label)
    {
        if (query.Length != _dimension) ThrowHelper.DimensionMismatch(_dimension, query.Length);
        CheckLabel(label);
        HnswSearchContext context = RentContext();
        float distance = DistanceToNode(PrepareQuery(query, context), label);
        ReturnContext(context);
        return distance;
    }

    /// <summary>
    /// An independent copy for the next index version, with room for <paramref name="capacity"/>
    /// nodes (at least Count). Full vector chunks are shared (rows below Count are immutable); the
    /// partially filled last chunk, the links, levels and the deleted bitset are copied because
    /// either side may still write them.
    /// <para>The per-node arrays are sized to what the caller will insert, not doubled: a version is
    /// copied whole by the next one anyway, so slack would buy nothing and stay resident (at 100k
    /// nodes the layer-0 links alone are 13 MB).</para>
    /// </summary>
    public HnswIndex Clone(int capacity = 0)
    {
        capacity = Math.Max(Math.Max(capacity, _count), 1);
        EnsureLinksFit(capacity, capacity);
        var clone = new HnswIndex(_dimension, _space, _maxNeighbors, _efConstruction, capacity, _rngState, allocate: false);
        clone._capacity = capacity;
        clone._chunks = new float[_chunks.Length][];
        clone._codeChunks = new sbyte[_codeChunks.Length][];
        int fullChunks = _count >> ChunkShift;
        int usedChunks = (_count + ChunkMask) >> ChunkShift;
        for (int c = 0; c < usedChunks; c++)
        {
            clone._chunks[c] = c < fullChunks ? _chunks[c] : (float[])_chunks[c].Clone();
            clone._codeChunks[c] = c < fullChunks ? _codeChunks[c] : (sbyte[]?)_codeChunks[c]?.Clone();
        }
        clone._chunkCount = usedChunks;
        clone._codeFactors = CopyPrefix(_codeFactors, 2 * _count, 2 * capacity);
        clone._codeMean = _codeMean;
        clone._links0 = CopyPrefix(_links0, _count * _linkStride0, capacity * _linkStride0);
        clone._levels = CopyPrefix(_levels, _count, capacity);
        clone._deleted = CopyPrefix(_deleted, (_count + 63) >> 6, (capacity + 63) >> 6);
        clone._upperLinks = new int[]?[capacity];
        for (int i = 0; i < _count; i++)
        {
            int[]? upper = _upperLinks[i];
            if (upper is not null) clone._upperLinks[i] = (int[])upper.Clone();
        }
        clone._count = _count;
        clone._deletedCount = _deletedCount;
        clone._entryPoint = _entryPoint;
        clone._maxLevel = _maxLevel;
        return clone;
    }

    private static T[] CopyPrefix<T>(T[] source, int used, int length)
    {
        var copy = new T[length];
        Array.Copy(source, copy, used);
        return copy;
    }

    /// <summary>Throws unless layer-0 links for <paramref name="capacity"/> nodes fit in one array.</summary>
    private void EnsureLinksFit(int capacity, int requested)
    {
        if ((long)capacity * _linkStride0 > Array.MaxLength)
            ThrowHelper.InvalidArgument($"HNSW index cannot hold {requested} vectors with max_neighbors {_maxNeighbors}.");
    }

    /// <summary>Grows every per-node structure to hold at least <paramref name="required"/> nodes.</summary>
    private void EnsureCapacity(int required)
    {
        if (required > _capacity)
        {
            int capacity = (int)Math.Min(Math.Max((long)_capacity * 2, required), Array.MaxLength);
            EnsureLinksFit(capacity, required);
            Array.Resize(ref _links0, capacity * _linkStride0);
            Array.Resize(ref _upperLinks, capacity);
            Array.Resize(ref _levels, capacity);
            Array.Resize(ref _deleted, (capacity + 63) >> 6);
            Array.Resize(ref _codeFactors, 2 * capacity);
            if (_nodeLocks is not null) Array.Resize(ref _nodeLocks, capacity);
            _capacity = capacity;
        }
        EnsureRows(required);
    }

    private void EnsureRows(int required)
    {
        if (required == 0) return;
        int lastChunk = (required - 1) >> ChunkShift;
        if (lastChunk >= _chunks.Length)
        {
            int chunkSlots = Math.Max(lastChunk + 1, _chunks.Length * 2);
            Array.Resize(ref _chunks, chunkSlots);
            Array.Resize(ref _codeChunks, chunkSlots);
        }

        // Earlier chunks must be full-size before a later one exists (only the last one is short).
        for (int c = 0; c <= lastChunk; c++)
        {
            int rows = c < lastChunk ? ChunkSize : ((required - 1) & ChunkMask) + 1;
            float[]? chunk = c < _chunkCount ? _chunks[c] : null;
            int have = chunk is null ? 0 : chunk.Length / _stride;
            if (have >= rows) continue;
            int grown = c < lastChunk ? ChunkSize : (int)Math.Min(ChunkSize, Math.Max(rows, Math.Max(have * 2, 16)));
            var replacement = new float[grown * _stride];
            if (chunk is not null) chunk.AsSpan().CopyTo(replacement);
            _chunks[c] = replacement;
            if (HasCodes) EnsureCodeChunk(c);
        }
        _chunkCount = Math.Max(_chunkCount, lastChunk + 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref float Row(int label) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_chunks[label >> ChunkShift]), (label & ChunkMask) * _stride);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsDeletedUnchecked(int label) => (_deleted[label >> 6] & (1UL << (label & 63))) != 0;

    /// <summary>Link list of a node on a level: element 0 is the count, the links follow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<int> LinkList(int node, int level) => level == 0
        ? _links0.AsSpan(node * _linkStride0, _linkStride0)
        : _upperLinks[node].AsSpan((level - 1) * _linkStrideUpper, _linkStrideUpper);

    /// <summary>A node's layer-0 links, as the graph holds them (for tests of the neighbour heuristic).</summary>
    internal ReadOnlySpan<int> Layer0Links(int label)
    {
        CheckLabel(label);
        Span<int> list = LinkList(label, 0);
        return list.Slice(1, list[0]);
    }

    private void CheckLabel(int label)
    {
        if ((uint)label >= (uint)_count) ThrowLabelOutOfRange(label);
    }

    private void ThrowLabelOutOfRange(int label) =>
        throw new ArgumentOutOfRangeException(nameof(label), label, $"Label must be in [0, {_count}).");

    private HnswSearchContext RentContext()
    {
        lock (_contextPool)
        {
            if (_contextPool.Count > 0) return _contextPool.Pop();
        }
        return new HnswSearchContext(_dimension, _codeStride, _maxNeighbors0);
    }

    private void ReturnContext(HnswSearchContext context)
    {
        lock (_contextPool)
        {
            // Bounded: one context per concurrently searching thread is all that is ever reused.
            if (_contextPool.Count < 64) _contextPool.Push(context);
        }
    }
}
