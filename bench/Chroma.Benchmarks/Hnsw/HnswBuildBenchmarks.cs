using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Chroma.Core.Index.Hnsw;
using Chroma.Core.Model;

namespace Chroma.Benchmarks.Hnsw;

/// <summary>Building a 10k x 384 index (M 16, efC 100) sequentially and with two threads.</summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class HnswBuildBenchmarks
{
    private const int Count = 10_000;
    private const int Dimension = 384;
    private float[] _vectors = [];

    [Params(DistanceSpace.Cosine)]
    public DistanceSpace Space { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup() => _vectors = BenchData.Uniform(Count, Dimension, seed: 42);

    [Benchmark]
    public int Build()
    {
        var index = new HnswIndex(Dimension, Space, initialCapacity: Count);
        index.AddRange(_vectors, Count, Threads);
        return index.Count;
    }
}
