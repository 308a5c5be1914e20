using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Chroma.Core.Index.Hnsw;
using Chroma.Core.Model;

namespace Chroma.Benchmarks.Hnsw;

/// <summary>
/// The in-process counterpart of bench/compare/lib-baselines.mjs: builds our HNSW index over the
/// file that bench/compare/export-dataset.mjs writes (the same vectors, queries and exact ground
/// truth the JavaScript baselines use) and reports build time, single-thread queries/s, p50 and
/// recall@k, measured the way lib-baselines measures hnswlib (20 warm-up queries, then all).
/// <code>dotnet run -c Release --project bench/Chroma.Benchmarks -- hnsw-dataset FILE [--threads 1] [--m 16] [--ef-construction 100] [--ef-search 100]</code>
/// </summary>
internal static class HnswDatasetRun
{
    public const string Command = "hnsw-dataset";

    public static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine($"usage: {Command} FILE [--threads N] [--m 16] [--ef-construction 100] [--ef-search 100]");
            return 2;
        }

        int threads = Option(args, "--threads", 1);
        int m = Option(args, "--m", 16);
        int efConstruction = Option(args, "--ef-construction", 100);
        int efSearch = Option(args, "--ef-search", 100);
        var data = Dataset.Read(args[0]);

        var build = Stopwatch.StartNew();
        var index = new HnswIndex(data.Dimension, data.Space, m, efConstruction, initialCapacity: data.Count);
        index.AddRange(data.Vectors, data.Count, threads);
        double buildSeconds = build.Elapsed.TotalSeconds;

        var labels = new int[data.K];
        var distances = new float[data.K];
        // A second of warm-up, so that the search code is rejitted at tier 1 before it is timed
        // (the build does not run the search's code walk, so it cannot warm it).
        var warmUp = Stopwatch.StartNew();
        for (int q = 0; warmUp.ElapsedMilliseconds < 1000; q = (q + 1) % data.QueryCount)
        {
            index.Search(data.Query(q), data.K, efSearch, labels, distances);
        }

        var latencies = new double[data.QueryCount];
        int hits = 0;
        var all = Stopwatch.StartNew();
        for (int q = 0; q < data.QueryCount; q++)
        {
            long start = Stopwatch.GetTimestamp();
            int found = index.Search(data.Query(q), data.K, efSearch, labels, distances);
            latencies[q] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            ReadOnlySpan<int> truth = data.Truth(q);
            for (int i = 0; i < found; i++)
            {
                if (truth.Contains(labels[i])) hits++;
            }
        }

        double querySeconds = all.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"chroma-aspire hnsw: n={data.Count} dim={data.Dimension} {data.Space} M={m} ef_construction={efConstruction} ef_search={efSearch} threads={threads}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"build {buildSeconds:F1} s ({data.Count / buildSeconds:F0} records/s), {data.QueryCount / querySeconds:F0} QPS, p50 {latencies[latencies.Length / 2]:F3} ms, recall@{data.K} {(double)hits / (data.QueryCount * data.K):F4}"));
        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed record Dataset(int Count, int Dimension, int QueryCount, int K, DistanceSpace Space, float[] Vectors, float[] Queries, int[] TruthIds)
    {
        private const int Version = 1;

        public ReadOnlySpan<float> Query(int q) => Queries.AsSpan(q * Dimension, Dimension);

        public ReadOnlySpan<int> Truth(int q) => TruthIds.AsSpan(q * K, K);

        /// <summary>export-dataset.mjs's layout: "CBDS", u32 version, n, dim, queries, k, space, then the arrays.</summary>
        public static Dataset Read(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            ReadOnlySpan<byte> span = bytes;
            if (!span.StartsWith("CBDS"u8) || BinaryPrimitives.ReadUInt32LittleEndian(span[4..]) != Version)
                throw new InvalidDataException($"{path} is not a version {Version} dataset written by bench/compare/export-dataset.mjs");

            int n = ReadInt(span, 1), dimension = ReadInt(span, 2), queries = ReadInt(span, 3), k = ReadInt(span, 4);
            var space = ReadInt(span, 5) == 0 ? DistanceSpace.Cosine : DistanceSpace.L2;
            long expected = 28L + (4L * n * dimension) + (4L * queries * dimension) + (4L * queries * k);
            if (bytes.Length != expected) throw new InvalidDataException($"{path} has {bytes.Length} bytes, its header says {expected}");

            int at = 28;
            float[] vectors = ReadArray<float>(span, ref at, n * dimension);
            float[] queryVectors = ReadArray<float>(span, ref at, queries * dimension);
            int[] truth = ReadArray<int>(span, ref at, queries * k);
            return new Dataset(n, dimension, queries, k, space, vectors, queryVectors, truth);
        }

        private static int ReadInt(ReadOnlySpan<byte> span, int field) => checked((int)BinaryPrimitives.ReadUInt32LittleEndian(span[(4 + (4 * field))..]));

        private static T[] ReadArray<T>(ReadOnlySpan<byte> span, ref int at, int count) where T : unmanaged
        {
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("The dataset file is little-endian.");
            T[] values = MemoryMarshal.Cast<byte, T>(span.Slice(at, count * Unsafe.SizeOf<T>())).ToArray();
            at += count * Unsafe.SizeOf<T>();
            return values;
        }
    }
}
