using Chroma.Core.Catalog;
using Chroma.Core.Model;

namespace Chroma.Core.Tests.Catalog;

public sealed class CatalogCollectionTests : IDisposable
{
    private const string T = CatalogDefaults.Tenant;
    private const string D = CatalogDefaults.Database;
    private const string BadName =
        "Expected a name containing 3-512 characters from [a-zA-Z0-9._-], starting and ending with a character in [a-zA-Z0-9]. Got: ";

    private readonly TempCatalog _catalog = new();

    private CatalogService Catalog => _catalog.Service;

    public void Dispose() => _catalog.Dispose();

    [Fact]
    public async Task Create_returns_a_fresh_collection_with_defaults()
    {
        CollectionInfo c = await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_l2"));

        Assert.NotEqual(Guid.Empty, c.Id);
        Assert.Equal(("c_l2", T, D), (c.Name, c.Tenant, c.Database));
        Assert.Null(c.Dimension);
        Assert.Null(c.Metadata);
        Assert.Null(c.SchemaJson);
        Assert.Equal(CollectionConfiguration.Default, c.Configuration);
        Assert.Equal((0L, 0L), (c.LogPosition, c.Version));
        Assert.Equal(c, await Catalog.GetCollectionAsync(T, D, "c_l2") with { Metadata = null });
    }

