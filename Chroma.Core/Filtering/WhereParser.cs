using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Chroma.Core.Model;

namespace Chroma.Core.Filtering;

/// <summary>
/// Reads a where object (API.md §9). Real Chroma answers every malformed where clause with
/// the same text, and clients match on it, so so do we.
/// </summary>
internal static class WhereParser
{
    internal const string InvalidWhere = "Invalid where clause";

    public static WhereClause Parse(JsonElement json)
    {
        JsonProperty property = SingleProperty(json);
        string key = property.Name;
        JsonElement value = property.Value;

        if (key == "$and") return ParseLogical(FilterOperator.And, value);
        if (key == "$or") return ParseLogical(FilterOperator.Or, value);
        if (key.StartsWith('$')) Invalid();
        if (key == WhereClause.DocumentKey) return ParseDocumentOperator(value);

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
            case JsonValueKind.True:
            case JsonValueKind.False:
            case JsonValueKind.Number:
                return new WhereComparison(key, FilterOperator.Eq, ReadScalar(value));
            case JsonValueKind.Object:
                return ParseOperator(key, value);
            default:
                return Invalid<WhereClause>();
        }
    }

    private static WhereLogical ParseLogical(FilterOperator op, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array) Invalid();
        var children = new WhereClause[value.GetArrayLength()];
        int index = 0;
        foreach (JsonElement child in value.EnumerateArray())
        {
            children[index++] = Parse(child);
        }
        return new WhereLogical(op, children);
    }

    private static WhereClause ParseOperator(string key, JsonElement operatorObject)
    {
        JsonProperty property = SingleProperty(operatorObject);
        JsonElement operand = property.Value;
        switch (property.Name)
        {
            case "$eq":
                return new WhereComparison(key, FilterOperator.Eq, ReadScalar(operand));
            case "$ne":
                return new WhereComparison(key, FilterOperator.Ne, ReadScalar(operand));
            case "$gt":
                return new WhereComparison(key, FilterOperator.Gt, ReadNumber(operand));
            case "$gte":
                return new WhereComparison(key, FilterOperator.Gte, ReadNumber(operand));
            case "$lt":
                return new WhereComparison(key, FilterOperator.Lt, ReadNumber(operand));
            case "$lte":
                return new WhereComparison(key, FilterOperator.Lte, ReadNumber(operand));
            case "$in":
                return new WhereSetMembership(key, FilterOperator.In, ReadSet(operand));
            case "$nin":
                return new WhereSetMembership(key, FilterOperator.Nin, ReadSet(operand));
            case "$contains":
                return new WhereArrayContains(key, FilterOperator.Contains, ReadScalar(operand));
            case "$not_contains":
                return new WhereArrayContains(key, FilterOperator.NotContains, ReadScalar(operand));
            default:
                // Includes $regex/$not_regex: only #document takes them.
                return Invalid<WhereClause>();
        }
    }

    private static WhereOnDocument ParseDocumentOperator(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object) Invalid();
        JsonProperty property = SingleProperty(value);
        if (property.Value.ValueKind != JsonValueKind.String) Invalid();
        string text = property.Value.GetString()!;
        WhereDocumentClause clause = property.Name switch
        {
            "$contains" => new DocumentContains(FilterOperator.Contains, text),
            "$not_contains" => new DocumentContains(FilterOperator.NotContains, text),
            "$regex" => new DocumentRegex(FilterOperator.Regex, text, ChromaRegex.Compile(text)),
            "$not_regex" => new DocumentRegex(FilterOperator.NotRegex, text, ChromaRegex.Compile(text)),
            _ => Invalid<WhereDocumentClause>(),
        };
        return new WhereOnDocument(clause);
    }

    private static JsonProperty SingleProperty(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object || json.GetPropertyCount() != 1) Invalid();
        using JsonElement.ObjectEnumerator properties = json.EnumerateObject();
        properties.MoveNext();
        return properties.Current;
    }

    /// <summary>A string, bool or number operand.</summary>
    private static MetadataValue ReadScalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => MetadataValue.FromString(value.GetString()!),
        JsonValueKind.True => MetadataValue.FromBool(true),
        JsonValueKind.False => MetadataValue.FromBool(false),
        JsonValueKind.Number => ReadNumber(value),
        _ => Invalid<MetadataValue>(),
    };

    /// <summary>
    /// A number with a fraction or exponent is a float, any other an int (i64), as
    /// serde_json reads it. An integer beyond i64 is kept as a float rather than refused.
    /// </summary>
    internal static MetadataValue ReadNumber(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number) Invalid();
        if (!LooksLikeFloat(value) && value.TryGetInt64(out long integer))
        {
            return MetadataValue.FromInt(integer);
        }
        if (!value.TryGetDouble(out double real) || !double.IsFinite(real)) Invalid();
        return MetadataValue.FromFloat(real);
    }

    private static bool LooksLikeFloat(JsonElement number)
    {
        string raw = number.GetRawText();
        return raw.AsSpan().IndexOfAny('.', 'e', 'E') >= 0;
    }

    /// <summary>Non-empty and of one kind: strings, bools, or numbers (ints and floats may mix).</summary>
    private static MetadataValue[] ReadSet(JsonElement operand)
    {
        if (operand.ValueKind != JsonValueKind.Array) Invalid();
        int length = operand.GetArrayLength();
        if (length == 0) Invalid();
        var values = new MetadataValue[length];
        int index = 0;
        foreach (JsonElement element in operand.EnumerateArray())
        {
            MetadataValue value = ReadScalar(element);
            if (index > 0 && !SameSetKind(values[0], value)) Invalid();
            values[index++] = value;
        }
        return values;
    }

    internal static bool SameSetKind(MetadataValue first, MetadataValue other) =>
        first.Kind == other.Kind || (first.IsNumber && other.IsNumber);

    [DoesNotReturn]
    private static void Invalid() => ThrowHelper.InvalidArgument(InvalidWhere);

    [DoesNotReturn]
    private static T Invalid<T>() => ThrowHelper.InvalidArgument<T>(InvalidWhere);
}
