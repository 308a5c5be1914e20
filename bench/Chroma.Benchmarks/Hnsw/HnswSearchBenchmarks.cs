using BenchmarkDotNet.Attributes;
using Chroma.Core.Index.Hnsw;
using Chroma.Core.Model;

namespace Chroma.Benchmarks.Hnsw;

/// <summary>k = 10, ef = 100 queries on a 10k x 384 index; one operation is one query.</summary>
[MemoryDiagnoser]
public class HnswSearchBenchmarks
{
    private const int Count = 10_000;
    private const int Dimension = 384;
    private const int QueryCount = 256;
    private readonly int[] _labels = new int[10];
    private readonly float[] _distances = new float[10];
    private readonly ulong[] _evenLabels = CreateEvenFilter();
    private HnswIndex _index = null!;
    private float[] _queries = [];
    private int _next;

    [Params(DistanceSpace.L2, DistanceSpace.Cosine)]
    public DistanceSpace Space { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _index = new HnswIndex(Dimension, Space, initialCapacity: Count);
        _index.AddRange(BenchData.Uniform(Count, Dimension, seed: 42), Count, numThreads: Environment.ProcessorCount);
        _queries = BenchData.Uniform(QueryCount, Dimension, seed: 7);
    }

    [Benchmark]
    public int SearchK10Ef100()
    {
        int query = _next++ % QueryCount;
        return _index.Search(_queries.AsSpan(query * Dimension, Dimension), 10, 100, _labels, _distances);
    }

    [Benchmark]
    public int SearchK10Ef100HalfFiltered()
    {
        int query = _next++ % QueryCount;
        return _index.Search(_queries.AsSpan(query * Dimension, Dimension), 10, 100, _labels, _distances, _evenLabels);
    }

    private static ulong[] CreateEvenFilter()
    {
        var bits = new ulong[(Count + 63) / 64];
        Array.Fill(bits, 0x5555555555555555UL);
        return bits;
    }
}
