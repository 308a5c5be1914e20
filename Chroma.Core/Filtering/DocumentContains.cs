using System.Text.Json;

namespace Chroma.Core.Filtering;

/// <summary>
/// <c>{"$contains"|"$not_contains": "text"}</c>: case-sensitive ordinal substring of the
/// document. A record without a document never contains anything, so it matches
/// $not_contains.
/// </summary>
public sealed class DocumentContains : WhereDocumentClause
{
    internal DocumentContains(FilterOperator op, string text)
    {
        Operator = op;
        Text = text;
    }

    /// <summary>Contains or NotContains.</summary>
    public FilterOperator Operator { get; }

    public string Text { get; }

    public override void WriteTo(Utf8JsonWriter writer) => WriteOperatorObject(writer);

    internal override void WriteOperatorObject(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString(Operator.Token(), Text);
        writer.WriteEndObject();
    }
}
