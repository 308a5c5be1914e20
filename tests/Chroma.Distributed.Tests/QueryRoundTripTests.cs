using Chroma.Core;
using Chroma.Core.Filtering;
using Chroma.Core.Model;

namespace Chroma.Distributed.Tests;

/// <summary>The query executor over the engine's reader, driven through <c>GrpcRecordReaderClient</c>.</summary>
public class QueryRoundTripTests
{
    private static async Task<CollectionInfo> SeedAsync(GrpcServiceHost host, bool compact)
    {
        ChromaCollection collection = await host.Engine.CreateCollectionAsync("things");
        await collection.AddAsync(
            ["a", "b", "c", "d"],
            [[0f, 0f], [1f, 0f], [5f, 5f], [0.1f, 1f / 3f]],
            ["alpha sax", "beta drum", null, "delta sax"],
            [new(StringComparer.Ordinal) { ["n"] = 1, ["f"] = 1.0 }, new(StringComparer.Ordinal) { ["n"] = 2 }, null, new(StringComparer.Ordinal) { ["n"] = 4, ["tags"] = MetadataValue.FromStrings(["x"]) }],
            [null, "uri-b", null, "uri-d"]);
        if (compact) Assert.True(await host.Engine.CompactAsync(collection.Id));
        await collection.UpdateAsync(["b"], documents: ["beta sax"]); // a log tail over the version
        return await host.Engine.Catalog.GetCollectionByIdAsync(collection.Id);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetKnnCountAndStatusMatchTheLocalReader(bool compact)
    {
        await using GrpcServiceHost host = await GrpcServiceHost.StartAsync();
        CollectionInfo collection = await SeedAsync(host, compact);
        var local = host.Engine.Reader;
        var remote = host.RemoteReader;

        Assert.Equal(await local.CountAsync(collection), await remote.CountAsync(collection));
        Assert.Equal(4, await remote.CountAsync(collection));
        Assert.Equal(await local.GetIndexingStatusAsync(collection), await remote.GetIndexingStatusAsync(collection));

        GetRequest[] gets =
        [
            new GetRequest(),
            new GetRequest { Include = Include.Documents | Include.Embeddings | Include.Metadatas | Include.Uris },
            new GetRequest { Ids = ["d", "zz", "a"], Include = Include.Embeddings },
            new GetRequest { Ids = [] },
            new GetRequest { Where = Where.Gte("n", 2), WhereDocument = WhereDocument.Contains("sax"), Include = Include.Metadatas },
            new GetRequest { Limit = 2, Offset = 1, Include = Include.None },
        ];
        foreach (GetRequest get in gets)
        {
            Assertions.Equal(await local.GetAsync(collection, get), await remote.GetAsync(collection, get));
        }

        QueryRequest[] queries =
        [
            new QueryRequest { QueryEmbeddings = [[0.9f, 0f], [5f, 4f]], NResults = 2 },
            new QueryRequest { QueryEmbeddings = [[0f, 0f]], NResults = 10, Include = Include.Embeddings | Include.Distances | Include.Uris },
            new QueryRequest { QueryEmbeddings = [[0f, 0f]], NResults = 3, Where = Where.Ne("n", 1), Include = Include.Distances },
            new QueryRequest { QueryEmbeddings = [[0f, 0f]], NResults = 3, Ids = ["c", "d"], WhereDocument = WhereDocument.NotContains("drum") },
        ];
        foreach (QueryRequest query in queries)
        {
            Assertions.Equal(await local.QueryAsync(collection, query), await remote.QueryAsync(collection, query));
        }

        QueryResult near = await remote.QueryAsync(collection, queries[0]);
        Assert.Equal(["b", "d"], near.Results[0].Ids);
        Assert.Equal(["c", "b"], near.Results[1].Ids);
    }

    [Fact]
    public async Task ReadErrorsAreTheSame()
    {
        await using GrpcServiceHost host = await GrpcServiceHost.StartAsync();
        CollectionInfo collection = await SeedAsync(host, compact: false);
        var local = host.Engine.Reader;
        var remote = host.RemoteReader;

        var wrongDimension = new QueryRequest { QueryEmbeddings = [[1f, 2f, 3f]] };
        ChromaException dimension = await Assertions.SameErrorAsync(
            async () => await local.QueryAsync(collection, wrongDimension),
            async () => await remote.QueryAsync(collection, wrongDimension));
        Assert.Equal(ChromaErrorCode.InvalidArgument, dimension.Code);

        // The Query node resolves the collection itself: an unknown one is the catalog's NotFound.
        CollectionInfo gone = collection with { Id = Guid.NewGuid() };
        await Assertions.SameErrorAsync(
            async () => await host.Engine.Catalog.GetCollectionByIdAsync(gone.Id, gone.Tenant, gone.Database),
            async () => await remote.GetAsync(gone, new GetRequest()));
        await Assertions.SameErrorAsync(
            async () => await host.Engine.Catalog.GetCollectionByIdAsync(gone.Id, gone.Tenant, gone.Database),
            async () => await remote.CountAsync(gone));
    }
}
