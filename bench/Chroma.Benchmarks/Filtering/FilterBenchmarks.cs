using BenchmarkDotNet.Attributes;
using Chroma.Core.Filtering;
using Chroma.Core.Filtering.Planning;
using Chroma.Core.Index.Metadata;
using Chroma.Core.Model;

namespace Chroma.Benchmarks.Filtering;

/// <summary>
/// Filter evaluation over 100k records: brute force (<see cref="RecordFilter.Matches"/> on every
/// live label, what FilterOperator did before) against the planner over the metadata and
/// trigram indexes (built once in setup, as a version builds them once).
/// </summary>
[MemoryDiagnoser]
public class FilterBenchmarks
{
    private FilterBenchData _data = null!;
    private FilterIndexes _indexes = null!;
    private RecordFilter _filter = null!;

    [Params(100_000)]
    public int Count { get; set; }

    [Params("eq", "eq+gte", "gte", "in+lt", "ne", "doc-contains", "eq+doc-contains", "doc-regex")]
    public string Shape { get; set; } = "eq";

    [GlobalSetup]
    public void Setup()
    {
        _data = new FilterBenchData(Count);
        _indexes = _data.CreateIndexes();
        _ = _indexes.Metadata;
        _ = _indexes.FullText;
        string word = _data.Vocabulary[5];
        _filter = Shape switch
        {
            "eq" => RecordFilter.Create(Where.Eq("category", "tech"), null)!,
            "eq+gte" => RecordFilter.Create(Where.And(Where.Eq("category", "tech"), Where.Gte("year", 2010)), null)!,
            "gte" => RecordFilter.Create(Where.Gte("year", 2000), null)!,
            "in+lt" => RecordFilter.Create(Where.And(Where.In("category", "art", "food", "games"), Where.Lt("score", 0.25)), null)!,
            "ne" => RecordFilter.Create(Where.Ne("category", "tech"), null)!,
            "doc-contains" => RecordFilter.Create(null, WhereDocument.Contains(word))!,
            "eq+doc-contains" => RecordFilter.Create(Where.Eq("category", "tech"), WhereDocument.Contains(word))!,
            "doc-regex" => RecordFilter.Create(null, WhereDocument.Regex(word + " [a-z]+"))!,
            _ => throw new ArgumentOutOfRangeException(nameof(Shape), Shape, null),
        };

        if (BruteForce() != Planned()) throw new InvalidOperationException($"Planner and brute force disagree on {Shape}.");
    }

    [Benchmark(Baseline = true)]
    public int BruteForce()
    {
        int matches = 0;
        for (int label = 0; label < Count; label++)
        {
            if (LabelBitset.IsSet(_data.Live, label) && _filter.Matches(_data.Metadatas[label], new DocumentText(_data.Documents[label]))) matches++;
        }
        return matches;
    }

    [Benchmark]
    public int Planned() => LabelBitset.PopCount(FilterPlanner.Execute(_indexes, _filter));
}
