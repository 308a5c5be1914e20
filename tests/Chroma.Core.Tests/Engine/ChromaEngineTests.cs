using Chroma.Core.Filtering;
using Chroma.Core.Model;

namespace Chroma.Core.Tests.Engine;

public class ChromaEngineTests
{
    private static Task<ChromaEngine> OpenAsync(TempDirectory dir, bool background = false) =>
        ChromaEngine.OpenAsync(new ChromaEngineOptions { Path = dir.Path, AllowReset = true, BackgroundCompaction = background });

    private static Dictionary<string, MetadataValue> Meta(string key, MetadataValue value) =>
        new(StringComparer.Ordinal) { [key] = value };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadsSeeWritesBeforeAndAfterCompaction(bool compact)
    {
        using var dir = new TempDirectory();
        await using ChromaEngine engine = await OpenAsync(dir);
        ChromaCollection c = await engine.CreateCollectionAsync("things");
        await c.AddAsync(["a", "b", "c"], [[0f, 0f], [1f, 0f], [5f, 5f]], ["alpha", "beta", "gamma"],
            [Meta("n", 1), Meta("n", 2), Meta("n", 3)]);
        if (compact) Assert.True(await engine.CompactAsync(c.Id));

        Assert.Equal(3, await c.CountAsync());
        QueryResult result = await c.QueryAsync([[0.9f, 0f]], nResults: 2);
        Assert.Equal(["b", "a"], result.Results[0].Ids);
        Assert.Equal(0.01f, result.Distances![0][0], 4);
        Assert.Equal(0.81f, result.Distances[0][1], 4);

        GetResult get = await c.GetAsync(where: Where.Gte("n", 2));
        Assert.Equal(["b", "c"], get.Ids);
        Assert.Equal(new string?[] { "beta", "gamma" }, get.Documents!);
    }

    [Fact]
    public async Task MemoryBudgetOfOneByteStillAnswersEveryCollectionFully()
    {
        // Each read or compaction leaves only its own collection in memory; the others load back.
        using var dir = new TempDirectory();
        await using ChromaEngine engine = await ChromaEngine.OpenAsync(new ChromaEngineOptions
        {
            Path = dir.Path, BackgroundCompaction = false, SegmentCacheBytes = 1,
        });
        ChromaCollection first = await engine.CreateCollectionAsync("first");
        ChromaCollection second = await engine.CreateCollectionAsync("second");
        await first.AddAsync(["a", "b"], [[0f, 1f], [1f, 0f]], ["da", "db"]);
        await second.AddAsync(["x", "y", "z"], [[0f, 2f], [2f, 0f], [3f, 3f]], ["dx", "dy", "dz"]);
        Assert.True(await engine.CompactAsync(first.Id));
        Assert.True(await engine.CompactAsync(second.Id));
        await first.AddAsync(["c"], [[5f, 5f]], ["dc"]);

        for (int round = 0; round < 3; round++)
        {
            Assert.Equal(["a", "b", "c"], (await first.GetAsync()).Ids);
            Assert.Equal(["x", "y", "z"], (await second.GetAsync()).Ids);
            Assert.Equal(["b", "a"], (await first.QueryAsync([[1f, 0.1f]], nResults: 2)).Results[0].Ids);
            Assert.Equal(new string?[] { "dz" }, (await second.GetAsync(ids: ["z"])).Documents!);
        }
    }

    [Fact]
    public async Task TailOverridesTheCompactedVersion()
    {
        using var dir = new TempDirectory();
        await using ChromaEngine engine = await OpenAsync(dir);
        ChromaCollection c = await engine.CreateCollectionAsync("things");
        await c.AddAsync(["a", "b", "c"], [[0f], [1f], [2f]], ["da", "db", "dc"]);
        Assert.True(await engine.CompactAsync(c.Id));

        await c.DeleteAsync(["a"]);
        await c.UpdateAsync(["b"], [[10f]]);
        await c.UpdateAsync(["c"], documents: ["dc2"]);
        await c.AddAsync(["d"], [[3f]]);

        Assert.Equal(3, await c.CountAsync());
        GetResult all = await c.GetAsync();
        Assert.Equal(["b", "c", "d"], all.Ids); // insertion order survives b's new embedding
        Assert.Equal(new string?[] { "db", "dc2", null }, all.Documents!);

        QueryResult near = await c.QueryAsync([[0f]], nResults: 3, include: Include.Distances);
        Assert.Equal(["c", "d", "b"], near.Results[0].Ids);

        Assert.True(await engine.CompactAsync(c.Id));
        Assert.Equal(["b", "c", "d"], (await c.GetAsync()).Ids);
        Assert.Equal(["c", "d", "b"], (await c.QueryAsync([[0f]], nResults: 3)).Results[0].Ids);
        Assert.Equal(3, await c.CountAsync());
    }

