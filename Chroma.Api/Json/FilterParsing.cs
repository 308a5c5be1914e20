using System.Text.Json;
using Chroma.Core.Filtering;

namespace Chroma.Api.Json;

/// <summary>
/// Raw where / where_document subtrees to the Filtering module's clauses. An empty object means
/// "no filter", as in Chroma (clients send <c>{}</c> for an absent filter).
/// </summary>
internal static class FilterParsing
{
    public static WhereClause? ParseWhere(JsonElement? json) =>
        IsAbsent(json) ? null : WhereClause.Parse(json!.Value);

    public static WhereDocumentClause? ParseWhereDocument(JsonElement? json) =>
        IsAbsent(json) ? null : WhereDocumentClause.Parse(json!.Value);

    public static bool IsAbsent(JsonElement? json)
    {
        if (json is not { } element) return true;
        if (element.ValueKind != JsonValueKind.Object) return false;
        using var properties = element.EnumerateObject();
        return !properties.MoveNext();
    }
}
