using System.Text.Json;

namespace Chroma.Core.Filtering;

/// <summary>
/// A parsed Chroma <c>where</c> clause (metadata filter; may contain <c>#document</c>
/// operators). Owned by the Filtering module; see API.md §9.
/// </summary>
public abstract class WhereClause
{
    /// <summary>Parses and validates a where object; throws ChromaException (InvalidArgument) naming the problem.</summary>
    public static WhereClause Parse(JsonElement json) => throw new NotImplementedException("Filtering module");
}