    [Fact]
    public async Task RestartKeepsCompactedVersionAndTail()
    {
        using var dir = new TempDirectory();
        Guid id;
        await using (ChromaEngine engine = await OpenAsync(dir))
        {
            ChromaCollection c = await engine.CreateCollectionAsync("things");
            id = c.Id;
            await c.AddAsync(["a", "b"], [[0f, 1f], [1f, 0f]], metadatas: [Meta("f", 1.0), Meta("i", 1)]);
            Assert.True(await engine.CompactAsync(c.Id));
            await c.AddAsync(["c"], [[1f, 1f]]);
        }

        await using (ChromaEngine engine = await OpenAsync(dir))
        {
            ChromaCollection c = await engine.GetCollectionAsync("things");
            Assert.Equal(id, c.Id);
            IndexingStatus status = await engine.Reader.GetIndexingStatusAsync(c.Info);
            Assert.Equal(2, status.NumIndexedOps); // the version was loaded, not rebuilt
            Assert.Equal(1, status.NumUnindexedOps);

            GetResult all = await c.GetAsync(include: Include.Metadatas | Include.Embeddings);
            Assert.Equal(["a", "b", "c"], all.Ids);
            Assert.Equal(MetadataValueKind.Float, all.Metadatas![0]!["f"].Kind);
            Assert.Equal(MetadataValueKind.Int, all.Metadatas[1]!["i"].Kind);
            Assert.Equal(new float[] { 1f, 0f }, all.Embeddings![1]!);
        }
    }

    [Fact]
    public async Task BackgroundCompactionIndexesEverything()
    {
        using var dir = new TempDirectory();
        await using ChromaEngine engine = await OpenAsync(dir, background: true);
        ChromaCollection c = await engine.CreateCollectionAsync("things");
        for (int batch = 0; batch < 5; batch++)
        {
            string[] ids = new string[100];
            float[][] vectors = new float[100][];
            for (int i = 0; i < 100; i++)
            {
                ids[i] = $"r{batch * 100 + i}";
                vectors[i] = [batch, i, 1f];
            }

            await c.AddAsync(ids, vectors);
        }

        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        IndexingStatus status;
        do
        {
            status = await engine.Reader.GetIndexingStatusAsync(c.Info);
            if (status.NumUnindexedOps == 0) break;
            await Task.Yield();
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(0, status.NumUnindexedOps);
        Assert.Equal(500, status.TotalOps);
        Assert.Equal(500, await c.CountAsync());
    }

    [Fact]
    public async Task DeleteByWhereCountsMatchesAndDeletingTheCollectionDropsItsData()
    {
        using var dir = new TempDirectory();
        await using ChromaEngine engine = await OpenAsync(dir);
        ChromaCollection c = await engine.CreateCollectionAsync("things");
        await c.AddAsync(["a", "b", "c"], [[0f], [1f], [2f]], metadatas: [Meta("k", "x"), Meta("k", "y"), Meta("k", "x")]);
        Assert.Equal(2, await c.DeleteAsync(where: Where.Eq("k", "x")));
        Assert.Equal(["b"], (await c.GetAsync()).Ids);

        await engine.DeleteCollectionAsync("things");
        ChromaCollection again = await engine.CreateCollectionAsync("things");
        Assert.Equal(0, await again.CountAsync());
    }

    [Fact]
    public async Task DimensionIsFixedByTheFirstWrite()
    {
        using var dir = new TempDirectory();
        await using ChromaEngine engine = await OpenAsync(dir);
        ChromaCollection c = await engine.CreateCollectionAsync("things");
        await c.AddAsync(["a"], [[1f, 2f, 3f]]);
        var add = await Assert.ThrowsAsync<ChromaException>(async () => await c.AddAsync(["b"], [[1f, 2f]]));
        Assert.Equal(ChromaErrorCode.InvalidArgument, add.Code);
        Assert.Contains("dimension of 3, got 2", add.Message);
        var query = await Assert.ThrowsAsync<ChromaException>(async () => await c.QueryAsync([[1f]]));
        Assert.Equal(ChromaErrorCode.InvalidArgument, query.Code);
        Assert.Equal(1, await c.CountAsync());
    }
}
