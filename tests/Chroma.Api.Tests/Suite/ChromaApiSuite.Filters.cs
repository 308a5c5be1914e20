using Chroma.Api.Tests.Infrastructure;

namespace Chroma.Api.Tests.Suite;

// §9 where and where_document, on the five seeded records (expected ids from real Chroma).
public abstract partial class ChromaApiSuite
{
    [Theory]
    [InlineData("""{"color":"red"}""", "a,c")]
    [InlineData("""{"color":{"$eq":"red"}}""", "a,c")]
    [InlineData("""{"color":{"$ne":"red"}}""", "b,d,e")]
    [InlineData("""{"n":{"$gt":2}}""", "c,e")]
    [InlineData("""{"n":{"$gte":2}}""", "b,c,e")]
    [InlineData("""{"n":{"$lt":3}}""", "a,b")]
    [InlineData("""{"n":{"$lte":3}}""", "a,b,c")]
    [InlineData("""{"f":{"$lt":2.0}}""", "a,e")]
    [InlineData("""{"f":{"$lte":2.0}}""", "a,b,e")]
    [InlineData("""{"n":{"$gt":1.5}}""", "b,c,e")]
    [InlineData("""{"f":{"$gte":2}}""", "b,c")]
    [InlineData("""{"f":{"$eq":2}}""", "b")]
    [InlineData("""{"n":{"$eq":1.0}}""", "a")]
    [InlineData("""{"n":1}""", "a")]
    [InlineData("""{"ok":true}""", "a,e")]
    [InlineData("""{"ok":{"$ne":true}}""", "b,c,d")]
    [InlineData("""{"color":{"$in":["red","green"]}}""", "a,c,e")]
    [InlineData("""{"color":{"$nin":["red"]}}""", "b,d,e")]
    [InlineData("""{"n":{"$in":[1,10]}}""", "a,e")]
    [InlineData("""{"n":{"$nin":[1,10]}}""", "b,c,d")]
    [InlineData("""{"$and":[{"color":"red"},{"n":{"$gt":1}}]}""", "c")]
    [InlineData("""{"$or":[{"color":"yellow"},{"n":{"$gte":10}}]}""", "b,e")]
    [InlineData("""{"$and":[{"color":"red"}]}""", "a,c")]
    [InlineData("""{"$or":[{"color":"red"}]}""", "a,c")]
    [InlineData("""{"$and":[]}""", "a,b,c,d,e")]
    [InlineData("""{"$or":[{"$and":[{"color":"red"},{"n":1}]},{"ok":false}]}""", "a,b")]
    [InlineData("""{"nokey":"x"}""", "")]
    [InlineData("""{"nokey":{"$ne":"x"}}""", "a,b,c,d,e")]
    [InlineData("""{"nokey":{"$nin":["x"]}}""", "a,b,c,d,e")]
    [InlineData("""{"nokey":{"$gt":0}}""", "")]
    [InlineData("""{"nokey":{"$in":["x"]}}""", "")]
    [InlineData("""{"ok":{"$ne":false}}""", "a,c,d,e")]
    [InlineData("""{"ok":{"$nin":[false]}}""", "a,c,d,e")]
    [InlineData("""{"color":{"$eq":1}}""", "")]
    [InlineData("""{"n":{"$eq":"1"}}""", "")]
    [InlineData("""{"tags":{"$contains":"y"}}""", "a,b")]
    [InlineData("""{"tags":{"$not_contains":"x"}}""", "b,c,d,e")]
    [InlineData("""{"nums":{"$contains":2}}""", "e")]
    [InlineData("""{"nums":{"$contains":7}}""", "")]
    [InlineData("""{"tags":{"$eq":"y"}}""", "")]
    [InlineData("""{"#id":{"$in":["a","c"]}}""", "")]
    [InlineData("""{"#document":{"$contains":"pie"}}""", "a")]
    [InlineData("""{"#document":{"$not_contains":"pie"}}""", "b,c,d,e")]
    [InlineData("""{"#document":{"$regex":"^[a-z]+ (pie|tart)$"}}""", "a,c")]
    public async Task Where_SelectsExpectedRecords(string where, string expected)
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        string[] ids = await GetIdsAsync(collection.Id, $$"""{"where":{{where}},"include":[]}""");
        Assert.Equal(Split(expected), ids);
    }

    /// <summary>§9/§12: plain numeric comparison, not real Chroma's truncation of float operands.</summary>
    [Theory]
    [InlineData("""{"n":{"$eq":1.5}}""", "")]
    [InlineData("""{"n":{"$lt":1.9}}""", "a")]
    [InlineData("""{"n":{"$gte":2.5}}""", "c,e")]
    [InlineData("""{"n":{"$ne":1.0}}""", "b,c,d,e")]
    [InlineData("""{"f":{"$in":[2,7]}}""", "b")]
    public async Task Where_NumericComparisonCrossesIntAndFloat(string where, string expected)
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        Assert.Equal(Split(expected), await GetIdsAsync(collection.Id, $$"""{"where":{{where}},"include":[]}"""));
    }

    [Theory]
    [InlineData("""{"color":{"$in":[]}}""")]
    [InlineData("""{"n":{"$in":[1,"x"]}}""")]
    [InlineData("""{"color":"red","n":1}""")]
    [InlineData("""{"n":{"$foo":1}}""")]
    [InlineData("""{"color":{"$gt":"a"}}""")]
    [InlineData("""{"$contains":"x"}""")]
    [InlineData("""{"color":{"$regex":"r.*"}}""")]
    [InlineData("""{"$and":{"color":"red"}}""")]
    public async Task Where_Invalid_Returns400(string where)
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        (await GetAsync(collection.Id, $$"""{"where":{{where}}}""")).ExpectError(400, "InvalidArgumentError");
        (await QueryAsync(collection.Id, $$"""{"query_embeddings":[[1,0,0]],"where":{{where}}}""")).ExpectError(400, "InvalidArgumentError");
    }

    [Theory]
    [InlineData("""{"$contains":"pie"}""", "a")]
    [InlineData("""{"$contains":"apple"}""", "a")]
    [InlineData("""{"$not_contains":"apple"}""", "b,c,d,e")]
    [InlineData("""{"$regex":"^[A-Za-z]+ (pie|tart)$"}""", "a,c")]
    [InlineData("""{"$regex":"(?i)apple"}""", "a,e")]
    [InlineData("""{"$not_regex":"an"}""", "a,c,d,e")]
    [InlineData("""{"$and":[{"$contains":"a"},{"$not_contains":"pie"}]}""", "b,c")]
    [InlineData("""{"$or":[{"$contains":"pie"},{"$contains":"tart"}]}""", "a,c")]
    [InlineData("""{"$regex":"\\d"}""", "")]
    public async Task WhereDocument_SelectsExpectedRecords(string whereDocument, string expected)
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        string[] ids = await GetIdsAsync(collection.Id, $$"""{"where_document":{{whereDocument}},"include":[]}""");
        Assert.Equal(Split(expected), ids);
    }

    [Fact]
    public async Task WhereAndWhereDocument_AreAnded()
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        Assert.Equal(["a", "c"], await GetIdsAsync(collection.Id, """{"where":{"color":"red"},"where_document":{"$contains":"a"},"include":[]}"""));
        Assert.Equal(["c"], await GetIdsAsync(collection.Id, """{"where":{"color":"red"},"where_document":{"$contains":"tart"},"include":[]}"""));
    }

    [Theory]
    [InlineData("""{"$regex":"("}""", "Regex")]
    [InlineData("""{"$eq":"x"}""", "Invalid where document clause")]
    [InlineData("""{"$contains":1}""", "Invalid where document clause")]
    [InlineData("""{"$contains":"a","$regex":"b"}""", null)]
    public async Task WhereDocument_Invalid_Returns400(string whereDocument, string? message)
    {
        TestCollection collection = await CreateSeededCollectionAsync();
        (await GetAsync(collection.Id, $$"""{"where_document":{{whereDocument}}}""")).ExpectError(400, "InvalidArgumentError", message);
        (await Http.PostAsync(RecordsPath(collection.Id, "delete"), $$"""{"where_document":{{whereDocument}}}""")).ExpectError(400, "InvalidArgumentError");
        Assert.Equal(5, await CountAsync(collection.Id));
    }

    private static string[] Split(string csv) => csv.Length == 0 ? [] : csv.Split(',');
}
