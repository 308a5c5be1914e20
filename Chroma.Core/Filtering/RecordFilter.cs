using Chroma.Core.Filtering.Evaluation;
using Chroma.Core.Model;

namespace Chroma.Core.Filtering;

/// <summary>
/// A where + where_document pair compiled once per request and evaluated per record
/// without allocation. Immutable and thread-safe: one instance may serve parallel scans.
/// </summary>
public sealed class RecordFilter
{
    private readonly RecordPredicate _root;

    private RecordFilter(WhereClause? where, WhereDocumentClause? whereDocument, RecordPredicate root)
    {
        Where = where;
        WhereDocument = whereDocument;
        _root = root;
        ReadsDocument = (whereDocument is not null || (where is not null && MentionsDocument(where))) && root is not ConstantPredicate;
    }

    /// <summary>Null when both clauses are null (everything matches).</summary>
    public static RecordFilter? Create(WhereClause? where, WhereDocumentClause? whereDocument)
    {
        if (where is null && whereDocument is null) return null;
        RecordPredicate root;
        if (where is null) root = FilterCompiler.Compile(whereDocument!);
        else if (whereDocument is null) root = FilterCompiler.Compile(where);
        else root = FilterCompiler.Combine(FilterOperator.And, [FilterCompiler.Compile(where), FilterCompiler.Compile(whereDocument)]);
        return new RecordFilter(where, whereDocument, root);
    }

    public WhereClause? Where { get; }

    public WhereDocumentClause? WhereDocument { get; }

    /// <summary>True when evaluation looks at the document, so a scan must load it.</summary>
    public bool ReadsDocument { get; }

    /// <summary>True when the filter matches every record (e.g. <c>{"$and": []}</c>): a scan may skip it.</summary>
    public bool MatchesEverything => _root is ConstantPredicate { Value: true };

    /// <summary>True when the filter matches no record (e.g. an <c>#id</c> condition): a scan may return nothing at once.</summary>
    public bool MatchesNothing => _root is ConstantPredicate { Value: false };

    /// <summary>Evaluates the filter on one record. A null metadata map has no keys; a null document contains nothing.</summary>
    public bool Matches(IReadOnlyDictionary<string, MetadataValue>? metadata, DocumentText document) =>
        _root.Matches(metadata, document);

    private static bool MentionsDocument(WhereClause clause)
    {
        switch (clause)
        {
            case WhereOnDocument:
                return true;
            case WhereLogical logical:
                foreach (WhereClause child in logical.Children)
                {
                    if (MentionsDocument(child)) return true;
                }
                return false;
            default:
                return false;
        }
    }
}
