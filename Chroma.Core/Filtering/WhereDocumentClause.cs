using System.Text.Json;

namespace Chroma.Core.Filtering;

/// <summary>A parsed Chroma <c>where_document</c> clause. See API.md §9.</summary>
public abstract class WhereDocumentClause
{
    /// <summary>Parses and validates; throws ChromaException (InvalidArgument) naming the problem.</summary>
    public static WhereDocumentClause Parse(JsonElement json) => throw new NotImplementedException("Filtering module");
}
