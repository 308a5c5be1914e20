using Chroma.Core.Model;

namespace Chroma.Distributed.Tests;

internal static class TestData
{
    /// <summary>One metadata map holding every kind, with int and float both present.</summary>
    public static Dictionary<string, MetadataValue> EveryKind() => new(StringComparer.Ordinal)
    {
        ["s"] = "text é ✓",
        ["empty"] = "",
        ["i"] = 1,
        ["f"] = 1.0,
        ["neg"] = -0.0,
        ["big"] = long.MinValue,
        ["tiny"] = double.Epsilon,
        ["b"] = true,
        ["sa"] = MetadataValue.FromStrings(["x", "", "y"]),
        ["ia"] = MetadataValue.FromInts([1, -2, long.MaxValue]),
        ["fa"] = MetadataValue.FromFloats([1.0, 2.5, -0.0]),
        ["ba"] = MetadataValue.FromBools([true, false]),
        ["sv"] = MetadataValue.FromSparseVector(new SparseVector([1u, 7u, uint.MaxValue], [0.5f, -1f, float.Epsilon], ["a", "b", "c"])),
        ["sv0"] = MetadataValue.FromSparseVector(new SparseVector([], [], null)),
        ["gone"] = MetadataValue.Null,
    };

    /// <summary>Every column present, with null elements in each, and awkward floats.</summary>
    public static RecordBatch FullBatch() => new(
        ["a", "b", "c"],
        [[1f, -0f, float.Epsilon, float.MaxValue], null, [1e-40f, -3.5f, 0f, 1f / 3f]],
        ["doc a", null, ""],
        [null, "s3://bucket/b", "file:///c"],
        [TestData.EveryKind(), null, new Dictionary<string, MetadataValue>(StringComparer.Ordinal)]);
}
