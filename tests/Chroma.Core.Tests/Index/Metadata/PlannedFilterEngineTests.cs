using Chroma.Core.Filtering;
using Chroma.Core.Model;
using Chroma.Core.Tests.Engine;

namespace Chroma.Core.Tests.Index.Metadata;

/// <summary>Filtered get and query through the engine: planned over the compacted version, brute force over the tail.</summary>
public class PlannedFilterEngineTests
{
    private static readonly string[] Categories = ["news", "sport", "tech", "art"];
    private static readonly string[] Vocabulary = ["alpha", "beta", "gamma", "delta", "omega", "sigma"];

    private static readonly (WhereClause? Where, WhereDocumentClause? Document)[] Filters =
    [
        (Where.Eq("cat", "tech"), null),
        (Where.And(Where.Eq("cat", "news"), Where.Gte("year", 2005)), null),
        (Where.Or(Where.Lt("year", 1995.5), Where.Contains("tags", "t1")), null),
        (Where.Ne("cat", "art"), null),
        (Where.Nin("year", 2000, 2001.0), null),
        (null, WhereDocument.Contains("gamma")),
        (null, WhereDocument.NotContains("ta")),
        (Where.Eq("cat", "sport"), WhereDocument.Regex("^(alpha|beta) ")),
        (Where.Document(WhereDocument.Contains("mega")), null),
    ];

    [Fact]
    public async Task FilteredReadsAgreeWithBruteForceAcrossTailAndCompaction()
    {
        using var dir = new TempDirectory();
        await using ChromaEngine engine = await ChromaEngine.OpenAsync(new ChromaEngineOptions { Path = dir.Path, AllowReset = true, BackgroundCompaction = false });
        ChromaCollection collection = await engine.CreateCollectionAsync("planned");
        var random = new Random(11);
        var mirror = new Dictionary<string, (string? Document, Dictionary<string, MetadataValue>? Metadata)>(StringComparer.Ordinal);

        await AddAsync(collection, mirror, random, 0, 400);
        Assert.True(await engine.CompactAsync(collection.Id));
        await AssertFiltersAsync(collection, mirror);

        // A tail that deletes, rewrites metadata and documents of, and adds to the compacted version.
        string[] deleted = Enumerable.Range(0, 30).Select(i => $"r{i * 7}").ToArray();
        await collection.DeleteAsync(deleted);
        foreach (string id in deleted) mirror.Remove(id);
        string[] updated = Enumerable.Range(0, 30).Select(i => $"r{(i * 11) + 3}").Where(mirror.ContainsKey).ToArray();
        var updates = new Dictionary<string, MetadataValue>?[updated.Length];
        var documents = new string?[updated.Length];
        for (int i = 0; i < updated.Length; i++)
        {
            updates[i] = new Dictionary<string, MetadataValue>(StringComparer.Ordinal) { ["cat"] = "tech" };
            documents[i] = "omega omega";
            var (_, metadata) = mirror[updated[i]];
            var merged = new Dictionary<string, MetadataValue>(metadata ?? [], StringComparer.Ordinal) { ["cat"] = "tech" };
            mirror[updated[i]] = ("omega omega", merged);
        }
        await collection.UpdateAsync(updated, documents: documents, metadatas: updates);
        await AddAsync(collection, mirror, random, 400, 20);
        await AssertFiltersAsync(collection, mirror);

        Assert.True(await engine.CompactAsync(collection.Id));
        await AssertFiltersAsync(collection, mirror);
    }

    private static async Task AddAsync(ChromaCollection collection, Dictionary<string, (string?, Dictionary<string, MetadataValue>?)> mirror, Random random, int first, int count)
    {
        var ids = new string[count];
        var embeddings = new float[count][];
        var documents = new string?[count];
        var metadatas = new Dictionary<string, MetadataValue>?[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = $"r{first + i}";
            embeddings[i] = [(float)random.NextDouble(), (float)random.NextDouble()];
            documents[i] = random.Next(10) == 0 ? null : $"{Vocabulary[random.Next(6)]} {Vocabulary[random.Next(6)]}";
            var metadata = new Dictionary<string, MetadataValue>(StringComparer.Ordinal) { ["cat"] = Categories[random.Next(4)] };
            if (random.Next(5) != 0) metadata["year"] = random.Next(2) == 0 ? random.Next(1990, 2011) : random.Next(1990, 2011) + 0.5;
            if (random.Next(3) == 0) metadata["tags"] = MetadataValue.FromStrings([$"t{random.Next(3)}"]);
            metadatas[i] = random.Next(15) == 0 ? null : metadata;
            mirror[ids[i]] = (documents[i], metadatas[i]);
        }
        await collection.AddAsync(ids, embeddings, documents, metadatas);
    }

    private static async Task AssertFiltersAsync(ChromaCollection collection, Dictionary<string, (string? Document, Dictionary<string, MetadataValue>? Metadata)> mirror)
    {
        foreach (var (where, document) in Filters)
        {
            RecordFilter filter = RecordFilter.Create(where, document)!;
            var expected = mirror.Where(pair => filter.Matches(pair.Value.Metadata, pair.Value.Document)).Select(pair => pair.Key).Order(StringComparer.Ordinal).ToList();
            Assert.True(expected.Count > 0, $"{where} {document?.ToJson()} matches nothing: a weak case");

            GetResult get = await collection.GetAsync(where: where, whereDocument: document);
            Assert.Equal(expected, get.Ids.Order(StringComparer.Ordinal).ToList());

            QueryResult query = await collection.QueryAsync([[0.5f, 0.5f]], nResults: 25, where: where, whereDocument: document);
            Assert.Equal(Math.Min(25, expected.Count), query.Results[0].Ids.Length);
            Assert.All(query.Results[0].Ids, id => Assert.Contains(id, expected));
        }
    }
}
