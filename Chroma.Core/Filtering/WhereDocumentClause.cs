using System.Text.Json;

namespace Chroma.Core.Filtering;

/// <summary>
/// A parsed Chroma <c>where_document</c> clause, see API.md §9. Concrete nodes:
/// <see cref="DocumentContains"/>, <see cref="DocumentRegex"/> and <see cref="DocumentLogical"/>.
/// Build one with <see cref="Parse"/> or the <see cref="WhereDocument"/> builder.
/// </summary>
public abstract class WhereDocumentClause
{
    private protected WhereDocumentClause() { }

    /// <summary>Parses and validates; throws ChromaException (InvalidArgument) naming the problem.</summary>
    public static WhereDocumentClause Parse(JsonElement json) => WhereDocumentParser.Parse(json);

    /// <summary>Writes the clause in Chroma's wire format; <see cref="Parse"/> reads it back to an equal tree.</summary>
    public abstract void WriteTo(Utf8JsonWriter writer);

    /// <summary>The clause as compact JSON in Chroma's wire format.</summary>
    public string ToJson() => FilterJson.ToJson(this);

    public override string ToString() => ToJson();

    /// <summary>Writes only the operator object (<c>{"$contains": "x"}</c>), the form nested under <c>#document</c> in a where clause.</summary>
    internal abstract void WriteOperatorObject(Utf8JsonWriter writer);
}
