using BenchmarkDotNet.Attributes;
using Chroma.Core.Index.FullText;
using Chroma.Core.Index.Metadata;

namespace Chroma.Benchmarks.Filtering;

/// <summary>What the first filtered read of a new 100k version pays: building each index once.</summary>
[MemoryDiagnoser]
public class FilterIndexBuildBenchmarks
{
    private FilterBenchData _data = null!;

    [GlobalSetup]
    public void Setup() => _data = new FilterBenchData(100_000);

    [Benchmark]
    public int BuildMetadataIndex() => MetadataIndex.Build(_data.Metadatas, _data.Live).KeyCount;

    [Benchmark]
    public int BuildTrigramIndex() => TrigramIndex.Build(_data.Documents, _data.Live).TrigramCount;
}
