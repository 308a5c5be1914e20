namespace Chroma.Core.Filtering;

/// <summary>Helpers over <see cref="FilterOperator"/> for planners and serialization.</summary>
public static class FilterOperators
{
    /// <summary>The JSON token of the operator, e.g. <c>$not_contains</c>.</summary>
    public static string Token(this FilterOperator op) => op switch
    {
        FilterOperator.Eq => "$eq",
        FilterOperator.Ne => "$ne",
        FilterOperator.Gt => "$gt",
        FilterOperator.Gte => "$gte",
        FilterOperator.Lt => "$lt",
        FilterOperator.Lte => "$lte",
        FilterOperator.In => "$in",
        FilterOperator.Nin => "$nin",
        FilterOperator.Contains => "$contains",
        FilterOperator.NotContains => "$not_contains",
        FilterOperator.Regex => "$regex",
        FilterOperator.NotRegex => "$not_regex",
        FilterOperator.And => "$and",
        FilterOperator.Or => "$or",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    /// <summary>
    /// True for the operators that are the exact complement of a positive one
    /// ($ne, $nin, $not_contains, $not_regex). A negated leaf matches every record its
    /// positive form does not, including records that lack the key or the document.
    /// </summary>
    public static bool IsNegated(this FilterOperator op) =>
        op is FilterOperator.Ne or FilterOperator.Nin or FilterOperator.NotContains or FilterOperator.NotRegex;

    /// <summary>The positive form of a negated operator ($ne → $eq …); others unchanged.</summary>
    public static FilterOperator Positive(this FilterOperator op) => op switch
    {
        FilterOperator.Ne => FilterOperator.Eq,
        FilterOperator.Nin => FilterOperator.In,
        FilterOperator.NotContains => FilterOperator.Contains,
        FilterOperator.NotRegex => FilterOperator.Regex,
        _ => op,
    };
}
