using System.Text.Json;

namespace Chroma.Core.Filtering;

/// <summary>
/// <c>{"$and"|"$or": [clause, …]}</c>. Any number of children: an empty $and matches
/// every record, an empty $or none (as Chroma's SQL translation does).
/// </summary>
public sealed class WhereLogical : WhereClause
{
    private readonly WhereClause[] _children;

    internal WhereLogical(FilterOperator op, WhereClause[] children)
    {
        Operator = op;
        _children = children;
    }

    /// <summary>And or Or.</summary>
    public FilterOperator Operator { get; }

    public IReadOnlyList<WhereClause> Children => _children;

    public override void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(Operator.Token());
        writer.WriteStartArray();
        foreach (WhereClause child in _children)
        {
            child.WriteTo(writer);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
