using System.Text.Json;

namespace Chroma.Core.Filtering;

/// <summary>
/// <c>{"$and"|"$or": [clause, …]}</c> of document clauses; an empty $and matches every
/// record, an empty $or none.
/// </summary>
public sealed class DocumentLogical : WhereDocumentClause
{
    private readonly WhereDocumentClause[] _children;

    internal DocumentLogical(FilterOperator op, WhereDocumentClause[] children)
    {
        Operator = op;
        _children = children;
    }

    /// <summary>And or Or.</summary>
    public FilterOperator Operator { get; }

    public IReadOnlyList<WhereDocumentClause> Children => _children;

    public override void WriteTo(Utf8JsonWriter writer) => WriteOperatorObject(writer);

    internal override void WriteOperatorObject(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(Operator.Token());
        writer.WriteStartArray();
        foreach (WhereDocumentClause child in _children)
        {
            child.WriteTo(writer);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
