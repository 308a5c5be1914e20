using Chroma.Core.Storage.Codec;
using System.Text;
using System.Text.Json;
using Chroma.Api.Json;
using Chroma.Core.Model;

namespace Chroma.Api.Tests.Json;

public class RecordJsonTests
{
    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer, JsonResponse.WriterOptions)) write(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void Get_writes_only_included_columns_and_echoes_include()
    {
        var result = new GetResult
        {
            Ids = ["a", "d"],
            Embeddings = [[1f, 0f, 0.5f], null],
            Documents = ["apple pie", null],
            Metadatas = [new Dictionary<string, MetadataValue> { ["n"] = MetadataValue.FromInt(1), ["f"] = MetadataValue.FromFloat(2.0) }, new Dictionary<string, MetadataValue>()],
        };
        var include = new IncludeList([Include.Embeddings, Include.Metadatas]);

        string json = Write(w => RecordJson.WriteGet(w, result, include));

        Assert.Equal(
            """{"ids":["a","d"],"embeddings":[[1.0,0.0,0.5],null],"documents":null,"uris":null,"metadatas":[{"n":1,"f":2.0},null],"include":["embeddings","metadatas"]}""",
            json);
    }

    [Fact]
    public void Included_column_the_engine_left_out_is_written_as_nulls()
    {
        var result = new GetResult { Ids = ["a", "b"] };
        string json = Write(w => RecordJson.WriteGet(w, result, new IncludeList([Include.Uris])));
        Assert.Contains("\"uris\":[null,null]", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Query_writes_one_list_per_query_vector()
    {
        var result = new QueryResult
        {
            Results = [new GetResult { Ids = ["p", "q"] }, new GetResult { Ids = [] }],
            Distances = [[-8f, 0.07418f], []],
        };

        string json = Write(w => RecordJson.WriteQuery(w, result, new IncludeList([Include.Distances])));

        Assert.Equal(
            """{"ids":[["p","q"],[]],"embeddings":null,"documents":null,"uris":null,"metadatas":null,"distances":[[-8.0,0.07418],[]],"include":["distances"]}""",
            json);
    }

    [Fact]
    public void Empty_query_writes_empty_top_level_lists()
    {
        var result = new QueryResult { Results = [], Distances = [] };
        string json = Write(w => RecordJson.WriteQuery(w, result, IncludeList.QueryDefault));
        Assert.Equal(
            """{"ids":[],"embeddings":null,"documents":[],"uris":null,"metadatas":[],"distances":[],"include":["documents","metadatas","distances"]}""",
            json);
    }

    [Fact]
    public void Indexing_status_progress_is_a_float()
    {
        string json = Write(w => RecordJson.WriteIndexingStatus(w, new IndexingStatus(4, 0, 4)));
        Assert.Equal("""{"op_indexing_progress":1.0,"num_unindexed_ops":0,"num_indexed_ops":4,"total_ops":4}""", json);
    }

    [Fact]
    public void Metadata_values_of_every_kind_round_trip_their_json_form()
    {
        var map = new Dictionary<string, MetadataValue>
        {
            ["s"] = MetadataValue.FromString("é\"x"),
            ["b"] = MetadataValue.FromBool(false),
            ["ia"] = MetadataValue.FromInts([1, 2]),
            ["fa"] = MetadataValue.FromFloats([1.0, 2.5]),
            ["ba"] = MetadataValue.FromBools([true]),
            ["sa"] = MetadataValue.FromStrings(["x"]),
            ["sv"] = MetadataValue.FromSparseVector(new SparseVector([3u], [1f], null)),
        };

        string json = Write(w => MetadataJson.WriteMap(w, map));

        Assert.Equal(
            """{"s":"é\"x","b":false,"ia":[1,2],"fa":[1.0,2.5],"ba":[true],"sa":["x"],"sv":{"#type":"sparse_vector","indices":[3],"values":[1.0]}}""",
            json);
    }
}
