using Chroma.Core.Model;

namespace Chroma.Core.Filtering.Evaluation;

/// <summary>
/// Turns the AST into a predicate tree, once per request. Negated operators become
/// <see cref="NotPredicate"/> over their positive form, so "absent key matches $ne/$nin/
/// $not_contains" needs no special case. Constants are folded: <c>#id</c> leaves are false
/// (get/query do not filter on ids through where), empty $and is true, empty $or false.
/// </summary>
internal static class FilterCompiler
{
    public static RecordPredicate Compile(WhereClause clause) => clause switch
    {
        WhereLogical logical => Combine(logical.Operator, CompileChildren(logical.Children)),
        WhereComparison comparison => CompileComparison(comparison),
        WhereSetMembership set => CompileSet(set),
        WhereArrayContains contains => CompileArrayContains(contains),
        WhereOnDocument onDocument => Compile(onDocument.Clause),
        _ => throw new InvalidOperationException($"Unknown where node {clause.GetType().Name}."),
    };

    public static RecordPredicate Compile(WhereDocumentClause clause) => clause switch
    {
        DocumentLogical logical => Combine(logical.Operator, CompileChildren(logical.Children)),
        DocumentContains contains => Negate(contains.Operator, new DocumentContainsPredicate(contains.Text)),
        DocumentRegex regex => Negate(regex.Operator, regex.CompiledRegex.HasTimeout
            ? new DocumentRegexWithTimeoutPredicate(regex.Regex, regex.Pattern)
            : new DocumentRegexPredicate(regex.Regex)),
        _ => throw new InvalidOperationException($"Unknown where_document node {clause.GetType().Name}."),
    };

    /// <summary>Both clauses must hold (Chroma ANDs where and where_document).</summary>
    public static RecordPredicate Combine(FilterOperator op, RecordPredicate[] children)
    {
        bool isAnd = op == FilterOperator.And;
        var kept = new List<RecordPredicate>(children.Length);
        foreach (RecordPredicate child in children)
        {
            if (child is ConstantPredicate constant)
            {
                // true in an $and and false in an $or change nothing; the opposite decides.
                if (constant.Value == isAnd) continue;
                return constant;
            }
            // Flatten nested nodes of the same kind: fewer virtual calls per record.
            if (isAnd && child is AndPredicate and) kept.AddRange(and.Children);
            else if (!isAnd && child is OrPredicate or) kept.AddRange(or.Children);
            else kept.Add(child);
        }
        return kept.Count switch
        {
            0 => isAnd ? ConstantPredicate.True : ConstantPredicate.False,
            1 => kept[0],
            _ => isAnd ? new AndPredicate(kept.ToArray()) : new OrPredicate(kept.ToArray()),
        };
    }

    private static RecordPredicate[] CompileChildren(IReadOnlyList<WhereClause> children)
    {
        var compiled = new RecordPredicate[children.Count];
        for (int i = 0; i < compiled.Length; i++) compiled[i] = Compile(children[i]);
        return compiled;
    }

    private static RecordPredicate[] CompileChildren(IReadOnlyList<WhereDocumentClause> children)
    {
        var compiled = new RecordPredicate[children.Count];
        for (int i = 0; i < compiled.Length; i++) compiled[i] = Compile(children[i]);
        return compiled;
    }

    private static RecordPredicate CompileComparison(WhereComparison comparison)
    {
        if (comparison.Key == WhereClause.IdKey) return ConstantPredicate.False;
        MetadataValue value = comparison.Value;
        FilterOperator positive = comparison.Operator.Positive();
        RecordPredicate predicate = value.Kind switch
        {
            MetadataValueKind.String => new StringEqualsPredicate(comparison.Key, value.AsString),
            MetadataValueKind.Bool => new BoolEqualsPredicate(comparison.Key, value.AsBool),
            _ => new NumberComparePredicate(comparison.Key, positive, value),
        };
        return Negate(comparison.Operator, predicate);
    }

    private static RecordPredicate CompileSet(WhereSetMembership set)
    {
        if (set.Key == WhereClause.IdKey) return ConstantPredicate.False;
        ReadOnlySpan<MetadataValue> values = set.ValueSpan;
        RecordPredicate predicate;
        switch (values[0].Kind)
        {
            case MetadataValueKind.String:
                var strings = new HashSet<string>(values.Length, StringComparer.Ordinal);
                foreach (MetadataValue value in values) strings.Add(value.AsString);
                predicate = new StringInPredicate(set.Key, strings);
                break;
            case MetadataValueKind.Bool:
                bool acceptTrue = false, acceptFalse = false;
                foreach (MetadataValue value in values)
                {
                    if (value.AsBool) acceptTrue = true;
                    else acceptFalse = true;
                }
                predicate = new BoolInPredicate(set.Key, acceptTrue, acceptFalse);
                break;
            default:
                var ints = new HashSet<long>();
                var floats = new HashSet<double>();
                foreach (MetadataValue value in values)
                {
                    if (value.Kind == MetadataValueKind.Int) ints.Add(value.AsInt);
                    else floats.Add(value.AsFloat);
                }
                predicate = new NumberInPredicate(set.Key, ints, floats);
                break;
        }
        return Negate(set.Operator, predicate);
    }

    private static RecordPredicate CompileArrayContains(WhereArrayContains contains)
    {
        if (contains.Key == WhereClause.IdKey) return ConstantPredicate.False;
        MetadataValue value = contains.Value;
        RecordPredicate predicate = value.Kind switch
        {
            MetadataValueKind.String => new StringArrayContainsPredicate(contains.Key, value.AsString),
            MetadataValueKind.Bool => new BoolArrayContainsPredicate(contains.Key, value.AsBool),
            _ => new NumberArrayContainsPredicate(contains.Key, value),
        };
        return Negate(contains.Operator, predicate);
    }

    private static RecordPredicate Negate(FilterOperator op, RecordPredicate positive)
    {
        if (!op.IsNegated()) return positive;
        if (positive is ConstantPredicate constant) return constant.Value ? ConstantPredicate.False : ConstantPredicate.True;
        return new NotPredicate(positive);
    }
}
