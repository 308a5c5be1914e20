using System.Text.Json;
using Chroma.Core.Model;

namespace Chroma.Core.Filtering;

/// <summary>
/// <c>{"key": {"$contains"|"$not_contains": v}}</c> on a metadata key: the stored value is
/// an array holding the scalar <c>v</c> (numbers compare across int and float). A scalar
/// field never contains anything. $not_contains is the exact complement, so it matches
/// records lacking the key.
/// </summary>
public sealed class WhereArrayContains : WhereClause
{
    internal WhereArrayContains(string key, FilterOperator op, MetadataValue value)
    {
        Key = key;
        Operator = op;
        Value = value;
    }

    public string Key { get; }

    /// <summary>Contains or NotContains.</summary>
    public FilterOperator Operator { get; }

    /// <summary>A scalar: String, Int, Float or Bool.</summary>
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
