using Chroma.Core.Catalog;
using Chroma.Core.Model;

namespace Chroma.Core.Tests.Catalog;

public sealed class MetadataJsonCodecTests
{
    public static TheoryData<MetadataValue> EveryKind() => new()
    {
        MetadataValue.Null,
        MetadataValue.FromString("x \"quoted\" ünï"),
        MetadataValue.FromString(""),
        MetadataValue.FromInt(1),
        MetadataValue.FromInt(long.MinValue),
        MetadataValue.FromInt(long.MaxValue),
        MetadataValue.FromFloat(1.0),
        MetadataValue.FromFloat(-0.5),
        MetadataValue.FromFloat(1e20),
        MetadataValue.FromFloat(1.2345678901234567e-300),
        MetadataValue.FromFloat(double.NaN),
        MetadataValue.FromFloat(double.PositiveInfinity),
        MetadataValue.FromFloat(double.NegativeInfinity),
        MetadataValue.FromBool(true),
        MetadataValue.FromBool(false),
        MetadataValue.FromStrings(["a", "b"]),
        MetadataValue.FromStrings([]),
        MetadataValue.FromInts([1, 2, 3]),
        MetadataValue.FromInts([]),
        MetadataValue.FromFloats([1.0, 2.0]),
        MetadataValue.FromFloats([1.5, double.NaN]),
        MetadataValue.FromFloats([]),
        MetadataValue.FromBools([true, false]),
        MetadataValue.FromBools([]),
        MetadataValue.FromSparseVector(new SparseVector([1, 5], [0.25f, -1.5f], null)),
        MetadataValue.FromSparseVector(new SparseVector([], [], ["tok"])),
    };

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Every_kind_round_trips_with_its_kind(MetadataValue value)
    {
        var map = new Dictionary<string, MetadataValue> { ["k"] = value };

        Dictionary<string, MetadataValue> back = MetadataJsonCodec.Deserialize(MetadataJsonCodec.Serialize(map));

        MetadataValue read = Assert.Single(back).Value;
        Assert.Equal(value.Kind, read.Kind);
        if (value.Kind == MetadataValueKind.Float && double.IsNaN(value.AsFloat)) Assert.True(double.IsNaN(read.AsFloat));
        else Assert.Equal(value, read);
    }

    [Fact]
    public void Whole_floats_keep_a_decimal_point_and_ints_do_not()
    {
        var map = new Dictionary<string, MetadataValue> { ["f"] = 2.0, ["i"] = 2, ["fs"] = MetadataValue.FromFloats([3.0]) };

        string json = MetadataJsonCodec.Serialize(map);

        Assert.Equal("""{"f":2.0,"fs":[3.0],"i":2}""", json);
    }

    [Fact]
    public void Keys_are_written_in_ordinal_order()
    {
        var map = new Dictionary<string, MetadataValue> { ["s"] = "x", ["b"] = true, ["i"] = 1, ["f"] = 1.5 };

        Assert.Equal("""{"b":true,"f":1.5,"i":1,"s":"x"}""", MetadataJsonCodec.Serialize(map));
    }

    [Fact]
    public void A_mixed_int_and_float_array_reads_as_floats()
    {
        MetadataValue value = MetadataJsonCodec.Deserialize("""{"a":[1,2.5]}""")["a"];

        Assert.Equal(MetadataValueKind.FloatArray, value.Kind);
        Assert.Equal([1.0, 2.5], value.AsFloats);
    }

    [Theory]
    [InlineData("""{"a":""")]
    [InlineData("""{"a":{"#type":"mystery"}}""")]
    [InlineData("""{"a":[]}""")]
    [InlineData("""{"a":["x",1]}""")]
    public void Corrupt_text_is_reported_as_data_loss(string json)
    {
        ChromaException e = Assert.Throws<ChromaException>(() => MetadataJsonCodec.Deserialize(json));
        Assert.Equal(ChromaErrorCode.DataLoss, e.Code);
    }
}
