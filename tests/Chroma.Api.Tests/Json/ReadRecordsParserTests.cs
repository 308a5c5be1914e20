using Chroma.Api.Json;
using Chroma.Core.Model;
using static Chroma.Api.Tests.Json.ParseAssert;

namespace Chroma.Api.Tests.Json;

public class ReadRecordsParserTests
{
    private const string Shape = "Failed to deserialize the JSON body into the target type: ";

    [Fact]
    public void Get_defaults_to_documents_and_metadatas()
    {
        var payload = ReadRecordsParser.ParseGet(Utf8("{}"));
        Assert.Null(payload.Ids);
        Assert.Null(payload.Limit);
        Assert.Null(payload.Offset);
        Assert.Equal([Include.Documents, Include.Metadatas], payload.Include.Items);
        Assert.Equal(Include.GetDefault, payload.Include.Flags);
    }

    [Fact]
    public void Get_reads_every_field_and_keeps_include_order()
    {
        var payload = ReadRecordsParser.ParseGet(Utf8("""
            {"ids":["e","c"],"where":{"color":"red"},"where_document":{"$contains":"a"},"limit":2,"offset":3,
             "include":["uris","embeddings","distances"]}
            """));
        Assert.Equal(["e", "c"], payload.Ids!);
        Assert.Equal("red", payload.Where!.Value.GetProperty("color").GetString());
        Assert.Equal("a", payload.WhereDocument!.Value.GetProperty("$contains").GetString());
        Assert.Equal(2, payload.Limit);
        Assert.Equal(3, payload.Offset);
        Assert.Equal([Include.Uris, Include.Embeddings, Include.Distances], payload.Include.Items);
    }

    [Fact]
    public void Empty_include_means_ids_only()
    {
        var payload = ReadRecordsParser.ParseGet(Utf8("""{"include":[]}"""));
        Assert.Empty(payload.Include.Items);
        Assert.Equal(Include.None, payload.Include.Flags);
    }

    [Theory]
    [InlineData("data", 18)]
    [InlineData("bogus", 19)]
    public void Unknown_include_is_a_422(string value, int column) =>
        Fails(() => ReadRecordsParser.ParseGet(Utf8($$"""{"include":["{{value}}"]}""")), ChromaErrorCode.UnprocessableEntity,
            Shape + $"include[0]: unknown variant `{value}`, expected one of `distances`, `documents`, `embeddings`, `metadatas`, `uris` at line 1 column {column}");

    [Fact]
    public void Negative_limit_is_a_422() =>
        Fails(() => ReadRecordsParser.ParseGet(Utf8("""{"limit":-1}""")), ChromaErrorCode.UnprocessableEntity,
            Shape + "limit: invalid value: integer `-1`, expected u32 at line 1 column 11");

    [Fact]
    public void Fractional_offset_is_a_422() =>
        Fails(() => ReadRecordsParser.ParseGet(Utf8("""{"offset":1.5}""")), ChromaErrorCode.UnprocessableEntity,
            Shape + "offset: invalid type: floating point `1.5`, expected u32 at line 1 column 13");

    [Fact]
    public void Query_parses_embeddings_and_defaults_n_results_to_ten()
    {
        var payload = ReadRecordsParser.ParseQuery(Utf8("""{"query_embeddings":[[1,0,0],[0.5,-2,4]]}"""));
        Assert.Equal(2, payload.QueryEmbeddings.Length);
        Assert.Equal([0.5f, -2f, 4f], payload.QueryEmbeddings[1]);
        Assert.Equal(3, payload.QueryEmbeddings[0].Length);
        Assert.Equal(10, payload.NResults);
        Assert.Equal([Include.Documents, Include.Metadatas, Include.Distances], payload.Include.Items);
    }

    [Fact]
    public void Query_without_embeddings_field_is_a_422() =>
        Fails(() => ReadRecordsParser.ParseQuery(Utf8("""{"n_results":1}""")), ChromaErrorCode.UnprocessableEntity,
            Shape + "missing field `query_embeddings` at line 1 column 15");

    [Fact]
    public void Query_embeddings_in_base64_are_a_422() =>
        Fails(() => ReadRecordsParser.ParseQuery(Utf8("""{"query_embeddings":["AACAPwAAAAAAAAAA"],"n_results":1}""")), ChromaErrorCode.UnprocessableEntity,
            Shape + "query_embeddings[0]: invalid type: string \"AACAPwAAAAAAAAAA\", expected a sequence at line 1 column 39");

    [Fact]
    public void Query_with_no_vectors_is_valid()
    {
        var payload = ReadRecordsParser.ParseQuery(Utf8("""{"query_embeddings":[],"n_results":1}"""));
        Assert.Empty(payload.QueryEmbeddings);
    }

    [Fact]
    public void Query_vectors_of_different_lengths_are_rejected() =>
        Fails(() => ReadRecordsParser.ParseQuery(Utf8("""{"query_embeddings":[[1,2],[1]]}""")), ChromaErrorCode.InvalidArgument,
            "Inconsistent dimensions in provided embeddings");

    [Fact]
    public void Delete_reads_ids_filters_and_limit()
    {
        var payload = ReadRecordsParser.ParseDelete(Utf8("""{"ids":["a","c"],"where":{"color":"red"},"limit":1}"""));
        Assert.Equal(["a", "c"], payload.Ids!);
        Assert.NotNull(payload.Where);
        Assert.Equal(1, payload.Limit);
    }

    [Fact]
    public void Empty_filter_objects_count_as_absent()
    {
        var payload = ReadRecordsParser.ParseDelete(Utf8("""{"where":{},"where_document":null}"""));
        Assert.True(FilterParsing.IsAbsent(payload.Where));
        Assert.True(FilterParsing.IsAbsent(payload.WhereDocument));
    }
}
