using Chroma.Core.Filtering.Evaluation;
using Chroma.Core.Index.Metadata;
using Chroma.Core.Model;

namespace Chroma.Core.Filtering.Planning;

// Where clauses: logical nodes and metadata leaves.
public sealed partial class FilterPlanner
{
    private void Evaluate(WhereClause clause, ReadOnlySpan<ulong> domain, Span<ulong> result)
    {
        switch (clause)
        {
            case WhereLogical logical:
                var steps = new Step[logical.Children.Count];
                for (int i = 0; i < steps.Length; i++) steps[i] = Step.Of(logical.Children[i]);
                if (logical.Operator == FilterOperator.And) EvaluateAnd(steps, domain, result);
                else EvaluateOr(steps, domain, result);
                return;
            case WhereComparison comparison:
                EvaluateComparison(comparison, domain, result);
                return;
            case WhereSetMembership set:
                EvaluateSet(set, domain, result);
                return;
            case WhereArrayContains contains:
                EvaluateArrayContains(contains, domain, result);
                return;
            case WhereOnDocument onDocument:
                Evaluate(onDocument.Clause, domain, result);
                return;
            default:
                Scan(FilterCompiler.Compile(clause), domain, result);
                return;
        }
    }

    private void EvaluateComparison(WhereComparison comparison, ReadOnlySpan<ulong> domain, Span<ulong> result)
    {
        // #id conditions match nothing in get/query, negated or not (as the record filter compiles them).
        if (comparison.Key == WhereClause.IdKey)
        {
            result.Clear();
            return;
        }

        FilterOperator positive = comparison.Operator.Positive();
        MetadataValue value = comparison.Value;
        if (!_indexes.Metadata.TryGetKey(comparison.Key, out MetadataKeyIndex key))
        {
            result.Clear();
            ComplementIfNegated(comparison.Operator, domain, result);
            return;
        }

        if (positive == FilterOperator.Eq && value.Kind == MetadataValueKind.String)
        {
            ApplyPostings(comparison.Operator, key.GetString(value.AsString), domain, result);
        }
        else if (positive == FilterOperator.Eq && value.Kind == MetadataValueKind.Bool)
        {
            ApplyPostings(comparison.Operator, key.GetBool(value.AsBool), domain, result);
        }
        else if (value.IsNumber && positive is FilterOperator.Eq or FilterOperator.Gt or FilterOperator.Gte or FilterOperator.Lt or FilterOperator.Lte)
        {
            NumericColumn? column = key.Numbers;
            NumericSelection selection = column?.Select(positive, value) ?? default;
            if (PreferScan(selection.Count, domain))
            {
                Scan(FilterCompiler.Compile(comparison), domain, result);
                return;
            }
            result.Clear();
            column?.WriteInto(selection, result);
            LabelBitset.And(result, domain);
            ComplementIfNegated(comparison.Operator, domain, result);
        }
        else
        {
            Scan(FilterCompiler.Compile(comparison), domain, result);
        }
    }

    private void EvaluateSet(WhereSetMembership set, ReadOnlySpan<ulong> domain, Span<ulong> result)
    {
        if (set.Key == WhereClause.IdKey)
        {
            result.Clear();
            return;
        }

        result.Clear();
        if (_indexes.Metadata.TryGetKey(set.Key, out MetadataKeyIndex key))
        {
            ReadOnlySpan<MetadataValue> values = set.ValueSpan;
            MetadataValueKind kind = values[0].Kind;
            if (kind is MetadataValueKind.String or MetadataValueKind.Bool)
            {
                foreach (MetadataValue value in values)
                {
                    if (value.Kind != kind)
                    {
                        Scan(FilterCompiler.Compile(set), domain, result);
                        return;
                    }
                    PostingList? postings = kind == MetadataValueKind.String ? key.GetString(value.AsString) : key.GetBool(value.AsBool);
                    postings?.OrInto(result);
                }
            }
            else
            {
                NumericColumn? column = key.Numbers;
                long cost = 0;
                foreach (MetadataValue value in values)
                {
                    if (!value.IsNumber)
                    {
                        Scan(FilterCompiler.Compile(set), domain, result);
                        return;
                    }
                    if (column is not null) cost += column.Select(FilterOperator.Eq, value).Count;
                }
                if (PreferScan(cost, domain))
                {
                    Scan(FilterCompiler.Compile(set), domain, result);
                    return;
                }
                if (column is not null)
                {
                    foreach (MetadataValue value in values) column.OrInto(column.Select(FilterOperator.Eq, value), result);
                }
            }
            LabelBitset.And(result, domain);
        }
        ComplementIfNegated(set.Operator, domain, result);
    }

