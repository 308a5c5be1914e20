using System.Text.Json;

namespace Chroma.Core.Filtering;

/// <summary>
/// <c>{"#document": {"$contains"|"$not_contains"|"$regex"|"$not_regex": "…"}}</c>: a
/// document filter written inside a where clause. <see cref="Clause"/> is always a leaf
/// (<see cref="DocumentContains"/> or <see cref="DocumentRegex"/>).
/// </summary>
public sealed class WhereOnDocument : WhereClause
{
    internal WhereOnDocument(WhereDocumentClause clause)
    {
        Clause = clause;
    }

    public WhereDocumentClause Clause { get; }

    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(DocumentKey);
        Clause.WriteOperatorObject(writer);
        writer.WriteEndObject();
    }
}
