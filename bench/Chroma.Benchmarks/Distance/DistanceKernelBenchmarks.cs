using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Chroma.Core.Distance;

namespace Chroma.Benchmarks.Distance;

/// <summary>
/// Our 4-accumulator kernels against TensorPrimitives at the common 384 dimensions, and the int8
/// code product the HNSW query walk uses (cache-hot here; its gain in the walk is memory traffic).
/// </summary>
[MemoryDiagnoser]
public class DistanceKernelBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private sbyte[] _codes = [];
    private short[] _queryCodes = [];

    [Params(384)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _a = BenchData.Uniform(1, Dimension, seed: 42);
        _b = BenchData.Uniform(1, Dimension, seed: 43);
        _codes = new sbyte[Dimension];
        _queryCodes = new short[Dimension];
        for (int i = 0; i < Dimension; i++)
        {
            _codes[i] = (sbyte)Math.Round(_a[i] * 127);
            _queryCodes[i] = (short)Math.Round(_b[i] * 16383);
        }
    }

    [Benchmark(Baseline = true)]
    public float DotTensorPrimitives() => TensorPrimitives.Dot(_a, _b);

    [Benchmark]
    public float DotKernel() => VectorKernels.Dot(_a, _b);

    [Benchmark]
    public int DotCodes() => VectorKernels.DotCodes(ref _codes[0], ref _queryCodes[0], Dimension);

    [Benchmark]
    public float SquaredL2TensorPrimitives()
    {
        float distance = TensorPrimitives.Distance(_a, _b);
        return distance * distance;
    }

    [Benchmark]
    public float SquaredL2Kernel() => VectorKernels.SquaredL2(_a, _b);
}
