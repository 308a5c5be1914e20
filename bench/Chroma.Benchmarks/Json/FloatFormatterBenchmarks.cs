using System.Globalization;
using BenchmarkDotNet.Attributes;
using Chroma.Api.Json;

namespace Chroma.Benchmarks.Json;

/// <summary>
/// Shortest round-trip float32 text, per value, over one GET response's worth of embeddings:
/// 100 records of 384 dimensions, components uniform in [-1, 1) (random mantissas, like model output).
/// Both write into one reused buffer, as JsonNumbers.WriteFloatArray does.
/// </summary>
[MemoryDiagnoser]
public class FloatFormatterBenchmarks
{
    private const int Count = 100 * 384;

    private float[] _values = [];
    private byte[] _buffer = [];

    [GlobalSetup]
    public void Setup()
    {
        _values = BenchData.Uniform(100, 384, seed: 42);
        _buffer = new byte[Count * (FloatFormatter.MaxLength + 1)];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public int DotnetTryFormat()
    {
        Span<byte> buffer = _buffer;
        int at = 0;
        foreach (float value in _values)
        {
            value.TryFormat(buffer[at..], out int length, default, CultureInfo.InvariantCulture);
            at += length + 1;
        }

        return at;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int Schubfach()
    {
        Span<byte> buffer = _buffer;
        int at = 0;
        foreach (float value in _values)
        {
            at += FloatFormatter.Format(value, buffer[at..]) + 1;
        }

        return at;
    }
}
