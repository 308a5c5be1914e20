namespace Chroma.Core.Index.Hnsw;

/// <summary>
/// Per-call scratch of one search or one insertion, pooled by its index so the graph walk
/// allocates nothing. The visited set is a mark array with a generation counter (hnswlib's
/// VisitedList, qdrant's visited_pool): starting a walk bumps the generation instead of
/// clearing, and the array is cleared only when the 16-bit generation wraps.
/// </summary>
internal sealed class HnswSearchContext
{
    private ushort[] _visited = [];
    private ushort _generation;

    public HnswSearchContext(int dimension, int codeStride, int maxLinks)
    {
        Query = new float[dimension];
        QueryResidual = new float[dimension];
        QueryCodes = new short[codeStride];
        Links = new int[maxLinks + 1];
        Fresh = new int[maxLinks + 1];
        PruneIds = new int[maxLinks + 1];
        PruneDistances = new float[maxLinks + 1];
    }

    /// <summary>The prepared query (normalised for cosine).</summary>
    public float[] Query { get; }

    /// <summary>What the code walk quantises: the prepared query minus the codes' mean.</summary>
    public float[] QueryResidual { get; }

    /// <summary>The prepared query quantised for the code walk, zero-padded to the code stride.</summary>
    public short[] QueryCodes { get; }

    /// <summary>Closest-first frontier of the walk.</summary>
    public MinHeap Candidates { get; } = new();

    /// <summary>The best ef found so far, stored with negated distances so the top is the worst.</summary>
    public MinHeap Results { get; } = new();

    /// <summary>A node's links copied under its lock (parallel build only).</summary>
    public int[] Links { get; }

    /// <summary>The unvisited neighbours of the node being expanded.</summary>
    public int[] Fresh { get; }

    /// <summary>Sorted candidates for neighbour selection and result output.</summary>
    public int[] SortIds { get; private set; } = new int[128];
    public float[] SortDistances { get; private set; } = new float[128];

    /// <summary>Neighbours chosen for the node being inserted (SortIds is reused while they are linked).</summary>
    public int[] Selected { get; private set; } = new int[32];

    /// <summary>An existing neighbour's links plus the new node, while that list is shrunk.</summary>
    public int[] PruneIds { get; }
    public float[] PruneDistances { get; }

    public void EnsureSortCapacity(int count)
    {
        if (SortIds.Length >= count) return;
        int size = Math.Max(count, SortIds.Length * 2);
        SortIds = new int[size];
        SortDistances = new float[size];
    }

    public void EnsureSelectedCapacity(int count)
    {
        if (Selected.Length < count) Selected = new int[count];
    }

    /// <summary>Starts a new walk over labels below <paramref name="capacity"/>; returns the mark array.</summary>
    public ushort[] BeginVisit(int capacity, out ushort generation)
    {
        if (_visited.Length < capacity)
        {
            _visited = new ushort[Math.Max(capacity, _visited.Length * 2)];
            _generation = 0;
        }
        _generation++;
        if (_generation == 0)
        {
            Array.Clear(_visited);
            _generation = 1;
        }
        generation = _generation;
        return _visited;
    }
}
