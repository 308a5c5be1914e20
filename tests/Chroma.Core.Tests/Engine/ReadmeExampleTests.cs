using Chroma.Core.Filtering;
using Chroma.Core.Model;

namespace Chroma.Core.Tests.Engine;

/// <summary>The embedded example of README.md, verbatim apart from the folder: it must compile and do what it says.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public async Task EmbeddedExampleWorks()
    {
        using var dir = new TempDirectory();

        // --- README.md "Embedded" ---
        await using var engine = await ChromaEngine.OpenAsync(new ChromaEngineOptions { Path = dir.Path });
        ChromaCollection docs = await engine.GetOrCreateCollectionAsync("docs");

        await docs.AddAsync(
            ids: ["a", "b", "c"],
            embeddings: [[1f, 0f], [0f, 1f], [0.7f, 0.7f]],
            documents: ["apple pie", "banana bread", "cherry tart"],
            metadatas: [new() { ["year"] = 2021 }, new() { ["year"] = 2023 }, new() { ["year"] = 2024 }]);

        QueryResult hits = await docs.QueryAsync([[0.9f, 0.1f]], nResults: 2, where: Where.Gte("year", 2022));
        GetResult tarts = await docs.GetAsync(whereDocument: WhereDocument.Contains("tart"));
        await docs.DeleteAsync(ids: ["b"]);
        // --- end ---

        Assert.Equal(["c", "b"], hits.Results[0].Ids);
        Assert.Equal(["c"], tarts.Ids);
        Assert.Equal(2, await docs.CountAsync());
    }
}
