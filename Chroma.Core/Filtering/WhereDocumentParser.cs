using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Chroma.Core.Model;

namespace Chroma.Core.Filtering;

/// <summary>Reads a where_document object (API.md §9) with Chroma's error texts.</summary>
internal static class WhereDocumentParser
{
    internal const string InvalidWhereDocument = "Invalid where document clause";

    public static WhereDocumentClause Parse(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object || json.GetPropertyCount() != 1) Invalid();
        JsonProperty property;
        using (JsonElement.ObjectEnumerator properties = json.EnumerateObject())
        {
            properties.MoveNext();
            property = properties.Current;
        }

        JsonElement value = property.Value;
        switch (property.Name)
        {
            case "$and":
                return ParseLogical(FilterOperator.And, value);
            case "$or":
                return ParseLogical(FilterOperator.Or, value);
        }

        if (value.ValueKind != JsonValueKind.String) Invalid();
        string text = value.GetString()!;
        return property.Name switch
        {
            "$contains" => new DocumentContains(FilterOperator.Contains, text),
            "$not_contains" => new DocumentContains(FilterOperator.NotContains, text),
            "$regex" => new DocumentRegex(FilterOperator.Regex, text, ChromaRegex.Compile(text)),
            "$not_regex" => new DocumentRegex(FilterOperator.NotRegex, text, ChromaRegex.Compile(text)),
            _ => Invalid<WhereDocumentClause>(),
        };
    }

    private static DocumentLogical ParseLogical(FilterOperator op, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array) Invalid();
        var children = new WhereDocumentClause[value.GetArrayLength()];
        int index = 0;
        foreach (JsonElement child in value.EnumerateArray())
        {
            children[index++] = Parse(child);
        }
        return new DocumentLogical(op, children);
    }

    [DoesNotReturn]
    private static void Invalid() => ThrowHelper.InvalidArgument(InvalidWhereDocument);

    [DoesNotReturn]
    private static T Invalid<T>() => ThrowHelper.InvalidArgument<T>(InvalidWhereDocument);
}
