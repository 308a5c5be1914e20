using System.Text.Json;

namespace Chroma.Core.Filtering;

/// <summary>
/// A parsed Chroma <c>where</c> clause (metadata filter; may contain <c>#document</c>
/// operators), see API.md §9. The tree is immutable and public so planners (the inverted
/// metadata index, the trigram index) can walk it: the concrete nodes are
/// <see cref="WhereComparison"/>, <see cref="WhereSetMembership"/>,
/// <see cref="WhereArrayContains"/>, <see cref="WhereLogical"/> and
/// <see cref="WhereOnDocument"/>. Build one with <see cref="Parse"/> or the
/// <see cref="Where"/> builder; evaluate it through <see cref="RecordFilter"/>.
/// </summary>
public abstract class WhereClause
{
    /// <summary>The pseudo-key of the document inside a where clause.</summary>
    public const string DocumentKey = "#document";

    /// <summary>The pseudo-key of the record id: only the search API filters on it; in get/query it matches nothing.</summary>
    public const string IdKey = "#id";

    private protected WhereClause() { }

    /// <summary>Parses and validates a where object; throws ChromaException (InvalidArgument) naming the problem.</summary>
    public static WhereClause Parse(JsonElement json) => WhereParser.Parse(json);

    /// <summary>Writes the clause in Chroma's wire format; <see cref="Parse"/> reads it back to an equal tree.</summary>
    public abstract void WriteTo(Utf8JsonWriter writer);

    /// <summary>The clause as compact JSON in Chroma's wire format.</summary>
    public string ToJson() => FilterJson.ToJson(this);

    public override string ToString() => ToJson();
}
