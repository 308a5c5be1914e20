using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Chroma.Core.Distance;

namespace Chroma.Benchmarks.Distance;

/// <summary>Our 4-accumulator kernels against TensorPrimitives at the common 384 dimensions.</summary>
[MemoryDiagnoser]
public class DistanceKernelBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];

    [Params(384)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _a = BenchData.Uniform(1, Dimension, seed: 42);
        _b = BenchData.Uniform(1, Dimension, seed: 43);
    }

    [Benchmark(Baseline = true)]
    public float DotTensorPrimitives() => TensorPrimitives.Dot(_a, _b);

    [Benchmark]
    public float DotKernel() => VectorKernels.Dot(_a, _b);

    [Benchmark]
    public float SquaredL2TensorPrimitives()
    {
        float distance = TensorPrimitives.Distance(_a, _b);
        return distance * distance;
    }

    [Benchmark]
    public float SquaredL2Kernel() => VectorKernels.SquaredL2(_a, _b);
}
