using System.Text.Json;
using System.Text.RegularExpressions;

namespace Chroma.Core.Filtering;

/// <summary>
/// <c>{"$regex"|"$not_regex": "pattern"}</c> in Rust <c>regex</c> syntax (unanchored
/// search, <c>(?i)</c> etc. supported). The pattern is validated and compiled once when the
/// node is built; a record without a document matches $not_regex and never $regex.
/// </summary>
public sealed class DocumentRegex : WhereDocumentClause
{
    internal DocumentRegex(FilterOperator op, string pattern, ChromaRegex regex)
    {
        Operator = op;
        Pattern = pattern;
        CompiledRegex = regex;
    }

    /// <summary>Regex or NotRegex.</summary>
    public FilterOperator Operator { get; }

    /// <summary>The pattern as the client wrote it (Rust syntax).</summary>
    public string Pattern { get; }

    /// <summary>The .NET regex the pattern was translated to (linear-time where possible).</summary>
    public Regex Regex => CompiledRegex.Regex;

    internal ChromaRegex CompiledRegex { get; }

    public override void WriteTo(Utf8JsonWriter writer) => WriteOperatorObject(writer);

    internal override void WriteOperatorObject(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString(Operator.Token(), Pattern);
        writer.WriteEndObject();
    }
}
