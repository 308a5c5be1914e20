namespace Chroma.Core.Filtering;

/// <summary>
/// Chroma's filter operators, one per JSON token (<c>$eq</c> … <c>$or</c>). Each AST node
/// uses the subset that fits it; <see cref="FilterOperators.Token"/> gives the JSON spelling.
/// </summary>
public enum FilterOperator
{
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
    In,
    Nin,
    Contains,
    NotContains,
    Regex,
    NotRegex,
    And,
    Or,
}