    [Fact]
    public async Task Create_keeps_scalar_metadata_kinds_and_the_schema_text()
    {
        var metadata = new Dictionary<string, MetadataValue> { ["s"] = "x", ["i"] = 1, ["f"] = 1.0, ["b"] = true };
        await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_meta", metadata) with { SchemaJson = """{"defaults":{}}""" });

        CollectionInfo c = await Catalog.GetCollectionAsync(T, D, "c_meta");

        Assert.Equal(MetadataValueKind.Int, c.Metadata!["i"].Kind);
        Assert.Equal(MetadataValueKind.Float, c.Metadata["f"].Kind);
        Assert.Equal(metadata, c.Metadata);
        Assert.Equal("""{"defaults":{}}""", c.SchemaJson);
    }

    [Fact]
    public async Task Duplicate_name_is_already_exists_and_get_or_create_returns_the_original_unchanged()
    {
        CollectionInfo original = await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_l2"));

        await CatalogAssert.ThrowsAsync(ChromaErrorCode.AlreadyExists, "Collection [c_l2] already exists",
            () => Catalog.CreateCollectionAsync(CatalogAssert.Create("c_l2")));

        var metadata = new Dictionary<string, MetadataValue> { ["added"] = 1 };
        var cosine = new CollectionConfigurationRequest { Hnsw = new HnswConfigurationUpdate { Space = DistanceSpace.Cosine } };
        CollectionInfo again = await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_l2", metadata, cosine, getOrCreate: true));
        Assert.Equal(original.Id, again.Id);
        Assert.Null(again.Metadata);
        Assert.Equal(DistanceSpace.L2, again.Configuration.Hnsw.Space);
    }

    [Fact]
    public async Task Get_or_create_creates_when_absent()
    {
        CollectionInfo c = await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_new", getOrCreate: true));

        Assert.Equal(c.Id, (await Catalog.GetCollectionAsync(T, D, "c_new")).Id);
    }

    [Fact]
    public async Task Create_in_a_missing_database_is_invalid_argument()
    {
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.InvalidArgument, "Database [nope_db] does not exist",
            () => Catalog.CreateCollectionAsync(CatalogAssert.Create("tcoll") with { Database = "nope_db" }));
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.InvalidArgument, "Database [default_database] does not exist",
            () => Catalog.CreateCollectionAsync(CatalogAssert.Create("tcoll") with { Tenant = "nope_tenant" }));
    }

    [Theory]
    [InlineData("ab", BadName + "ab")]
    [InlineData("bad name", BadName + "bad name")]
    [InlineData("_abc", BadName + "_abc")]
    [InlineData("abc-", BadName + "abc-")]
    [InlineData("10.0.0.1", "Expected a name that is not a valid ip address. Got 10.0.0.1")]
    [InlineData("a..b", "Expected a name that does not contains two consecutive periods (..). Got a..b")]
    public async Task Invalid_collection_names_are_refused_with_chromas_messages(string name, string message)
    {
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.InvalidArgument, "Validation error: name: " + message,
            () => Catalog.CreateCollectionAsync(CatalogAssert.Create(name)));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("a.b-c_d")]
    [InlineData("256.0.0.1")]
    [InlineData("10.0.0.01")]
    [InlineData("1.2.3")]
    [InlineData("left+right")]
    public async Task Valid_collection_names_are_accepted(string name)
    {
        CollectionInfo c = await Catalog.CreateCollectionAsync(CatalogAssert.Create(name));
        Assert.Equal(name, c.Name);
    }

    [Fact]
    public async Task Names_of_512_characters_are_accepted_and_513_refused()
    {
        string max = "n" + new string('x', 511);
        await Catalog.CreateCollectionAsync(CatalogAssert.Create(max));

        string tooLong = max + "x";
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.InvalidArgument, "Validation error: name: " + BadName + tooLong,
            () => Catalog.CreateCollectionAsync(CatalogAssert.Create(tooLong)));
    }

    [Fact]
    public async Task Metadata_rules_on_create()
    {
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.InvalidArgument, "Validation error: metadata: Metadata cannot be empty",
            () => Catalog.CreateCollectionAsync(CatalogAssert.Create("c_meta_empty", [])));
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.InvalidArgument, "Validation error: metadata: Metadata key cannot start with '#' or '$': $x",
            () => Catalog.CreateCollectionAsync(CatalogAssert.Create("c_meta_dollar", new() { ["$x"] = 1 })));
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.InvalidArgument, "Validation error: metadata: Metadata key cannot start with '#' or '$': #x",
            () => Catalog.CreateCollectionAsync(CatalogAssert.Create("c_meta_hash", new() { ["#x"] = 1 })));
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.InvalidArgument, "Validation error: metadata: Metadata key cannot be empty",
            () => Catalog.CreateCollectionAsync(CatalogAssert.Create("c_meta_nokey", new() { [""] = 1 })));

        ChromaException array = await Assert.ThrowsAsync<ChromaException>(async () =>
            await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_meta_arr", new() { ["tags"] = MetadataValue.FromStrings(["a", "b"]) })));
        Assert.Equal(ChromaErrorCode.InvalidArgument, array.Code);
        Assert.Contains("[tags]", array.Message, StringComparison.Ordinal);

        ChromaException nullValue = await Assert.ThrowsAsync<ChromaException>(async () =>
            await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_meta_null", new() { ["a"] = MetadataValue.Null })));
        Assert.Equal(ChromaErrorCode.UnprocessableEntity, nullValue.Code);

        Assert.Equal(0, await Catalog.CountCollectionsAsync(T, D));
    }

    [Fact]
    public async Task Get_by_name_and_by_id_and_their_misses()
    {
        CollectionInfo c = await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_l2"));
        await Catalog.CreateDatabaseAsync(T, "other_db");

        Assert.Equal(c.Id, (await Catalog.GetCollectionByIdAsync(c.Id)).Id);
        Assert.Equal(c.Id, (await Catalog.GetCollectionByIdAsync(c.Id, T, D)).Id);

        Guid missing = Guid.NewGuid();
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.NotFound, "Collection [nope_coll] does not exist",
            () => Catalog.GetCollectionAsync(T, D, "nope_coll"));
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.NotFound, "Collection [c_l2] does not exist",
            () => Catalog.GetCollectionAsync(T, "other_db", "c_l2"));
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.NotFound, $"Collection [{missing}] does not exist",
            () => Catalog.GetCollectionByIdAsync(missing));
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.NotFound, $"Collection [{c.Id}] does not exist",
            () => Catalog.GetCollectionByIdAsync(c.Id, T, "other_db"));
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.NotFound, $"Collection [{c.Id}] does not exist",
            () => Catalog.GetCollectionByIdAsync(c.Id, "other_tenant", D));
    }

    [Fact]
    public async Task The_same_collection_name_may_exist_in_two_databases()
    {
        await Catalog.CreateDatabaseAsync(T, "other_db");
        CollectionInfo a = await Catalog.CreateCollectionAsync(CatalogAssert.Create("same"));
        CollectionInfo b = await Catalog.CreateCollectionAsync(CatalogAssert.Create("same") with { Database = "other_db" });

        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal(b.Id, (await Catalog.GetCollectionAsync(T, "other_db", "same")).Id);
    }

    [Fact]
    public async Task List_is_in_creation_order_with_limit_offset_and_count()
    {
        string[] names = ["zeta", "alpha", "mid", "beta"];
        foreach (string name in names) await Catalog.CreateCollectionAsync(CatalogAssert.Create(name));

        Assert.Equal(names, Names(await Catalog.ListCollectionsAsync(T, D, null, 0)));
        Assert.Equal(["zeta", "alpha"], Names(await Catalog.ListCollectionsAsync(T, D, 2, 0)));
        Assert.Equal(["mid", "beta"], Names(await Catalog.ListCollectionsAsync(T, D, null, 2)));
        Assert.Equal(["alpha"], Names(await Catalog.ListCollectionsAsync(T, D, 1, 1)));
        Assert.Empty(await Catalog.ListCollectionsAsync(T, D, 0, 0));
        Assert.Empty(await Catalog.ListCollectionsAsync(T, "nope_db", null, 0));
        Assert.Equal(4, await Catalog.CountCollectionsAsync(T, D));
        Assert.Equal(0, await Catalog.CountCollectionsAsync(T, "nope_db"));
    }

    [Fact]
    public async Task Delete_by_name_returns_the_id_and_then_misses()
    {
        CollectionInfo c = await Catalog.CreateCollectionAsync(CatalogAssert.Create("c_tmp"));

        await CatalogAssert.ThrowsAsync(ChromaErrorCode.NotFound, $"Collection [{c.Id}] does not exist",
            () => Catalog.DeleteCollectionAsync(T, D, c.Id.ToString()));
        Assert.Equal(c.Id, await Catalog.DeleteCollectionAsync(T, D, "c_tmp"));

        await CatalogAssert.ThrowsAsync(ChromaErrorCode.NotFound, "Collection [c_tmp] does not exist",
            () => Catalog.DeleteCollectionAsync(T, D, "c_tmp"));
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.NotFound, $"Collection [{c.Id}] does not exist",
            () => Catalog.GetCollectionByIdAsync(c.Id));
        await CatalogAssert.ThrowsAsync(ChromaErrorCode.NotFound, $"Collection [{c.Id}] does not exist.",
            () => Catalog.EnsureDimensionAsync(c.Id, 3));
    }

    private static string[] Names(IReadOnlyList<CollectionInfo> collections)
    {
        var names = new string[collections.Count];
        for (int i = 0; i < names.Length; i++) names[i] = collections[i].Name;
        return names;
    }
}
