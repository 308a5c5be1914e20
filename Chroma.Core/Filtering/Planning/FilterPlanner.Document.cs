using Chroma.Core.Filtering.Evaluation;
using Chroma.Core.Index.FullText;
using Chroma.Core.Index.Metadata;

namespace Chroma.Core.Filtering.Planning;

// where_document clauses (and #document inside where): the trigram index narrows, the
// predicate verifies.
public sealed partial class FilterPlanner
{
    private void Evaluate(WhereDocumentClause clause, ReadOnlySpan<ulong> domain, Span<ulong> result)
    {
        switch (clause)
        {
            case DocumentLogical logical:
                var steps = new Step[logical.Children.Count];
                for (int i = 0; i < steps.Length; i++) steps[i] = Step.Of(logical.Children[i]);
                if (logical.Operator == FilterOperator.And) EvaluateAnd(steps, domain, result);
                else EvaluateOr(steps, domain, result);
                return;
            case DocumentContains contains when contains.Text.Length >= TrigramIndex.MinNeedleLength:
                EvaluateContains(contains, domain, result);
                return;
            case DocumentRegex regex:
                EvaluateRegex(regex, domain, result);
                return;
            default:
                // Needles shorter than a trigram: the index cannot narrow them.
                Scan(FilterCompiler.Compile(clause), domain, result);
                return;
        }
    }

    private void EvaluateContains(DocumentContains contains, ReadOnlySpan<ulong> domain, Span<ulong> result)
    {
        TrigramIndex fullText = _indexes.FullText;
        string needle = contains.Text;
        bool exact = needle.Length == TrigramIndex.MinNeedleLength;
        if (PreferScanOverTrigrams(needle.Length - 2, fullText.EstimateCandidates(needle), exact, domain))
        {
            Scan(FilterCompiler.Compile(contains), domain, result);
            return;
        }

        domain.CopyTo(result);
        if (!fullText.IntersectCandidates(needle, result)) Verify(new DocumentContainsPredicate(needle), result);
        ComplementIfNegated(contains.Operator, domain, result);
    }

    private void EvaluateRegex(DocumentRegex regex, ReadOnlySpan<ulong> domain, Span<ulong> result)
    {
        var literals = new List<string>();
        if (!RegexLiterals.TryExtract(regex.Pattern, literals, out bool isWholeLiteral) || literals.Count == 0)
        {
            Scan(FilterCompiler.Compile(regex), domain, result);
            return;
        }

        TrigramIndex fullText = _indexes.FullText;
        bool exact = isWholeLiteral && literals[0].Length == TrigramIndex.MinNeedleLength;
        int trigrams = 0;
        foreach (string literal in literals) trigrams += literal.Length - 2;
        if (PreferScanOverTrigrams(trigrams, LiteralEstimate(fullText, literals), exact, domain))
        {
            Scan(FilterCompiler.Compile(regex), domain, result);
            return;
        }

        domain.CopyTo(result);
        foreach (string literal in literals) fullText.IntersectCandidates(literal, result);
        if (!exact)
        {
            // A pattern that is one literal matches exactly the documents containing it, and an
            // ordinal search is cheaper than the regex; any other pattern is checked by itself.
            RecordPredicate verify = isWholeLiteral
                ? new DocumentContainsPredicate(literals[0])
                : FilterCompiler.Compile(new DocumentRegex(FilterOperator.Regex, regex.Pattern, regex.CompiledRegex));
            Verify(verify, result);
        }
        ComplementIfNegated(regex.Operator, domain, result);
    }

    /// <summary>About how many labels the clause matches; scans sort last.</summary>
    private long Estimate(WhereDocumentClause clause)
    {
        long scan = (_indexes.LiveCount * 2L) + 1;
        switch (clause)
        {
            case DocumentLogical logical:
                bool isAnd = logical.Operator == FilterOperator.And;
                long combined = isAnd ? _indexes.LiveCount : 0;
                foreach (WhereDocumentClause child in logical.Children)
                {
                    long estimate = Estimate(child);
                    combined = isAnd ? Math.Min(combined, estimate) : combined + estimate;
                }
                return combined;
            case DocumentContains contains:
                if (contains.Text.Length < TrigramIndex.MinNeedleLength) return scan;
                return Complemented(contains.Operator, _indexes.FullText.EstimateCandidates(contains.Text));
            case DocumentRegex regex:
                var literals = new List<string>();
                if (!RegexLiterals.TryExtract(regex.Pattern, literals, out _) || literals.Count == 0) return scan;
                return Complemented(regex.Operator, LiteralEstimate(_indexes.FullText, literals));
            default:
                return scan;
        }
    }

    /// <summary>
    /// The trigram path costs one pass over the domain's words per trigram, then a check of the
    /// candidates left in the domain (about domain × estimate / live of them); the scan checks
    /// every label of the domain. The index wins unless the domain is already tiny.
    /// </summary>
    private bool PreferScanOverTrigrams(int trigrams, long estimate, bool exact, ReadOnlySpan<ulong> domain)
    {
        long scanCost = (long)LabelBitset.PopCount(domain) * PredicateCostFactor;
        long verifyCost = exact ? 0 : scanCost * estimate / Math.Max(1, _indexes.LiveCount);
        return (long)trigrams * _words + verifyCost > scanCost;
    }

    private static long LiteralEstimate(TrigramIndex fullText, List<string> literals)
    {
        long estimate = long.MaxValue;
        foreach (string literal in literals) estimate = Math.Min(estimate, fullText.EstimateCandidates(literal));
        return estimate;
    }
}
