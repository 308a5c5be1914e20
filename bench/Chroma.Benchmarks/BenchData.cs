namespace Chroma.Benchmarks;

/// <summary>Deterministic benchmark inputs (bench dataset convention: seed 42).</summary>
internal static class BenchData
{
    /// <summary>Row-major vectors with components uniform in [-1, 1).</summary>
    public static float[] Uniform(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        var vectors = new float[count * dimension];
        for (int i = 0; i < vectors.Length; i++) vectors[i] = (float)((random.NextDouble() * 2) - 1);
        return vectors;
    }
}