    private void EvaluateArrayContains(WhereArrayContains contains, ReadOnlySpan<ulong> domain, Span<ulong> result)
    {
        if (contains.Key == WhereClause.IdKey)
        {
            result.Clear();
            return;
        }

        result.Clear();
        MetadataValue value = contains.Value;
        if (_indexes.Metadata.TryGetKey(contains.Key, out MetadataKeyIndex key))
        {
            switch (value.Kind)
            {
                case MetadataValueKind.String:
                    key.GetStringElement(value.AsString)?.OrInto(result);
                    break;
                case MetadataValueKind.Bool:
                    key.GetBoolElement(value.AsBool)?.OrInto(result);
                    break;
                case MetadataValueKind.Int or MetadataValueKind.Float:
                    NumericColumn? column = key.NumberElements;
                    column?.OrInto(column.Select(FilterOperator.Eq, value), result);
                    break;
                default:
                    Scan(FilterCompiler.Compile(contains), domain, result);
                    return;
            }
            LabelBitset.And(result, domain);
        }
        ComplementIfNegated(contains.Operator, domain, result);
    }

    /// <summary>result = domain ∩ postings (then complemented for a negated operator).</summary>
    private static void ApplyPostings(FilterOperator op, PostingList? postings, ReadOnlySpan<ulong> domain, Span<ulong> result)
    {
        if (postings is null)
        {
            result.Clear();
        }
        else
        {
            domain.CopyTo(result);
            postings.AndInto(result);
        }
        ComplementIfNegated(op, domain, result);
    }

    /// <summary>About how many labels the clause matches: orders the children of an $and.</summary>
    private long Estimate(WhereClause clause)
    {
        switch (clause)
        {
            case WhereLogical logical:
                bool isAnd = logical.Operator == FilterOperator.And;
                long combined = isAnd ? _indexes.LiveCount : 0;
                foreach (WhereClause child in logical.Children)
                {
                    long estimate = Estimate(child);
                    combined = isAnd ? Math.Min(combined, estimate) : combined + estimate;
                }
                return combined;
            case WhereComparison comparison:
                return Complemented(comparison.Operator, PositiveEstimate(comparison.Key, comparison.Operator.Positive(), comparison.Value, elements: false));
            case WhereSetMembership set:
                long sum = 0;
                foreach (MetadataValue value in set.ValueSpan) sum += PositiveEstimate(set.Key, FilterOperator.Eq, value, elements: false);
                return Complemented(set.Operator, sum);
            case WhereArrayContains contains:
                return Complemented(contains.Operator, PositiveEstimate(contains.Key, FilterOperator.Eq, contains.Value, elements: true));
            case WhereOnDocument onDocument:
                return Estimate(onDocument.Clause);
            default:
                return _indexes.LiveCount;
        }
    }

    private long Complemented(FilterOperator op, long positive) =>
        op.IsNegated() ? Math.Max(0, _indexes.LiveCount - positive) : positive;

    private long PositiveEstimate(string key, FilterOperator positive, MetadataValue value, bool elements)
    {
        if (key == WhereClause.IdKey || !_indexes.Metadata.TryGetKey(key, out MetadataKeyIndex index)) return 0;
        switch (value.Kind)
        {
            case MetadataValueKind.String:
                return (elements ? index.GetStringElement(value.AsString) : index.GetString(value.AsString))?.Count ?? 0;
            case MetadataValueKind.Bool:
                return (elements ? index.GetBoolElement(value.AsBool) : index.GetBool(value.AsBool))?.Count ?? 0;
            case MetadataValueKind.Int or MetadataValueKind.Float when positive is FilterOperator.Eq or FilterOperator.Gt or FilterOperator.Gte or FilterOperator.Lt or FilterOperator.Lte:
                NumericColumn? column = elements ? index.NumberElements : index.Numbers;
                return column?.Select(positive, value).Count ?? 0;
            default:
                return _indexes.LiveCount;
        }
    }
}
