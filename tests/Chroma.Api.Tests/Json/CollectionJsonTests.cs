using Chroma.Core.Storage.Codec;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chroma.Api.Json;
using Chroma.Core.Model;

namespace Chroma.Api.Tests.Json;

public class CollectionJsonTests
{
    private static readonly Guid Id = Guid.Parse("00000000-0000-0000-0000-000000000007");

    private static string Write(CollectionInfo collection)
    {
        using var buffer = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer, JsonResponse.WriterOptions)) CollectionJson.Write(writer, collection);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static JsonNode Golden(string json) =>
        JsonNode.Parse(json.Replace("CPU_COUNT", Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture)))!;

    private static CollectionInfo Collection(CollectionConfiguration? configuration = null) => new()
    {
        Id = Id,
        Name = "c_l2",
        Tenant = "default_tenant",
        Database = "default_database",
        Configuration = configuration ?? CollectionConfiguration.Default,
    };

    [Fact]
    public void Default_collection_matches_real_chroma()
    {
        var actual = JsonNode.Parse(Write(Collection()))!;
        Assert.True(JsonNode.DeepEquals(Golden(GoldenCollections.Default), actual), actual.ToJsonString());
    }

    [Fact]
    public void Embedding_function_is_echoed_verbatim_in_configuration_and_schema()
    {
        var collection = Collection(CollectionConfiguration.Default with { EmbeddingFunctionJson = """{"type":"known","name":"default","config":{}}""" })
            with { Name = "c_ef" };
        var actual = JsonNode.Parse(Write(collection))!;
        var expected = Golden(GoldenCollections.WithEmbeddingFunction);
        expected["id"] = Id.ToString();
        Assert.True(JsonNode.DeepEquals(expected, actual), actual.ToJsonString());
    }

    [Fact]
    public void Floats_keep_their_decimal_point_and_ints_do_not()
    {
        var collection = Collection(new CollectionConfiguration { Hnsw = new HnswConfiguration { ResizeFactor = 2.0 } }) with
        {
            Metadata = new() { ["f"] = MetadataValue.FromFloat(1000.0), ["i"] = MetadataValue.FromInt(9007199254740993) },
            Dimension = 384,
        };
        string json = Write(collection);
        Assert.Contains("\"resize_factor\":2.0", json, StringComparison.Ordinal);
        Assert.Contains("\"f\":1000.0", json, StringComparison.Ordinal);
        Assert.Contains("\"i\":9007199254740993", json, StringComparison.Ordinal);
        Assert.Contains("\"dimension\":384", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Stored_schema_is_written_verbatim()
    {
        var collection = Collection() with { SchemaJson = """{"defaults":{},"keys":{"x":{}}}""" };
        var actual = JsonNode.Parse(Write(collection))!;
        Assert.Equal("""{"defaults":{},"keys":{"x":{}}}""", actual["schema"]!.ToJsonString());
    }

    [Fact]
    public void Configuration_omits_num_threads_and_batch_size()
    {
        var configuration = JsonNode.Parse(Write(Collection()))!["configuration_json"]!["hnsw"]!.AsObject();
        Assert.False(configuration.ContainsKey("num_threads"));
        Assert.False(configuration.ContainsKey("batch_size"));
    }
}
