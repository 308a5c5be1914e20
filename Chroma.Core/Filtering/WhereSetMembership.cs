using System.Text.Json;
using Chroma.Core.Model;

namespace Chroma.Core.Filtering;

/// <summary>
/// <c>{"key": {"$in"|"$nin": [v, …]}}</c>: the scalar field equals one of the values.
/// Values are non-empty and of one kind (strings, bools, or numbers where ints and floats
/// may mix). $nin is the exact complement of $in, so it matches records lacking the key.
/// </summary>
public sealed class WhereSetMembership : WhereClause
{
    private readonly MetadataValue[] _values;

    internal WhereSetMembership(string key, FilterOperator op, MetadataValue[] values)
    {
        Key = key;
        Operator = op;
        _values = values;
    }

    public string Key { get; }

    /// <summary>In or Nin.</summary>
    public FilterOperator Operator { get; }

    public IReadOnlyList<MetadataValue> Values => _values;

    internal ReadOnlySpan<MetadataValue> ValueSpan => _values;

    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(Key);
        writer.WriteStartObject();
        writer.WritePropertyName(Operator.Token());
        writer.WriteStartArray();
        foreach (MetadataValue value in _values)
        {
            FilterJson.WriteScalar(writer, value);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
