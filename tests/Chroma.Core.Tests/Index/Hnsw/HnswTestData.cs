using Chroma.Core.Model;

namespace Chroma.Core.Tests.Index.Hnsw;

/// <summary>Deterministic clustered data and a double-precision brute-force reference.</summary>
internal static class HnswTestData
{
    /// <summary>Row-major vectors around <paramref name="clusters"/> Gaussian centres.</summary>
    public static float[] Clustered(int count, int dimension, int clusters, int seed)
    {
        var random = new Random(seed);
        var centres = new float[clusters * dimension];
        for (int i = 0; i < centres.Length; i++) centres[i] = (float)Gaussian(random);
        var vectors = new float[count * dimension];
        for (int v = 0; v < count; v++)
        {
            int c = random.Next(clusters);
            for (int d = 0; d < dimension; d++)
            {
                vectors[(v * dimension) + d] = centres[(c * dimension) + d] + (float)(0.3 * Gaussian(random));
            }
        }
        return vectors;
    }

    public static double Distance(DistanceSpace space, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, l2 = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            double d = (double)a[i] - b[i];
            l2 += d * d;
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return space switch
        {
            DistanceSpace.L2 => l2,
            DistanceSpace.Cosine => 1 - (dot / ((Math.Sqrt(na) + 1e-32) * (Math.Sqrt(nb) + 1e-32))),
            _ => 1 - dot,
        };
    }

    /// <summary>The k nearest of the allowed labels, closest first.</summary>
    public static int[] BruteForce(DistanceSpace space, float[] vectors, int dimension, ReadOnlySpan<float> query, int k, Func<int, bool>? allowed = null)
    {
        int count = vectors.Length / dimension;
        var scored = new List<(double Distance, int Label)>(count);
        for (int i = 0; i < count; i++)
        {
            if (allowed is not null && !allowed(i)) continue;
            scored.Add((Distance(space, query, vectors.AsSpan(i * dimension, dimension)), i));
        }
        scored.Sort();
        return scored.Take(k).Select(s => s.Label).ToArray();
    }

    public static double Recall(IReadOnlyList<int[]> truth, IReadOnlyList<int[]> found)
    {
        int hits = 0, total = 0;
        for (int q = 0; q < truth.Count; q++)
        {
            var expected = new HashSet<int>(truth[q]);
            total += expected.Count;
            foreach (int label in found[q]) if (expected.Contains(label)) hits++;
        }
        return total == 0 ? 1 : (double)hits / total;
    }

    public static ulong[] Bitset(int count, Func<int, bool> allowed)
    {
        var bits = new ulong[(count + 63) / 64];
        for (int i = 0; i < count; i++) if (allowed(i)) bits[i >> 6] |= 1UL << (i & 63);
        return bits;
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
