using Chroma.Api.Json;
using Chroma.Core.Model;
using static Chroma.Api.Tests.Json.ParseAssert;

namespace Chroma.Api.Tests.Json;

public class WriteRecordsParserTests
{
    private const string Shape = "Failed to deserialize the JSON body into the target type: ";

    private static RecordBatch Add(string json) => WriteRecordsParser.Parse(Utf8(json), OperationKind.Add);

    private static RecordBatch Update(string json) => WriteRecordsParser.Parse(Utf8(json), OperationKind.Update);

    [Fact]
    public void Parses_every_column_of_an_add()
    {
        var batch = Add("""
            {"ids":["a","b"],"embeddings":[[1,0,0.5],[-1,2e1,3]],"documents":["apple",null],
             "uris":[null,"u-b"],"metadatas":[{"color":"red","n":1,"f":1.5,"ok":true,"tags":["x","y"]},null]}
            """);

        Assert.Equal(["a", "b"], batch.Ids);
        Assert.Equal([1f, 0f, 0.5f], batch.Embeddings![0]!);
        Assert.Equal([-1f, 20f, 3f], batch.Embeddings[1]!);
        Assert.Equal(new string?[] { "apple", null }, batch.Documents);
        Assert.Equal(new string?[] { null, "u-b" }, batch.Uris);
        var metadata = batch.Metadatas![0]!;
        Assert.Equal("red", metadata["color"].AsString);
        Assert.Equal(MetadataValueKind.Int, metadata["n"].Kind);
        Assert.Equal(1.5, metadata["f"].AsFloat);
        Assert.True(metadata["ok"].AsBool);
        Assert.Equal(["x", "y"], metadata["tags"].AsStrings);
        Assert.Null(batch.Metadatas[1]);
    }

    [Fact]
    public void Base64_embeddings_decode_as_little_endian_float32()
    {
        var batch = Add("""{"ids":["b64"],"embeddings":["AAAAPwAAgD4AAAA+"]}""");
        Assert.Equal([0.5f, 0.25f, 0.125f], batch.Embeddings![0]!);
    }

