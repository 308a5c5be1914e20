namespace Chroma.Core.Filtering;

/// <summary>
/// Builds where_document clauses in C#; the same tree <see cref="WhereDocumentClause.Parse"/>
/// produces. An invalid regex throws ChromaException (InvalidArgument) with Chroma's message.
/// </summary>
public static class WhereDocument
{
    public static WhereDocumentClause Contains(string text) =>
        new DocumentContains(FilterOperator.Contains, text ?? throw new ArgumentNullException(nameof(text)));

    public static WhereDocumentClause NotContains(string text) =>
        new DocumentContains(FilterOperator.NotContains, text ?? throw new ArgumentNullException(nameof(text)));

    /// <summary>Rust regex syntax, as in Chroma: <c>(?i)</c> for case-insensitive, unanchored search.</summary>
    public static WhereDocumentClause Regex(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return new DocumentRegex(FilterOperator.Regex, pattern, ChromaRegex.Compile(pattern));
    }

    public static WhereDocumentClause NotRegex(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return new DocumentRegex(FilterOperator.NotRegex, pattern, ChromaRegex.Compile(pattern));
    }

    public static WhereDocumentClause And(params WhereDocumentClause[] clauses) => Logical(FilterOperator.And, clauses);

    public static WhereDocumentClause Or(params WhereDocumentClause[] clauses) => Logical(FilterOperator.Or, clauses);

    private static DocumentLogical Logical(FilterOperator op, WhereDocumentClause[] clauses)
    {
        ArgumentNullException.ThrowIfNull(clauses);
        var copy = new WhereDocumentClause[clauses.Length];
        for (int i = 0; i < clauses.Length; i++)
        {
            copy[i] = clauses[i] ?? throw new ArgumentNullException(nameof(clauses), $"{op.Token()} clause {i} is null.");
        }
        return new DocumentLogical(op, copy);
    }
}
