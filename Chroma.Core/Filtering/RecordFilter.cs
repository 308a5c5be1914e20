using Chroma.Core.Model;

namespace Chroma.Core.Filtering;

/// <summary>
/// A where + where_document pair compiled once per request and evaluated per record
/// without allocation.
/// </summary>
public sealed class RecordFilter
{
    private RecordFilter() { }

    /// <summary>Null when both clauses are null (everything matches).</summary>
    public static RecordFilter? Create(WhereClause? where, WhereDocumentClause? whereDocument) =>
        throw new NotImplementedException("Filtering module");

    public bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata, string? document) =>
        throw new NotImplementedException("Filtering module");
}
