using System.Text.Json;
using Chroma.Core.Model;

namespace Chroma.Core.Filtering;

/// <summary>
/// <c>{"key": {"$op": value}}</c> with $eq, $ne (string, int, float, bool operand) or
/// $gt, $gte, $lt, $lte (int or float operand). Int and float compare numerically with
/// each other; any other kind mismatch, an array-valued field or a missing key does not
/// match $eq/$gt…, and so does match $ne.
/// </summary>
public sealed class WhereComparison : WhereClause
{
    internal WhereComparison(string key, FilterOperator op, MetadataValue value)
    {
        Key = key;
        Operator = op;
        Value = value;
    }

    public string Key { get; }

    /// <summary>One of Eq, Ne, Gt, Gte, Lt, Lte.</summary>
    public FilterOperator Operator { get; }

    /// <summary>A scalar: String, Int, Float or Bool (only Int or Float for the ordering operators).</summary>
    public MetadataValue Value { get; }

    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(Key);
        writer.WriteStartObject();
        writer.WritePropertyName(Operator.Token());
        FilterJson.WriteScalar(writer, Value);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