    [Fact]
    public void Padded_and_escaped_base64_decode()
    {
        // 1.0f = 00 00 80 3F → "AACAPw==" ; "\/" is a JSON escape of '/', a base64 character.
        var padded = Add("""{"ids":["p"],"embeddings":["AACAPw=="]}""");
        Assert.Equal([1f], padded.Embeddings![0]!);

        byte[] bytes = new byte[8];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), BitConverter.Int32BitsToSingle(unchecked((int)0x3FFFFFFF)));
        BitConverter.TryWriteBytes(bytes.AsSpan(4, 4), 2f);
        string encoded = Convert.ToBase64String(bytes);
        Assert.Contains('/', encoded);
        var escaped = Add($$"""{"ids":["e"],"embeddings":["{{encoded.Replace("/", "\\/")}}"]}""");
        Assert.Equal(2f, escaped.Embeddings![0]![1]);
    }

    [Fact]
    public void Base64_with_a_byte_length_not_divisible_by_four_is_rejected() =>
        Fails(() => Add("""{"ids":["b64x"],"embeddings":["YWJj"]}"""), ChromaErrorCode.InvalidArgument,
            "Invalid byte length: 3 bytes cannot be converted to f32 values (must be divisible by 4)");

    [Fact]
    public void Base64_nan_is_rejected()
    {
        string nan = Convert.ToBase64String(BitConverter.GetBytes(float.NaN));
        FailsStartingWith(() => Add($$"""{"ids":["n"],"embeddings":["{{nan}}"]}"""), ChromaErrorCode.InvalidArgument, "Validation error: embeddings:");
    }

    [Fact]
    public void Json_number_overflowing_float32_is_rejected() =>
        FailsStartingWith(() => Add("""{"ids":["n"],"embeddings":[[1e39]]}"""), ChromaErrorCode.InvalidArgument, "Validation error: embeddings:");

    [Fact]
    public void Malformed_json_is_a_400_parse_error() =>
        FailsStartingWith(() => Add("{not json"), ChromaErrorCode.InvalidArgument, "Failed to parse the request body as JSON: ");

    [Fact]
    public void Empty_body_is_a_400_parse_error() =>
        FailsStartingWith(() => Add(""), ChromaErrorCode.InvalidArgument, "Failed to parse the request body as JSON: ");

    [Fact]
    public void Trailing_garbage_is_a_400_parse_error() =>
        FailsStartingWith(() => Add("""{"ids":[],"embeddings":[]} x"""), ChromaErrorCode.InvalidArgument, "Failed to parse the request body as JSON: ");

    [Fact]
    public void Wrong_type_is_a_422_with_path_and_position() =>
        Fails(() => Add("""{"ids":"a","embeddings":[[1,2,3]]}"""), ChromaErrorCode.UnprocessableEntity,
            Shape + "ids: invalid type: string \"a\", expected a sequence at line 1 column 10");

    [Fact]
    public void Missing_embeddings_on_add_is_a_422() =>
        Fails(() => Add("""{"ids":["y"],"documents":["no emb"]}"""), ChromaErrorCode.UnprocessableEntity,
            Shape + "missing field `embeddings` at line 1 column 36");

    [Fact]
    public void Missing_embeddings_on_upsert_is_a_422() =>
        Fails(() => WriteRecordsParser.Parse(Utf8("""{"ids":["e"],"documents":["doc only"]}"""), OperationKind.Upsert), ChromaErrorCode.UnprocessableEntity,
            Shape + "missing field `embeddings` at line 1 column 38");

    [Fact]
    public void Null_embeddings_on_add_is_a_422() =>
        Fails(() => Add("""{"ids":["y"],"embeddings":null,"documents":["no emb"]}"""), ChromaErrorCode.UnprocessableEntity,
            Shape + "embeddings: data did not match any variant of untagged enum EmbeddingsPayload at line 1 column 30");

    [Fact]
    public void Missing_ids_is_a_422() =>
        FailsStartingWith(() => Add("""{"embeddings":[]}"""), ChromaErrorCode.UnprocessableEntity, Shape + "missing field `ids`");

    [Fact]
    public void Update_may_omit_embeddings_or_send_null_elements()
    {
        var omitted = Update("""{"ids":["c"],"documents":["cherry pie"]}""");
        Assert.Null(omitted.Embeddings);
        var nulls = Update("""{"ids":["a","b"],"embeddings":[null,[1,2]]}""");
        Assert.Null(nulls.Embeddings![0]);
        Assert.Equal([1f, 2f], nulls.Embeddings[1]!);
    }

    [Fact]
    public void Empty_batch_is_accepted()
    {
        var batch = Add("""{"ids":[],"embeddings":[]}""");
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void Empty_embedding_is_rejected() =>
        Fails(() => Add("""{"ids":["y"],"embeddings":[[]]}"""), ChromaErrorCode.InvalidArgument,
            "Validation error: embeddings: Each embedding must have at least 1 dimension");

    [Fact]
    public void Inconsistent_dimensions_are_rejected() =>
        Fails(() => Add("""{"ids":["y","z"],"embeddings":[[1,2,3],[1,2]]}"""), ChromaErrorCode.InvalidArgument,
            "Inconsistent dimensions in provided embeddings");

    [Theory]
    [InlineData("""{"ids":["y","z"],"embeddings":[[1,2,3]]}""")]
    [InlineData("""{"ids":["y"],"embeddings":[[1,2,3]],"documents":["a","b"]}""")]
    [InlineData("""{"ids":["y"],"embeddings":[[1,2,3]],"uris":[]}""")]
    [InlineData("""{"ids":["y"],"embeddings":[[1,2,3]],"metadatas":[{},{}]}""")]
    public void Unequal_lengths_are_rejected(string json) =>
        Fails(() => Add(json), ChromaErrorCode.InvalidArgument, "Inconsistent number of IDs, embeddings, documents, URIs and metadatas");

    [Fact]
    public void Empty_id_is_rejected() =>
        Fails(() => Add("""{"ids":[""],"embeddings":[[1,2,3]]}"""), ChromaErrorCode.InvalidArgument,
            "Empty ID, ID must have at least one character");

    [Fact]
    public void Duplicate_ids_in_a_batch_are_rejected_naming_the_id() =>
        Fails(() => Add("""{"ids":["x","y","x"],"embeddings":[[1],[2],[3]]}"""), ChromaErrorCode.InvalidArgument,
            "Expected IDs to be unique, found duplicates of: x");

    [Theory]
    [InlineData("""{"$bad":1}""")]
    [InlineData("""{"#bad":1}""")]
    [InlineData("""{"":1}""")]
    public void Reserved_or_empty_metadata_keys_are_rejected(string metadata) =>
        Fails(() => Add($$"""{"ids":["y"],"embeddings":[[1,2,3]],"metadatas":[{{metadata}}]}"""), ChromaErrorCode.InvalidArgument,
            "Validation error: metadatas: Invalid metadata at index 0");

    [Fact]
    public void Null_metadata_value_on_add_is_a_422() =>
        Fails(() => Add("""{"ids":["y"],"embeddings":[[1,2,3]],"metadatas":[{"k":null}]}"""), ChromaErrorCode.UnprocessableEntity,
            Shape + "metadatas[0].k: data did not match any variant of untagged enum MetadataValue at line 1 column 59");

    [Fact]
    public void Nested_metadata_object_on_add_is_a_422() =>
        Fails(() => Add("""{"ids":["y"],"embeddings":[[1,2,3]],"metadatas":[{"o":{"a":1}}]}"""), ChromaErrorCode.UnprocessableEntity,
            Shape + "metadatas[0].o: data did not match any variant of untagged enum MetadataValue at line 1 column 62");

    [Fact]
    public void Mixed_string_and_number_array_is_a_422() =>
        Fails(() => Add("""{"ids":["y"],"embeddings":[[1,2,3]],"metadatas":[{"arr":[1,"a"]}]}"""), ChromaErrorCode.UnprocessableEntity,
            Shape + "metadatas[0].arr: data did not match any variant of untagged enum MetadataValue at line 1 column 64");

    [Fact]
    public void Syntax_error_after_a_bad_metadata_value_is_still_a_400() =>
        FailsStartingWith(() => Add("""{"ids":["y"],"embeddings":[[1]],"metadatas":[{"k":null,"x":]}"""), ChromaErrorCode.InvalidArgument,
            "Failed to parse the request body as JSON: ");

    [Fact]
    public void Null_metadata_value_on_update_deletes_the_key()
    {
        var batch = Update("""{"ids":["c"],"metadatas":[{"extra":null,"n":30}]}""");
        Assert.True(batch.Metadatas![0]!["extra"].IsNull);
        Assert.Equal(30, batch.Metadatas[0]!["n"].AsInt);
    }

    [Fact]
    public void Empty_metadata_object_is_stored_as_null()
    {
        var batch = Add("""{"ids":["m0"],"embeddings":[[1,2,3]],"metadatas":[{}]}""");
        Assert.Null(batch.Metadatas![0]);
    }

    [Fact]
    public void Number_kinds_survive_parsing()
    {
        var batch = Add("""
            {"ids":["y"],"embeddings":[[1]],"metadatas":[{"i":1000,"f":1000.0,"e":1e3,"big":9007199254740993,
             "huge":18446744073709551615,"mix":[1,2.5],"ints":[1,2,3],"bools":[true,false],"empty":[]}]}
            """);
        var m = batch.Metadatas![0]!;
        Assert.Equal(1000, m["i"].AsInt);
        Assert.Equal(1000.0, m["f"].AsFloat);
        Assert.Equal(1000.0, m["e"].AsFloat);
        Assert.Equal(9007199254740993L, m["big"].AsInt);
        Assert.Equal(MetadataValueKind.Float, m["huge"].Kind);
        Assert.Equal([1.0, 2.5], m["mix"].AsFloats);
        Assert.Equal([1L, 2L, 3L], m["ints"].AsInts);
        Assert.Equal([true, false], m["bools"].AsBools);
        Assert.Empty(m["empty"].AsStrings);
    }

    [Fact]
    public void Sparse_vector_metadata_is_parsed()
    {
        var batch = Add("""{"ids":["s"],"embeddings":[[1]],"metadatas":[{"sv":{"#type":"sparse_vector","indices":[1,5],"values":[0.5,1],"tokens":["a","b"]}}]}""");
        var vector = batch.Metadatas![0]!["sv"].AsSparseVector;
        Assert.Equal([1u, 5u], vector.Indices);
        Assert.Equal([0.5f, 1f], vector.Values);
        Assert.Equal(["a", "b"], vector.Tokens!);
    }

    [Fact]
    public void Unknown_fields_are_ignored()
    {
        var batch = Add("""{"ids":["a"],"embeddings":[[1]],"extra":{"deep":[1,{"x":2}]}}""");
        Assert.Single(batch.Ids);
    }
}
