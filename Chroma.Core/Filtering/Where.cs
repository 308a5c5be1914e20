using Chroma.Core.Model;

namespace Chroma.Core.Filtering;

/// <summary>
/// Builds where clauses in C# for embedded use; the result is the same tree
/// <see cref="WhereClause.Parse"/> produces from JSON.
/// <code>
/// var filter = Where.And(Where.Eq("genre", "jazz"), Where.Gt("year", 2000),
///                        Where.Document(WhereDocument.Contains("saxophone")));
/// </code>
/// Misuse (a string operand for $gt, an empty $in…) throws <see cref="ArgumentException"/>.
/// </summary>
public static class Where
{
    public static WhereClause Eq(string key, MetadataValue value) => Compare(key, FilterOperator.Eq, value);

    public static WhereClause Ne(string key, MetadataValue value) => Compare(key, FilterOperator.Ne, value);

    public static WhereClause Gt(string key, MetadataValue value) => Compare(key, FilterOperator.Gt, value);

    public static WhereClause Gte(string key, MetadataValue value) => Compare(key, FilterOperator.Gte, value);

    public static WhereClause Lt(string key, MetadataValue value) => Compare(key, FilterOperator.Lt, value);

    public static WhereClause Lte(string key, MetadataValue value) => Compare(key, FilterOperator.Lte, value);

    public static WhereClause In(string key, params MetadataValue[] values) => Set(key, FilterOperator.In, values);

    public static WhereClause Nin(string key, params MetadataValue[] values) => Set(key, FilterOperator.Nin, values);

    /// <summary>The array stored under <paramref name="key"/> holds <paramref name="value"/>.</summary>
    public static WhereClause Contains(string key, MetadataValue value) => ArrayContains(key, FilterOperator.Contains, value);

    /// <summary>The key is absent, not an array, or its array lacks <paramref name="value"/>.</summary>
    public static WhereClause NotContains(string key, MetadataValue value) => ArrayContains(key, FilterOperator.NotContains, value);

    public static WhereClause And(params WhereClause[] clauses) => Logical(FilterOperator.And, clauses);

    public static WhereClause Or(params WhereClause[] clauses) => Logical(FilterOperator.Or, clauses);

    /// <summary>A document condition inside a where clause (<c>#document</c>); $and/$or are distributed over it.</summary>
    public static WhereClause Document(WhereDocumentClause clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        if (clause is DocumentLogical logical)
        {
            var children = new WhereClause[logical.Children.Count];
            for (int i = 0; i < children.Length; i++) children[i] = Document(logical.Children[i]);
            return new WhereLogical(logical.Operator, children);
        }
        return new WhereOnDocument(clause);
    }

    private static WhereComparison Compare(string key, FilterOperator op, MetadataValue value)
    {
        CheckKey(key);
        CheckScalar(value, nameof(value));
        if (op is not (FilterOperator.Eq or FilterOperator.Ne) && !value.IsNumber)
        {
            throw new ArgumentException($"{op.Token()} needs an int or float operand, not {value.Kind}.", nameof(value));
        }
        return new WhereComparison(key, op, value);
    }

    private static WhereSetMembership Set(string key, FilterOperator op, MetadataValue[] values)
    {
        CheckKey(key);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0) throw new ArgumentException($"{op.Token()} needs at least one value.", nameof(values));
        var copy = new MetadataValue[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            CheckScalar(values[i], nameof(values));
            if (!WhereParser.SameSetKind(values[0], values[i]))
            {
                throw new ArgumentException($"{op.Token()} values must be of one kind; got {values[0].Kind} and {values[i].Kind}.", nameof(values));
            }
            copy[i] = values[i];
        }
        return new WhereSetMembership(key, op, copy);
    }

    private static WhereArrayContains ArrayContains(string key, FilterOperator op, MetadataValue value)
    {
        CheckKey(key);
        CheckScalar(value, nameof(value));
        return new WhereArrayContains(key, op, value);
    }

    private static WhereLogical Logical(FilterOperator op, WhereClause[] clauses)
    {
        ArgumentNullException.ThrowIfNull(clauses);
        var copy = new WhereClause[clauses.Length];
        for (int i = 0; i < clauses.Length; i++)
        {
            copy[i] = clauses[i] ?? throw new ArgumentNullException(nameof(clauses), $"{op.Token()} clause {i} is null.");
        }
        return new WhereLogical(op, copy);
    }

    private static void CheckKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.StartsWith('$') || key == WhereClause.DocumentKey)
        {
            throw new ArgumentException($"'{key}' is not a metadata key; use Where.And/Or or Where.Document.", nameof(key));
        }
    }

    private static void CheckScalar(MetadataValue value, string parameter)
    {
        if (value.Kind is not (MetadataValueKind.String or MetadataValueKind.Int or MetadataValueKind.Float or MetadataValueKind.Bool))
        {
            throw new ArgumentException($"A filter operand must be a string, int, float or bool, not {value.Kind}.", parameter);
        }
        if (value.Kind == MetadataValueKind.Float && !double.IsFinite(value.AsFloat))
        {
            throw new ArgumentException("A float operand must be finite.", parameter);
        }
    }
}
